"""The suggested sub-activities of a proposal and why they are suggested (a fragment of the
proposal's page), marking a suggestion wrong (and taking the mark back), and the page that shows
a regency's planners how often the first suggestion is the one they chose."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangguh.core.api import region_or_404
from tangguh.core.crud import record_for
from tangguh.core.scope import user_scope
from tangguh.measures.matching import Context
from tangguh.planning import accuracy, matching, rules, services
from tangguh.planning.models import Proposal, WrongSuggestion
from tangguh.planning.views.common import refusal_text, regency_of_interest
from tangguh.planning.views.proposal_page import _decision_refusal, highlight, proposal_for
from tangguh.regions.models import Level, Region

EXAMPLES_SHOWN = 2


def context_note(context: Context, regency: Region) -> str:
    """How the suggestions read the proposal's place, in the user's language."""
    values = {"regency": regency.name}
    if context.place_kind == "kelurahan":
        return (
            _(
                "Read as a proposal of an urban village (kelurahan) in %(regency)s: for small "
                "works the sub-district's own sub-activity is proposed beside the agency's."
            )
            % values
        )
    if context.place_kind == "desa":
        return _("Read as a proposal of a village (desa) in %(regency)s.") % values
    return _("Read as a proposal of %(regency)s.") % values


def _why(match: matching.Match) -> dict[str, Any]:
    """The examples that decided a suggestion: the regency's own codings first (none for the
    sub-district route: it carries the examples of the work it routes, which the first
    suggestion already shows)."""
    if match.route:
        return {"own": [], "shipped": []}
    own = [e for e in match.examples if e.source == "region"][:EXAMPLES_SHOWN]
    shipped = [e for e in match.examples if e.source != "region"][:EXAMPLES_SHOWN]
    return {
        "own": [{"text": e.text, "percent": round(e.similarity * 100)} for e in own],
        "shipped": [{"text": e.text, "percent": round(e.similarity * 100)} for e in shipped],
    }


@login_required
def proposal_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The sub-activities suggested for the proposal, each with its calibrated confidence, the
    words that matched, the examples that decided and the sub-district route; or why there is
    no (good) suggestion (a fragment, loaded by HTMX so that the page does not wait)."""
    proposal = proposal_for(request, pk)
    closed = rules.Calendar.of(proposal.regency, proposal.year).decisions_closed()
    found = matching.find_for(proposal, top=5)
    regency_member = user_scope(request.user, "view").covers(proposal.regency_id)
    suggestions = [
        {
            "match": match,
            "name": highlight(match.item.name, match.matched),
            "current": match.item.pk == proposal.sub_activity_id,
            **_why(match),
        }
        for match in found.matches
    ]
    marks = (
        WrongSuggestion.objects.filter(proposal=proposal).select_related("sub_activity")
        if regency_member
        else WrongSuggestion.objects.none()
    )
    context = {
        "proposal": proposal,
        "found": found,
        "suggestions": suggestions,
        "refusal": _decision_refusal(request, proposal, closed),
        "can_teach": user_scope(request.user, "change").covers(proposal.regency_id),
        "context_note": context_note(found.context, proposal.regency),
        "marks": marks,
        "accuracy_url": (
            reverse("planning:match-accuracy", args=[proposal.regency_id])
            if regency_member
            else None
        ),
    }
    return render(request, "planning/proposals/_suggestions.html", context)


def _require_teacher(request: HttpRequest, proposal: Proposal) -> None:
    """Only the planners of the proposal's regency/city mark its suggestions (403 otherwise)."""
    if not user_scope(request.user, "change").covers(proposal.regency_id):
        raise PermissionDenied(
            _("Only the planners of %(regency)s mark suggestions wrong.")
            % {"regency": proposal.regency.name}
        )


@login_required
@require_POST
def proposal_mark_wrong(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one suggestion of the proposal wrong: it is no longer suggested for this proposal,
    or for proposals like it, in the regency/city."""
    proposal = proposal_for(request, pk)
    _require_teacher(request, proposal)
    code = request.POST.get("sub_activity", "")
    government = matching.government_of(proposal.regency)
    item = services.find_sub_activity(code, government, year=proposal.year) if code else None
    if item is None:
        messages.error(
            request, _("There is no sub-activity %(code)s to mark.") % {"code": code or "–"}
        )
        return redirect(proposal.get_absolute_url() + "#coding")
    try:
        services.mark_wrong(
            actor=request.user,
            proposal=proposal,
            sub_activity=item,
            note=request.POST.get("note", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(
            request,
            _(
                "%(code)s is marked wrong: it is no longer suggested for this proposal, or for "
                "proposals like it, in %(regency)s."
            )
            % {"code": item.code, "regency": proposal.regency.name},
        )
    return redirect(proposal.get_absolute_url() + "#coding")


@login_required
@require_POST
def proposal_withdraw_mark(request: HttpRequest, pk: int, mark: int) -> HttpResponse:
    """Take back a "marked wrong" of the proposal."""
    proposal = proposal_for(request, pk)
    _require_teacher(request, proposal)
    found: WrongSuggestion = record_for(
        request, WrongSuggestion.objects.filter(proposal=proposal), mark, "change"
    )
    try:
        services.withdraw_wrong_mark(found, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(
            request,
            _("%(code)s may be suggested again.") % {"code": found.sub_activity.code},
        )
    return redirect(proposal.get_absolute_url() + "#coding")


# ---------------------------------------------------------------------------------------------
# Accuracy over time


def _percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


def _row(period: accuracy.Period) -> dict[str, Any]:
    return {
        "period": period,
        "first": _percent(period.first_share),
        "top": _percent(period.top_share),
        "confidence": _percent(period.confidence),
    }


@login_required
def match_accuracy(request: HttpRequest, code: str) -> HttpResponse:
    """How often a regency's planners chose the first suggestion (or one of the first five),
    by month or by budget year; for the regency's members."""
    regency = region_or_404(code)
    if regency.level != Level.REGENCY:
        raise Http404(_("Choose a regency or city."))
    if not user_scope(request.user, "view").covers(regency.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": regency.code})
    by = request.GET.get("by", "month")
    by = by if by in accuracy.BY else "month"
    periods, total = accuracy.accuracy(regency.code, by)
    context = {
        "regency": regency,
        "by": by,
        "rows": [_row(p) for p in periods],
        "total": _row(total),
        "recent": accuracy.recent(regency.code),
        "top": accuracy.TOP,
        "depth": matching.RANK_DEPTH,
    }
    return render(request, "planning/accuracy/accuracy.html", context)


@login_required
def match_accuracy_choose(request: HttpRequest) -> HttpResponse:
    """The accuracy page of the user's regency, or the regencies to choose from."""
    regency = regency_of_interest(request, request.GET.get("region") or None)
    if regency is not None and user_scope(request.user, "view").covers(regency.code):
        return redirect("planning:match-accuracy", regency.code)
    scope = user_scope(request.user, "view")
    regencies = [
        r
        for r in Region.objects.filter(level=Level.REGENCY, is_active=True).only("code", "name")
        if scope.covers(r.code)
    ]
    return render(request, "planning/accuracy/choose.html", {"regencies": regencies})
