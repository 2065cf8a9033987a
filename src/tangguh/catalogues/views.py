"""The hazard catalogue page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tangguh.catalogues.choices import DisasterPhase
from tangguh.catalogues.models import HazardType


@login_required
def hazard_list(request: HttpRequest) -> HttpResponse:
    """Hazard families with their sub-types, codes and DesInventar names; the disaster phases."""
    families = HazardType.objects.filter(family__isnull=True).prefetch_related("subtypes")
    return render(
        request,
        "catalogues/hazard_list.html",
        {"families": families, "phases": DisasterPhase.choices},
    )
