"""The proposal list's rows, written in Python, are the template's rows character for
character, in both languages, with hostile text and every kind of cell."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tangguh.planning.models import Outcome, Proposal, SourceKind
from tangguh.planning.templatetags.proposal_rows import proposal_rows
from tangguh.planning.tests.test_views_proposals import GLADI, HOSTILE, dinsos, make_proposal, sub

pytestmark = pytest.mark.django_db

# The loop body of planning/proposals/list.html before its rows were written in Python.
TEMPLATE_ROW = Template(
    """{% load i18n %}<tr><td>{% if p.priority %}<span class="badge" title="{% translate 'Priority rank' %}">#{{ p.priority }}</span> {% endif %}<a href="{{ p.get_absolute_url }}">{{ p.title }}</a>{% if p.reference %} <span class="code">{{ p.reference }}</span>{% endif %}</td>
  <td>{{ p.region.name }}{% if p.region.parent %} <small class="muted">· {{ p.region.parent.name }}</small>{% endif %} <span class="code">{{ p.region_id }}</span></td>
  <td>{{ p.year }}</td><td>{{ p.get_source_kind_display }}</td>
  <td class="num">{% if p.estimated_cost is not None %}{{ p.estimated_cost|floatformat:"0g" }}{% else %}<span class="unknown">{% translate "unknown" %}</span>{% endif %}</td>
  <td>{{ p.get_stage_display }}</td>
  <td>{% if p.sub_activity %}<span class="code">{{ p.sub_activity.code }}</span>{% if p.agency %} · {{ p.agency }}{% endif %}{% else %}<span class="muted">–</span>{% endif %}</td>
  <td>{% include "planning/proposals/_outcome.html" with outcome=p.outcome label=p.get_outcome_display %}</td></tr>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_python_rows_match_the_template_rows(
    planning_calendar: Callable[..., int], language: str
) -> None:
    year = planning_calendar("53.01", state="open")
    agency = dinsos()
    made = [
        make_proposal(year),
        make_proposal(year, title=HOSTILE, estimated_cost=None, reference="R&D <1>"),
        make_proposal(year, title="Rabat beton", estimated_cost=Decimal("1234567.89")),
        make_proposal(year, title="Talud", region_id="53.01", source_kind=SourceKind.POKIR),
    ]
    Proposal.objects.filter(pk=made[0].pk).update(priority=3, outcome=Outcome.ACCOMMODATED)
    Proposal.objects.filter(pk=made[1].pk).update(
        sub_activity=sub(GLADI), agency=agency, outcome=Outcome.REJECTED
    )
    Proposal.objects.filter(pk=made[2].pk).update(sub_activity=sub(GLADI), outcome="partly")
    proposals = list(
        Proposal.objects.filter(pk__in=[p.pk for p in made])
        .select_related("region", "region__parent", "agency", "sub_activity")
        .order_by("pk")
    )
    with translation.override(language):
        expected = "\n  ".join(TEMPLATE_ROW.render(Context({"p": p})) for p in proposals)
        written = proposal_rows(proposals)
    assert written == expected
    assert HOSTILE not in written
    assert "&lt;script&gt;" in written
