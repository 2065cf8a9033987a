"""The planning calendar: setting and removing the dates of a regency's stages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.core.scope import user_scope
from tangguh.planning import rules
from tangguh.planning.models import PlanningStage, Stage
from tangguh.planning.services.common import refuse, require
from tangguh.regions.models import Level as RegionLevel
from tangguh.regions.models import Region


@transaction.atomic
def set_stage(
    region: Region,
    year: int,
    stage: str,
    starts: dt.date,
    ends: dt.date,
    *,
    actor: Any,
    note: str = "",
) -> PlanningStage:
    """Set (create or change) the dates of one stage of a regency's calendar."""
    if region.level != RegionLevel.REGENCY:
        raise ValidationError({"region": _("A planning calendar belongs to a regency or city.")})
    require(actor, "change", region.code)
    existing = PlanningStage.objects.filter(region=region, year=year, stage=stage).first()
    if existing is not None and (existing.starts, existing.ends) != (starts, ends):
        _protect_started(existing, actor)
    values: dict[str, Any] = {"starts": starts, "ends": ends, "note": note}
    others = [
        rules.Window(Stage(s.stage), s.starts, s.ends)
        for s in PlanningStage.objects.filter(region=region, year=year).exclude(stage=stage)
    ]
    problems = rules.check_order([*others, rules.Window(Stage(stage), starts, ends)])
    if ends < starts:
        problems.insert(0, _("The stage ends before it starts."))
    if problems:
        raise ValidationError({"starts": problems})
    if existing is None:
        return audit.create_record(
            PlanningStage,
            actor=actor,
            needs="change",
            region=region,
            year=year,
            stage=stage,
            **values,
        )
    return audit.update_record(existing, actor=actor, **values)


@transaction.atomic
def delete_stage(stage: PlanningStage, *, actor: Any) -> None:
    """Remove one stage's dates (a stage already under way or over: managers only)."""
    require(actor, "change", stage.region_id)
    _protect_started(stage, actor)
    audit.delete_record(stage, actor=actor, needs="change")


def _protect_started(stage: PlanningStage, actor: Any) -> None:
    """Moving or removing a stage that has begun reopens (or closes) what it governs, such as
    frozen decisions: only a manager of the regency/city (or the system) may do it."""
    if stage.starts > rules.today() or actor is None:
        return
    if not user_scope(actor, "manage").covers(stage.region_id):
        refuse(
            _(
                "%(stage)s began on %(date)s: only a manager of %(region)s may move or remove "
                "it, since that reopens or closes what it decides."
            )
            % {
                "stage": Stage(stage.stage).label,
                "date": stage.starts.isoformat(),
                "region": stage.region_id,
            }
        )


@transaction.atomic
def update_stage(record: PlanningStage, *, actor: Any, **values: Any) -> PlanningStage:
    """Change the dates (or note) of a stage; a stage keeps its regency/city, year and stage."""
    fixed = {"region": record.region, "year": record.year, "stage": record.stage}
    moved = [name for name, current in fixed.items() if values.get(name, current) != current]
    if moved:
        raise ValidationError(
            {
                name: _(
                    "A stage keeps its regency/city, year and stage; set the dates of the other "
                    "stage instead."
                )
                for name in moved
            }
        )
    return set_stage(
        record.region,
        record.year,
        record.stage,
        values.get("starts", record.starts),
        values.get("ends", record.ends),
        note=values.get("note", record.note),
        actor=actor,
    )
