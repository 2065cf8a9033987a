"""The sync matrix page: for a budget year, proposals received and how they fared, by village,
sub-district, agency, source or tag, with the budget asked and allocated, charts, and what the
partner programmes' practices became in agency plans."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tangguh.core.scope import user_scope
from tangguh.planning import rules, services, summaries
from tangguh.planning.forms.proposals import SyncForm
from tangguh.planning.models import Outcome, Proposal
from tangguh.planning.views.common import optional_url, regency_of_interest
from tangguh.regions.models import Region

OUTCOME_COLOURS = {
    Outcome.ACCOMMODATED: "#1e6b2f",
    Outcome.PARTLY: "#7a9a01",
    Outcome.DEFERRED: "#d9822b",
    Outcome.REJECTED: "#b3261e",
    Outcome.UNDECIDED: "#9aa5ad",
}


def _row_url(by: str, key: str, year: int) -> str | None:
    """The proposals behind one row of the matrix."""
    if key == "none":
        return None
    param = {
        "village": "region",
        "district": "region",
        "agency": "agency",
        "source": "source_kind",
        "tag": "tag",
    }[by]
    return reverse("planning:proposals") + "?" + urlencode({"year": year, param: key})


def _percent(share: float | None) -> int | None:
    """A share as a whole percentage."""
    return None if share is None else round(share * 100)


def _charts(rows: list[summaries.Row]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The outcomes and budget charts of the matrix rows."""
    labels = [row.label for row in rows]
    outcomes = {
        "labels": labels,
        "datasets": [
            {
                "label": str(outcome.label),
                "data": [row.counts[outcome.value] for row in rows],
                "colour": OUTCOME_COLOURS[outcome],
            }
            for outcome in Outcome
        ],
    }
    budget = {
        "labels": labels,
        "datasets": [
            {
                "label": _("Budget asked (Rp)"),
                "data": [float(row.asked) for row in rows],
                "colour": "#3d6fb6",
            },
            {
                "label": _("Budget allocated (Rp)"),
                "data": [float(row.allocated) for row in rows],
                "colour": "#0b6e69",
            },
        ],
    }
    return outcomes, budget


def _uptake(
    request: HttpRequest, region: Region | None, year: int
) -> tuple[list[dict[str, Any]] | None, str]:
    """What the partner programmes of the regency in view became in agency plans (work-plan
    items are the regency's records: shown to those who work for the whole regency), or why
    the list is not shown."""
    scope = user_scope(request.user, "view")
    if region is not None:
        regency: str | None = services.regency_code(region.code)
    else:
        found = regency_of_interest(request, None)
        regency = found.code if found is not None else None
    if regency is None and not scope.everything:
        return None, _(
            "Choose a regency/city to see what its partner programmes' practices became."
        )
    if regency is not None and not scope.covers(regency):
        return None, _(
            "What the partner programmes' practices became is shown to those who work for the "
            "whole regency/city."
        )
    rows = [
        {
            "uptake": uptake,
            "practices": [p.strip() for p in uptake.programme.practices.splitlines() if p.strip()],
        }
        for uptake in summaries.partner_uptake(request.user, year, regency)
    ]
    return rows, ""


@login_required
def sync_matrix(request: HttpRequest) -> HttpResponse:
    """For a budget year: proposals received and how they fared, by village, sub-district,
    agency, source or tag, with the budget asked and allocated, charts, and what the partner
    programmes' practices became in agency plans."""
    data = {"year": rules.budget_year(), "by": "district", **request.GET.dict()}
    form = SyncForm(data, user=request.user)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        year, region, by = (form.cleaned_data[k] for k in ("year", "region", "by"))
        proposals = Proposal.objects.restrict(request.user, "view").filter(year=year)
        if region is not None:
            proposals = proposals.within(region.code)
        rows = summaries.sync_matrix(proposals, by)
        outcomes, budget = _charts(rows)
        query = {"year": year, "by": by, **({"region": region.code} if region else {})}
        export = optional_url("planning:sync-export")
        context.update(
            {
                "year": year,
                "region": region,
                "by": by,
                "dimension": summaries.DIMENSIONS[by],
                "rows": [
                    {"row": r, "share": _percent(r.share), "url": _row_url(by, r.key, year)}
                    for r in rows
                ],
                "overall": summaries.overall(proposals, rows, by),
                "outcomes_chart": outcomes,
                "budget_chart": budget,
                "chart_height": max(240, 60 + 28 * len(rows)),
                "export_url": f"{export}?{urlencode(query)}" if export else None,
            }
        )
        context["overall_share"] = _percent(context["overall"].share)
        context["uptake"], context["uptake_note"] = _uptake(request, region, year)
    return render(request, "planning/sync/matrix.html", context)
