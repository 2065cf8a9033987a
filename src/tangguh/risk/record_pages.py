"""Add, change and delete pages for risk profiles, declared once (`core.crud.RecordPages`).

A profile returns to its own page after saving and to the list after deleting; the add page
takes the region from the link that leads to it (a region's risk page links with `?region=`).
"""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.core.crud import RecordPages
from tangguh.risk import services
from tangguh.risk.forms import RiskProfileForm
from tangguh.risk.models import RiskProfile

PROFILE = RecordPages(
    model=RiskProfile,
    form=RiskProfileForm,
    create=services.create_risk_profile,
    update=services.update_risk_profile,
    delete=services.delete_risk_profile,
    add_title=_("Add a risk profile"),
    edit_title=_("Edit risk profile"),
    list_url=reverse_lazy("risk:profile-list"),
    template="risk/profile_form.html",
    permission_field="region",
    prefill=("region",),
)
