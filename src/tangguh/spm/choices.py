"""The SPM disaster sub-affair's services, stages, quality standards and report states, named
for users (the keys are those of `tangguh.measures.spm`)."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tangguh.measures import spm


class Service(models.TextChoices):
    """The three basic services of a regency/city (Permendagri 101/2018)."""

    INFORMATION = "information", _("Information on disaster-prone areas")
    PREVENTION = "prevention", _("Prevention and preparedness")
    RESCUE = "rescue", _("Rescue and evacuation of victims")


class Stage(models.TextChoices):
    """The four implementation stages of every service (Permendagri 59/2021)."""

    DATA = "data", _("Data collection")
    NEEDS = "needs", _("Needs calculation")
    PLANNING = "planning", _("Fulfilment planning")
    DELIVERY = "delivery", _("Service delivery")


class TargetBasis(models.TextChoices):
    """Where the number of people entitled comes from."""

    RISK = "risk", _("Risk data (villages at medium or high risk)")
    EVENTS = "events", _("Disaster events (victims)")
    STATED = "stated", _("Stated by the region")


class ReportStatus(models.TextChoices):
    """Whether a region reported a quarter (all three services), and in time."""

    ON_TIME = "on_time", _("Reported on time")
    LATE = "late", _("Reported late")
    INCOMPLETE = "incomplete", _("Incomplete")
    MISSING = "missing", _("Not reported")
    OPEN = "open", _("Not yet due")


QUALITY_LABELS: dict[str, Promise] = {
    "risk_assessment": _("Disaster risk assessment (kajian risiko bencana) drawn up"),
    "kie": _("Communication, information and education (KIE) on disaster-prone areas"),
    "disaster_plan": _("Disaster management plan (rencana penanggulangan bencana)"),
    "contingency_plan": _("Contingency plan (rencana kontinjensi)"),
    "training": _("Prevention and mitigation coaching and training"),
    "exercise": _("Preparedness exercise (gladi kesiapsiagaan)"),
    "operations": _("Operations control and preparedness facilities"),
    "equipment": _("Protection and preparedness equipment"),
    "rapid_assessment": _("Rapid response and rapid assessment (kaji cepat)"),
    "search": _("Search for victims"),
    "first_aid": _("Rescue and first aid of victims"),
    "evacuation": _("Evacuation of victims"),
}

STAGE_FIELDS = {stage: f"stage_{stage}" for stage in spm.STAGES}


def quality_choices(service: str) -> list[tuple[str, Promise]]:
    """The quality checklist of a service as (key, label), in order."""
    return [(key, QUALITY_LABELS[key]) for key in spm.QUALITY_STANDARDS.get(service, ())]
