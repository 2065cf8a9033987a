"""The risk profile list's rows, written in Python, are the template's rows character for
character, in both languages, with missing classes and a hostile region name."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from tangguh.regions.models import Region
from tangguh.risk.models import RiskProfile
from tangguh.risk.templatetags.profile_rows import profile_rows
from tangguh.risk.tests.test_pages_and_api import make

pytestmark = pytest.mark.django_db

# The loop body of risk/profile_list.html before its rows were written in Python.
TEMPLATE_ROW = Template(
    """{% load i18n %}<tr><td><a href="{% url 'risk:region' p.region_id %}">{{ p.region.name }}</a> <span class="code">{{ p.region_id }}</span></td>
  <td><a href="{{ p.get_absolute_url }}">{{ p.hazard.name }}</a></td><td>{{ p.year|default:"–" }}</td>
  <td>{% include "risk/_class.html" with value=p.hazard_class label=p.get_hazard_class_display %}</td>
  <td>{% include "risk/_class.html" with value=p.vulnerability_class label=p.get_vulnerability_class_display %}</td>
  <td>{% include "risk/_class.html" with value=p.capacity_class label=p.get_capacity_class_display %}</td>
  <td>{% include "risk/_class.html" with value=p.risk_class label=p.get_risk_class_display %}</td>
  <td class="code">{{ p.method.version }}</td></tr>"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_python_rows_match_the_template_rows(language: str) -> None:
    Region.objects.filter(code="53.01.27.2001").update(name="<i>Poto</i> & Co")
    made = [
        make("53.01.27.2002"),
        make("53.01.27.2001", risk_class_given="low"),
        make("53.01.27.2001", "flood", year=2019, risk_class_given="medium"),
    ]
    profiles = list(
        RiskProfile.objects.filter(pk__in=[p.pk for p in made])
        .select_related("region", "hazard", "method")
        .order_by("pk")
    )
    with translation.override(language):
        expected = "\n  ".join(TEMPLATE_ROW.render(Context({"p": p})) for p in profiles)
        written = profile_rows(profiles)
    assert written == expected
    assert "&lt;i&gt;Poto" in written
    assert "<i>" not in written
    assert '<span class="unknown">–</span>' in written  # a profile given only its risk class
