"""Synchronise the hazard catalogue with the CSV shipped in the package."""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any


def hazard_rows() -> list[dict[str, str]]:
    """The shipped hazard catalogue rows (families before sub-types)."""
    text = (resources.files("tangguh.catalogues") / "data" / "hazards.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def sync_hazards(model: Any) -> dict[str, int]:
    """Create or update every shipped hazard type; `model` may be a migration's historical model."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for order, row in enumerate(hazard_rows(), start=1):
        values = {
            "family_id": row["family"] or None,
            "dibi_code": row["dibi_code"],
            "dibi_code_verified": row["dibi_code_verified"] == "1",
            "legacy_code": row["legacy_code"],
            "name_id": row["name_id"],
            "name_en": row["name_en"],
            "desinventar_name": row["desinventar_name"],
            "desinventar_event": row["desinventar_event"],
            "perka_2_2012": row["perka_2_2012"] == "1",
            "aliases": row["aliases"],
            "evidence": row["evidence"],
            "sort_order": order,
        }
        obj = model.objects.filter(key=row["key"]).first()
        if obj is None:
            model.objects.create(key=row["key"], **values)
            counts["created"] += 1
        elif any(getattr(obj, name) != value for name, value in values.items()):
            model.objects.filter(key=row["key"]).update(**values)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
