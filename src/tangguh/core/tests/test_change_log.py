"""The change-log page and a record's history tab."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tangguh.accounts import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes(province_manager, kupang_agency, kota_agency):
    services.update_agency(kupang_agency, actor=province_manager, name="Kupang Satu")
    services.update_agency(kota_agency, actor=province_manager, name="Kota Satu")
    return kupang_agency, kota_agency


def test_the_change_log_filters_by_region_user_and_model(web, province_manager, changes) -> None:
    client = web(province_manager)
    html = client.get(
        reverse("change-log"),
        {"region": "53.71", "model": "accounts.agency", "user": "prov.manager"},
    ).content.decode()
    assert "Kota Satu" in html
    assert "Kupang Satu" not in html


def test_a_long_change_log_is_counted_up_to_a_cap_and_says_so(
    web, province_manager, changes, monkeypatch
) -> None:
    from tangguh.core import views

    client = web(province_manager)
    shown = client.get(reverse("change-log")).content.decode()
    assert " changes</p>" in shown
    assert "More than" not in shown
    monkeypatch.setattr(views, "CHANGE_LOG_CAP", 1)
    capped = client.get(reverse("change-log")).content.decode()
    assert "More than 1 changes: narrow them with the filters." in capped
    assert "Kota Satu" in capped or "Kupang Satu" in capped  # the newest page still shows


def test_the_change_log_filters_by_date(web, province_manager, changes) -> None:
    html = (
        web(province_manager).get(reverse("change-log"), {"since": "2999-01-01"}).content.decode()
    )
    assert "Kota Satu" not in html


def test_the_change_log_shows_only_the_member_s_regions(web, kupang_editor, changes) -> None:
    html = (
        web(kupang_editor).get(reverse("change-log"), {"model": "accounts.agency"}).content.decode()
    )
    assert "Kupang Satu" in html
    assert "Kota Satu" not in html


def test_a_record_history_lists_its_changes(web, kupang_editor, changes) -> None:
    agency = changes[0]
    response = web(kupang_editor).get(
        reverse("history", args=["accounts.agency", agency.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Kupang Satu" in html
    assert "<html" not in html


def test_another_region_s_history_is_refused(web, kupang_editor, changes) -> None:
    agency = changes[1]
    response = web(kupang_editor).get(reverse("history", args=["accounts.agency", agency.pk]))
    assert response.status_code == 403


def test_an_unknown_record_type_is_404(web, kupang_editor) -> None:
    assert web(kupang_editor).get(reverse("history", args=["nope.nothing", "1"])).status_code == 404


def test_the_change_log_api_filters_and_pages(api, province_manager, changes) -> None:
    body = (
        api(province_manager)
        .get("/api/v1/changes/", {"region": "53.71", "model": "accounts.agency", "year": 2026})
        .json()
    )
    assert body["count"] >= 1
    row = body["results"][0]
    assert {"at", "user", "action", "model", "object_id", "changes", "region_code"} <= set(row)
    assert row["region_code"].startswith("53.71")


@pytest.fixture
def membership_change(kupang_editor):
    """A role change and a user's changes as the change log stores them (internal names, UTC)."""
    from tangguh.core.models import ChangeRecord

    ChangeRecord.objects.create(
        actor_name="system",
        action="update",
        model="accounts.membership",
        object_id="9001",
        object_repr="someone · 53.01",
        region_code="53.01",
        changes={"role": ["viewer", "editor"]},
        source="cli",
    )
    ChangeRecord.objects.create(
        actor_name="system",
        action="update",
        model="accounts.user",
        object_id="9002",
        object_repr="someone",
        region_code="53.01",
        changes={
            "date_joined": ["2026-01-05T03:00:00+00:00", "2026-01-05T16:30:00+00:00"],
            "is_active": [True, False],
        },
        source="cli",
    )


@pytest.fixture
def kupang_manager(make_user):
    """A manager of Kabupaten Kupang (53.01): who may read its membership changes."""
    return make_user("kupang.manager", {"53.01": "manager"})


def test_the_change_log_names_fields_and_choices_for_people(
    web, kupang_manager, membership_change
) -> None:
    html = web(kupang_manager).get(reverse("change-log")).content.decode()
    assert "Date joined" in html
    assert "date_joined" not in html
    assert "<del>Viewer</del> → <ins>Editor</ins>" in html
    assert "<del>yes</del> → <ins>no</ins>" in html
    assert "command line" in html


def test_the_change_log_speaks_indonesian_to_indonesian_users(kupang_manager, membership_change):
    from django.test import Client

    browser = Client()
    browser.force_login(kupang_manager)
    html = browser.get(reverse("change-log")).content.decode()
    assert "<dt>Peran</dt><dd><del>Pembaca</del> → <ins>Penyunting</ins></dd>" in html
    assert "viewer" not in html


def test_times_in_changes_are_shown_in_wita_like_the_rows(
    web, kupang_editor, membership_change
) -> None:
    for url in (reverse("change-log"), reverse("history", args=["accounts.user", "9002"])):
        html = web(kupang_editor).get(url).content.decode()
        assert "(WITA)" in html
        assert "<del>2026-01-05 11:00</del> → <ins>2026-01-06 00:30</ins>" in html
        assert "+00:00" not in html


def test_a_bulk_load_reads_as_its_file_and_counts() -> None:
    from tangguh.core.changes import readable_changes

    shown = readable_changes(
        "regions.region", {"file": [None, "ntb.csv"], "sha256": [None, "ab"], "created": [None, 3]}
    )
    assert [(f.label, f.before, f.after) for f in shown] == [
        ("File", None, "ntb.csv"),
        ("SHA-256", None, "ab"),
        ("Created", None, "3"),
    ]


def test_a_nul_character_in_a_record_id_is_404(web, kupang_editor) -> None:
    assert web(kupang_editor).get("/changes/regions.region/a%00/").status_code == 404


def test_a_changed_reference_reads_as_its_name_and_a_region_s_record_as_its_type_and_id(
    web, kupang_manager, kupang_editor
) -> None:
    from tangguh.core.models import ChangeRecord

    ChangeRecord.objects.create(
        actor_name="system",
        action="update",
        model="accounts.membership",
        object_id="9003",
        object_repr="kupang.editor · 53.01",
        region_code="53.01",
        changes={"region": ["53.71", "53.01"], "user": [None, kupang_editor.pk]},
        source="cli",
    )
    ChangeRecord.objects.create(
        actor_name="system",
        action="update",
        model="disasters.event",
        object_id="9004",
        object_repr="Banjir",
        region_code="53.01",
        changes={"possible_duplicate_of": [None, 77], "region": [None, "53.99.99"]},
        source="cli",
    )
    for url in (reverse("change-log"), reverse("history", args=["accounts.membership", "9003"])):
        html = web(kupang_manager).get(url).content.decode()
        assert "<del>53.71 Kota Kupang</del> → <ins>53.01 Kabupaten Kupang</ins>" in html
        assert "<ins>kupang.editor</ins>" in html
    html = web(kupang_manager).get(reverse("change-log")).content.decode()
    assert "<ins>Disaster event #77</ins>" in html  # another record of a region: type and id
    assert "<ins>53.99.99</ins>" in html  # a code that names no region is shown as it is


def test_the_names_of_references_cost_one_query_per_kind_of_record(
    django_assert_max_num_queries, kupang_manager
) -> None:
    from tangguh.core.changes import label_references
    from tangguh.core.models import ChangeRecord

    records = [
        ChangeRecord(model="accounts.membership", changes={"region": ["53.01", f"53.{n:02d}"]})
        for n in range(1, 23)
    ]
    with django_assert_max_num_queries(1):
        label_references(records)
    names = records[0].references  # type: ignore[attr-defined]
    assert names[("regions.region", "53.02")].startswith("53.02 ")


OLD_TEMPLATE = (
    "{% load i18n change_log %}{% with fields=change|readable %}{% if fields %}<details><summary>"
    "{% blocktranslate count n=fields|length %}{{ n }} field{% plural %}{{ n }} fields"
    '{% endblocktranslate %}</summary>\n<dl class="diff">{% for field in fields %}<dt>'
    '{{ field.label }}</dt><dd><del>{{ field.before|default_if_none:"∅" }}</del> → <ins>'
    '{{ field.after|default_if_none:"∅" }}</ins></dd>{% endfor %}</dl></details>{% endif %}'
    "{% endwith %}"
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_changed_fields_are_written_as_the_template_wrote_them(language: str) -> None:
    from types import SimpleNamespace

    from django.template import engines
    from django.utils import translation

    from tangguh.core.templatetags.change_log import changed_fields

    old = engines["django"].from_string(OLD_TEMPLATE)
    records = [
        SimpleNamespace(model="regions.region", changes={}, references={}),
        SimpleNamespace(
            model="regions.region",
            changes={"name": ["<b>Old</b> & co", '<script>alert("x")</script>'], "level": 4},
            references={},
        ),
        SimpleNamespace(model="gone.model", changes={"weird_field": [None, "x"]}, references={}),
    ]
    with translation.override(language):
        for record in records:
            assert changed_fields(record) == old.render({"change": record})
    assert "<script>" not in changed_fields(records[1])


OLD_ROWS = """{% load i18n change_log %}{% for c in changes %}
<tr>
  <td><time datetime="{{ c.at|date:'c' }}">{{ c.at|date:"Y-m-d H:i" }}</time></td>
  <td>{{ c.actor_name|default:"-" }} <small class="muted">{{ c.source|channel }}</small></td>
  <td><span class="badge {{ c.action }}">{{ c.get_action_display }}</span></td>
  <td><small class="muted">{{ c.model_verbose_name }}</small><br>{{ c.object_repr }}</td>
  <td class="code">{{ c.region_code|default:"-" }}</td>
  <td>{% changed_fields c %}</td>
</tr>
{% empty %}<tr><td colspan="6" class="muted">{% translate "No changes match." %}</td></tr>{% endfor %}
"""  # noqa: E501


@pytest.mark.parametrize("language", ["id", "en"])
def test_change_rows_are_written_as_the_template_wrote_them(
    language: str, changes, settings
) -> None:
    from django.template import engines
    from django.utils import timezone, translation

    from tangguh.core.models import ChangeRecord
    from tangguh.core.templatetags.change_log import change_rows

    ChangeRecord.objects.create(
        model="gone.model",
        object_id="1",
        object_repr='<script>alert("x")</script>',
        action="delete",
        source="<i>api</i>",
        actor_name="",
        region_code="",
        changes={"weird": [None, "&"]},
    )
    old = engines["django"].from_string(OLD_ROWS)
    records = list(ChangeRecord.objects.order_by("pk"))
    assert len(records) >= 3
    for zone in ("Asia/Makassar", "UTC"):
        settings.TIME_ZONE = zone
        with translation.override(language), timezone.override(zone):
            expected = old.render({"changes": records}).removesuffix("\n")
            assert change_rows(records) == expected
            assert change_rows([]) == old.render({"changes": []}).removesuffix("\n")
    assert "<script>" not in change_rows(records)
