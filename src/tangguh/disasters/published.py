"""The risk scores the risk app publishes for regencies (BNPB's IRBI, a regional risk
assessment's KRB indices), arranged to stand beside tangguh's event-history ranking on its page,
in its CSV and in its API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from tangguh.risk.summaries import RegencyScore, regency_scores


@dataclass(frozen=True)
class PublishedScores:
    """A regency's published scores: its IRBI score of all hazards (None when not imported) and
    the others (IRBI per hazard, then the KRB indices per hazard), latest year of each."""

    irbi: RegencyScore | None = None
    others: list[RegencyScore] = field(default_factory=list)

    @property
    def all(self) -> list[RegencyScore]:
        """Every score, the IRBI of all hazards first."""
        return ([self.irbi] if self.irbi else []) + self.others


def published_scores(user: Any) -> dict[str, PublishedScores]:
    """The published scores of the regencies the user may see, by regency code."""
    # risk.summaries names the IRBI score of all hazards so (in the user's language).
    all_hazards = gettext("IRBI, all hazards")
    found: dict[str, PublishedScores] = {}
    for code, scores in regency_scores(user).items():
        irbi = next((s for s in scores if s.name == all_hazards), None)
        found[code] = PublishedScores(irbi, [s for s in scores if s is not irbi])
    return found


def score_data(score: RegencyScore) -> dict[str, Any]:
    """A score as plain data for the API (the score as text, like every decimal there)."""
    return {
        "name": score.name,
        "score": None if score.score is None else str(score.score),
        "risk_class": score.risk_class,
        "year": score.year,
        "source": score.source,
    }
