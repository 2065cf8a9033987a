"""Downloads of assessments: one row per assessment (CSV from the list page)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tangguh.resilience.models import Assessment

COLUMNS = [
    "id",
    "instrument",
    "region",
    "region_name",
    "year",
    "status",
    "score",
    "class",
    "rule",
    "mapping",
    "rules_verified",
    "flagged",
    "unanswered",
    "source",
]


def assessment_rows(assessments: Iterable[Assessment]) -> Iterator[list[Any]]:
    """The rows of COLUMNS; the rules each score was computed with beside it."""
    for a in assessments:
        rules = a.scored_with or {}
        verified = (
            rules.get("rule_verified")
            and rules.get("mapping_verified") is not False
            and (rules.get("classes_verified") is not False)
        )
        yield [
            a.pk,
            a.instrument.code,
            a.region_id,
            a.region.name,
            a.year,
            a.status,
            "" if a.score is None else f"{a.score.normalize():f}",
            a.klass,
            rules.get("rule", ""),
            rules.get("mapping") or "",
            "yes" if verified else "no",
            a.flagged,
            a.unanswered,
            a.source,
        ]
