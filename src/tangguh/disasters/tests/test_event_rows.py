"""The event list's rows, written in Python, are the template's rows character for character,
in both languages, with unknown figures, large numbers, duplicates and hostile names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from tangguh.disasters.models import Event
from tangguh.disasters.templatetags.event_rows import event_rows
from tangguh.disasters.tests.test_api_and_pages import event
from tangguh.regions.models import Region

pytestmark = pytest.mark.django_db

# The loop body of disasters/event_list.html before its rows were written in Python.
TEMPLATE_ROW = Template(
    """{% load i18n humanize %}<tr><td><a href="{{ e.get_absolute_url }}">{{ e.start_date|date:"Y-m-d" }}</a></td><td>{{ e.hazard.name }}</td><td>{{ e.region.name }} <span class="code">{{ e.region_id }}</span></td>
  <td class="num">{% if e.deaths is None %}<span class="unknown">?</span>{% else %}{{ e.deaths|intcomma }}{% endif %}</td>
  <td class="num">{% if e.affected is None %}<span class="unknown">?</span>{% else %}{{ e.affected|intcomma }}{% endif %}</td>
  <td class="num">{% if e.houses_heavy is None %}<span class="unknown">?</span>{% else %}{{ e.houses_heavy|intcomma }}{% endif %}</td>
  <td>{{ e.get_verification_display }}{% if e.possible_duplicate_of_id %} <span class="badge provisional">{% translate "possible duplicate" %}</span>{% endif %}</td></tr>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_python_rows_match_the_template_rows(language: str) -> None:
    Region.objects.filter(code="53.01.05").update(name='<b>"Amarasi" & co</b>')
    first = event("53.01.27.2002", dt.date(2024, 1, 10), deaths=2, affected=1234567)
    second = event("53.01.05", dt.date(2024, 3, 2), "drought", affected=None, deaths=None)
    third = event("53.01", dt.date(1931, 11, 5), deaths=0, houses_heavy=10_000)
    Event.objects.filter(pk=third.pk).update(possible_duplicate_of=first, verification="verified")
    events = list(
        Event.objects.filter(pk__in=[first.pk, second.pk, third.pk])
        .select_related("hazard", "region")
        .order_by("pk")
    )
    with translation.override(language):
        expected = "\n  ".join(TEMPLATE_ROW.render(Context({"e": e})) for e in events)
        written = event_rows(events)
    assert written == expected
    assert "&lt;b&gt;" in written
    assert "<b>" not in written
