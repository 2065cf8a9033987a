"""Add, change and delete pages of assessments, declared once."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.core.crud import RecordPages
from tangguh.resilience import services
from tangguh.resilience.forms import AssessmentForm
from tangguh.resilience.models import Assessment

ASSESSMENT = RecordPages(
    model=Assessment,
    form=AssessmentForm,
    create=services.create_assessment,
    update=services.update_assessment,
    delete=services.delete_assessment,
    add_title=_("Start an assessment"),
    edit_title=_("Hazards and note of the assessment"),
    list_url=reverse_lazy("resilience:assessment-list"),
    permission_field="region",
    prefill=("region", "year"),
)
