"""Nomenclature pages: editions, the tree per government, search, an item's page, an agency's
bidang; scope, bad input and escaping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tangguh.accounts.models import Agency
from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.nav import navigation
from tangguh.nomenclature.models import Edition, Item, Level
from tangguh.nomenclature.views import register_navigation

pytestmark = pytest.mark.django_db

SPAM = "1.03.03.2.01.0022"  # Pembangunan SPAM Bukan Jaringan Perpipaan
TRANTIB = "1.05.02.2.01.0003"  # has an operational definition


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def item_url(code: str, level: str = Level.SUB_KEGIATAN, government: str = "kabkota") -> str:
    return reverse("nomenclature:item", args=["2027", government, level, code])


def test_the_editions_page_counts_each_government_s_sub_activities_and_says_provisional(
    web, kupang_editor
):
    page = html(web(kupang_editor).get(reverse("nomenclature:editions")))
    edition = Edition.objects.get(name="2027")
    for government in ("kabkota", "provinsi"):
        count = Item.objects.offered(government).sub_activities().filter(edition=edition).count()
        assert f'?government={government}">{count:,}<' in page
    assert "not yet enacted by Kepmendagri" in page
    assert 'data-testid="provisional-badge"' in page


def test_an_enacted_edition_has_no_provisional_banner(web, kupang_editor):
    Edition.objects.create(name="2026", title="Kepmendagri 900.1-2026", budget_year=2026)
    page = html(web(kupang_editor).get(reverse("nomenclature:edition", args=["2026"])))
    assert 'data-testid="provisional"' not in page
    assert "This edition has no items for this government." in page


def test_the_tree_starts_at_the_affairs_groups_of_regencies(web, kupang_editor):
    page = html(web(kupang_editor).get(reverse("nomenclature:edition", args=["2027"])))
    assert 'data-testid="provisional"' in page
    assert 'data-code="1"' in page
    assert 'data-code="X"' in page
    assert "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR" in page
    assert reverse("nomenclature:children", args=["2027", "kabkota", "urusan", "1"]) in page


def test_the_government_switch_opens_the_province_s_list(web, kupang_editor):
    client = web(kupang_editor)
    url = reverse("nomenclature:edition", args=["2027"])
    page = html(client.get(url, {"government": "provinsi"}))
    assert reverse("nomenclature:children", args=["2027", "provinsi", "urusan", "1"]) in page
    # An unknown government falls back to the regencies' list.
    page = html(client.get(url, {"government": "<b>x</b>"}))
    assert reverse("nomenclature:children", args=["2027", "kabkota", "urusan", "1"]) in page
    assert "<b>x</b>" not in page


def test_items_reserved_for_special_regions_are_hidden_until_asked_for(web, kupang_editor):
    client = web(kupang_editor)
    url = reverse("nomenclature:children", args=["2027", "kabkota", "program", "1.05.02"])
    page = html(client.get(url))
    assert 'data-code="1.05.02.2.01"' in page
    assert "1.05.02.7.04" not in page
    assert "1.05.02.3.05" not in page
    page = html(client.get(url, {"all": "1"}))
    assert 'data-code="1.05.02.7.04"' in page
    assert "special regions only" in page


def test_the_children_of_an_activity_are_its_sub_activities(web, kupang_editor):
    url = reverse("nomenclature:children", args=["2027", "kabkota", "kegiatan", "1.03.03.2.01"])
    page = html(web(kupang_editor).get(url))
    assert item_url(SPAM) in page
    assert "<details" not in page  # sub-activities are leaves


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("1.03.03", ["1.03.03.2.01", SPAM], ["1.03.02"]),
        ("1.03.03.2.01.0022", [SPAM], ["1.03.03.2.01.0024"]),
        ("air minum bukan perpipaan", [SPAM], ["1.03.03.2.01.0028"]),
        ("AIR MINUM", ["1.03.03.2.01.0028"], []),
    ],
)
def test_search_finds_items_by_code_prefix_or_every_word(
    web, kupang_editor, query, present, absent
):
    url = reverse("nomenclature:search", args=["2027"])
    page = html(web(kupang_editor).get(url, {"q": query}))
    for code in present:
        assert f'<span class="code">{code}</span>' in page, code
    for code in absent:
        assert f'<span class="code">{code}</span>' not in page, code


def test_search_is_limited_to_the_government_and_the_offered_items(web, kupang_editor):
    url = reverse("nomenclature:search", args=["2027"])
    client = web(kupang_editor)
    page = html(client.get(url, {"q": "1.01.02.3.01"}))
    assert "Nothing in this list matches" in page
    page = html(client.get(url, {"q": "1.01.02.3.01", "all": "1"}))
    assert "special regions only" in page
    page = html(client.get(url, {"q": "Sekolah Menengah Atas", "government": "provinsi"}))
    assert (
        reverse("nomenclature:item", args=["2027", "provinsi", "kegiatan", "1.01.02.1.01"]) in page
    )


def test_the_edition_page_searches_without_javascript(web, kupang_editor):
    url = reverse("nomenclature:edition", args=["2027"])
    page = html(web(kupang_editor).get(url, {"q": "SPAM bukan jaringan"}))
    assert item_url(SPAM) in page


def test_search_escapes_what_was_typed(web, kupang_editor):
    url = reverse("nomenclature:search", args=["2027"])
    page = html(web(kupang_editor).get(url, {"q": "<script>alert(1)</script>"}))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_empty_search_shows_nothing(web, kupang_editor):
    page = html(web(kupang_editor).get(reverse("nomenclature:search", args=["2027"]), {"q": " "}))
    assert page.strip() == ""


def test_a_sub_activity_page_shows_its_standard_output_parents_and_agencies(
    web, kupang_editor, kupang_agency, kota_agency
):
    works: Agency = AgencyFactory(
        region_id="53.01", name="Dinas PUPR Kabupaten Kupang", bidang_codes=["1.03"]
    )
    page = html(web(kupang_editor).get(item_url(SPAM)))
    assert (
        "Jumlah Sistem Penyediaan Air Minum (SPAM) Bukan Jaringan Perpipaan yang Dibangun" in page
    )
    assert '<dd data-testid="unit">Unit</dd>' in page
    assert item_url("1.03.03.2.01", Level.KEGIATAN) in page
    assert item_url("1.03.03", Level.PROGRAM) in page
    assert item_url("1", Level.URUSAN) in page
    assert works.name in page
    assert kupang_agency.name not in page  # holds 1.05 only
    assert kota_agency.name not in page  # outside the user's regions


def test_the_operational_definition_is_collapsible(web, kupang_editor):
    page = html(web(kupang_editor).get(item_url(TRANTIB)))
    assert '<details class="definition" data-testid="definition">' in page
    assert "Satpol PP" in page


def test_an_item_names_the_agencies_of_the_user_s_regencies_that_hold_its_bidang(
    web, province_manager, kupang_agency, kota_agency
):
    page = html(web(province_manager).get(item_url(TRANTIB)))
    assert kupang_agency.name in page
    assert kota_agency.name in page


def test_an_activity_page_lists_its_sub_activities(web, kupang_editor):
    page = html(web(kupang_editor).get(item_url("1.03.03.2.01", Level.KEGIATAN)))
    assert item_url(SPAM) in page
    assert 'data-testid="children"' in page


def test_an_item_shows_its_counterpart_in_a_later_edition(web, kupang_editor):
    spam = Item.objects.get(edition__name="2027", government="kabkota", code=SPAM)
    later = Edition.objects.create(name="2028", title="Pemutakhiran 2028", budget_year=2028)
    parent = Item.objects.create(
        edition=later,
        government="kabkota",
        level=Level.KEGIATAN,
        code="1.03.03.2.01",
        name=spam.parent.name,
    )
    Item.objects.create(
        edition=later,
        government="kabkota",
        level=Level.SUB_KEGIATAN,
        code="1.03.03.2.01.0099",
        name=spam.name,
        parent=parent,
    )
    page = html(web(kupang_editor).get(item_url(SPAM)))
    assert (
        reverse("nomenclature:item", args=["2028", "kabkota", "sub_kegiatan", "1.03.03.2.01.0099"])
        in page
    )
    assert "renumbered" in page
    page = html(web(kupang_editor).get(item_url(TRANTIB)))
    assert "not in this edition" in page


@pytest.mark.parametrize(
    "args",
    [
        ["1999", "kabkota", "sub_kegiatan", SPAM],
        ["2027", "kota", "sub_kegiatan", SPAM],
        ["2027", "kabkota", "subkegiatan", SPAM],
        ["2027", "kabkota", "sub_kegiatan", "9.99.99.2.01.0001"],
        ["2027", "kabkota", "kegiatan", SPAM],
    ],
)
def test_an_unknown_item_is_not_found(web, kupang_editor, args):
    client = web(kupang_editor)
    assert client.get(reverse("nomenclature:item", args=args)).status_code == 404
    assert client.get(reverse("nomenclature:children", args=args)).status_code == 404


def test_an_unknown_edition_is_not_found(web, kupang_editor):
    client = web(kupang_editor)
    assert client.get(reverse("nomenclature:edition", args=["1999"])).status_code == 404
    assert (
        client.get(reverse("nomenclature:search", args=["1999"]), {"q": "air"}).status_code == 404
    )


def test_the_pages_need_a_signed_in_user(client):
    for url in (
        reverse("nomenclature:editions"),
        reverse("nomenclature:edition", args=["2027"]),
        reverse("nomenclature:search", args=["2027"]),
        item_url(SPAM),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url


def test_a_village_officer_reads_the_nomenclature(web, village_officer):
    client = web(village_officer)
    assert client.get(reverse("nomenclature:editions")).status_code == 200
    assert client.get(item_url(SPAM)).status_code == 200


# An agency's bidang


def test_an_agency_s_bidang_are_named_with_the_sub_activities_they_imply(web, kupang_editor):
    agency: Agency = AgencyFactory(region_id="53.01", bidang_codes=["1.05", "1.03"])
    url = reverse("nomenclature:agency-bidang", args=[agency.pk])
    page = html(web(kupang_editor).get(url, headers={"HX-Request": "true"}))
    assert "<html" not in page
    assert "URUSAN PEMERINTAHAN BIDANG KETENTERAMAN DAN KETERTIBAN UMUM" in page
    count = Item.objects.offered("kabkota").sub_activities().filter(bidang="1.05").count()
    assert f"{count} sub-activities" in page
    assert reverse("nomenclature:children", args=["2027", "kabkota", "bidang", "1.03"]) in page
    assert "support programme X.XX" in page


def test_the_agency_s_bidang_open_as_a_page_of_their_own(web, kupang_editor, kupang_agency):
    page = html(
        web(kupang_editor).get(reverse("nomenclature:agency-bidang", args=[kupang_agency.pk]))
    )
    assert "<html" in page
    assert kupang_agency.name in page


def test_a_bidang_code_missing_from_the_edition_is_pointed_out(web, kupang_editor):
    agency: Agency = AgencyFactory(region_id="53.01", bidang_codes=["3.99"])
    page = html(web(kupang_editor).get(reverse("nomenclature:agency-bidang", args=[agency.pk])))
    assert "not a field of affairs in this edition" in page


def test_an_agency_without_bidang_implies_nothing(web, kupang_editor):
    agency: Agency = AgencyFactory(region_id="53.01", bidang_codes=[])
    page = html(web(kupang_editor).get(reverse("nomenclature:agency-bidang", args=[agency.pk])))
    assert "no sub-activity is implied" in page


def test_a_province_agency_s_bidang_come_from_the_province_s_list(web, province_manager):
    agency: Agency = AgencyFactory(region_id="53", bidang_codes=["1.01"])
    page = html(web(province_manager).get(reverse("nomenclature:agency-bidang", args=[agency.pk])))
    assert reverse("nomenclature:children", args=["2027", "provinsi", "bidang", "1.01"]) in page


def test_another_regency_s_agency_bidang_are_forbidden(web, kupang_editor, kota_agency):
    client = web(kupang_editor)
    assert (
        client.get(reverse("nomenclature:agency-bidang", args=[kota_agency.pk])).status_code == 403
    )
    assert client.get(reverse("nomenclature:agency-bidang", args=[999999])).status_code == 404


def test_an_unknown_edition_for_an_agency_s_bidang_is_not_found(web, kupang_editor, kupang_agency):
    url = reverse("nomenclature:agency-bidang", args=[kupang_agency.pk])
    assert web(kupang_editor).get(url, {"edition": "1999"}).status_code == 404


def test_the_navigation_offers_the_nomenclature(rf, kupang_editor):
    register_navigation()
    request = rf.get("/")
    request.user = kupang_editor
    entries = navigation(request)
    labels = [str(e["label"]) for e in entries]
    labels += [str(c["label"]) for e in entries for c in e.get("children", [])]
    assert "Nomenclature" in labels  # in the Planning menu


def test_unknown_editions_and_items_are_404_with_a_reason(web, kupang_editor):
    client = web(kupang_editor)
    edition = client.get(reverse("nomenclature:edition", args=["1999"]))
    assert "There is no such edition of the nomenclature." in edition.content.decode()
    item = client.get(item_url("9.99.99.2.01.0001"))
    assert "There is no such item in the nomenclature." in item.content.decode()


def test_the_search_page_finds_sub_activities_by_code_or_words(web, village_officer):
    client = web(village_officer)
    by_code = html(client.get(reverse("search"), {"q": SPAM}))
    assert item_url(SPAM) in by_code
    sub_activity = Item.objects.get(
        edition__name="2027", government="kabkota", level=Level.SUB_KEGIATAN, code=SPAM
    )
    words = sub_activity.name.lower()
    assert item_url(SPAM) in html(client.get(reverse("search"), {"q": words}))
