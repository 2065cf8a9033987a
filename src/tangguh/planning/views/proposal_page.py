"""A proposal's page: what was entered, the recommendation trail, suggested sub-activities, the
coding and the decision (with the work-plan items answering it), and the forms that add a
recommendation, code the proposal, decide on it or carry it over."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tangguh.catalogues.choices import DisasterPhase
from tangguh.core.crud import record_for, show_errors
from tangguh.core.scope import user_scope
from tangguh.planning import rules, services
from tangguh.planning.forms.proposals import (
    CodingForm,
    DecisionForm,
    RecommendationForm,
    link_formset,
)
from tangguh.planning.models import TRAIL_ORDER, Outcome, Proposal, TrailLevel, WorkPlanItem
from tangguh.planning.views.common import optional_url
from tangguh.regions import codes
from tangguh.regions.models import Level


def proposal_for(request: HttpRequest, pk: int) -> Proposal:
    """A proposal the user may view: 404 when there is none, 403 outside their regions."""
    queryset = Proposal.objects.select_related(
        "region", "region__parent", "regency", "agency", "sub_activity", "partner_programme"
    )
    proposal: Proposal = record_for(request, queryset, pk)
    return proposal


def require_change(request: HttpRequest, proposal: Proposal) -> None:
    """Refuse (403) a user who may view the proposal but not change it."""
    if not user_scope(request.user, "change").covers(proposal.region_id):
        raise PermissionDenied(
            _(
                "You may view this proposal but not change it: that needs the editor role in "
                "%(place)s."
            )
            % {"place": proposal.region.name}
        )


def _trail_levels(request: HttpRequest, proposal: Proposal) -> list[tuple[str, Any]]:
    """The levels at which the user may recommend this proposal."""
    scope = user_scope(request.user, "change")
    district = ".".join(proposal.region_id.split(".")[:3])
    where = {
        TrailLevel.VILLAGE: proposal.region_id,
        TrailLevel.DISTRICT: district,
        TrailLevel.AGENCY: proposal.regency_id,
        TrailLevel.BAPPEDA: proposal.regency_id,
    }
    allowed = []
    for level in TRAIL_ORDER:
        if level == TrailLevel.VILLAGE and codes.level_of(proposal.region_id) < Level.VILLAGE:
            continue
        if level == TrailLevel.DISTRICT and codes.level_of(proposal.region_id) < Level.DISTRICT:
            continue
        if scope.covers(where[level]):
            allowed.append((level.value, level.label))
    return allowed


def _work_plan_items(proposal: Proposal) -> QuerySet[WorkPlanItem]:
    """The items of the regency's work plans for the proposal's year."""
    return (
        WorkPlanItem.objects.filter(region_id=proposal.regency_id, year=proposal.year)
        .select_related("agency", "sub_activity")
        .order_by("agency__short_name", "agency__name", "sub_activity__code", "id")
    )


def _link_initial(proposal: Proposal) -> list[dict[str, Any]]:
    """The links of the proposal as the link forms' initial values."""
    return [
        {"item": link.item_id, "budget": link.budget, "location": link.location_id or ""}
        for link in proposal.links.all()
    ]


def _decision_refusal(request: HttpRequest, proposal: Proposal, closed: str | None) -> str | None:
    """Why the user may not decide on (or code) this proposal now; None when they may."""
    if not user_scope(request.user, "change").covers(proposal.regency_id):
        return _(
            "Decisions and coding are made by the planners of %(regency)s; you may follow them "
            "here."
        ) % {"regency": proposal.regency.name}
    return closed


def _links(proposal: Proposal) -> list[dict[str, Any]]:
    """The work-plan items answering the proposal, with their pages when those exist."""
    result = []
    for link in proposal.links.select_related("item__agency", "item__sub_activity", "location"):
        result.append({"link": link, "url": optional_url("planning:item-detail", link.item_id)})
    return result


def _detail_context(request: HttpRequest, proposal: Proposal, **bound: Any) -> dict[str, Any]:
    """Everything a proposal's page shows; forms the user just sent come back with their
    errors (`bound`), the others are offered only to those who may use them now."""
    calendar = rules.Calendar.of(proposal.regency, proposal.year)
    closed = calendar.decisions_closed()
    levels = _trail_levels(request, proposal) if closed is None else []
    refusal = _decision_refusal(request, proposal, closed)
    items = _work_plan_items(proposal)
    context: dict[str, Any] = {
        "proposal": proposal,
        "calendar": calendar,
        "proposals_closed": calendar.proposals_closed(proposal.source_kind),
        "decisions_closed": closed,
        "decision_refusal": refusal,
        "can_change": user_scope(request.user, "change").covers(proposal.region_id),
        "recommendations": proposal.recommendations.select_related("agency"),
        "hazards": proposal.hazards.all(),
        "phases": _phase_labels(proposal.phases),
        "links": _links(proposal),
        "programme_url": (
            optional_url("planning:programme-detail", proposal.partner_programme_id)
            if proposal.partner_programme_id
            else None
        ),
        "items_url": optional_url("planning:workplans"),
        "item_count": items.count() if refusal is None else None,
        "carried_to": Proposal.objects.restrict(request.user, "view")
        .filter(carried_from=proposal)
        .first(),
        "can_carry": proposal.outcome == Outcome.DEFERRED
        and bool(proposal.deferred_to)
        and user_scope(request.user, "add").covers(proposal.region_id),
    }
    _offer_forms(request, proposal, bound, levels=levels, refusal=refusal, items=items)
    for name in ("recommend_form", "coding_form", "decision_form", "link_formset"):
        context[name] = bound.get(name)
    return context


def _offer_forms(
    request: HttpRequest,
    proposal: Proposal,
    bound: dict[str, Any],
    *,
    levels: list[tuple[str, Any]],
    refusal: str | None,
    items: QuerySet[WorkPlanItem],
) -> None:
    """The empty forms the user may use now, beside those they just sent (`bound`)."""
    if levels and "recommend_form" not in bound:
        bound["recommend_form"] = RecommendationForm(
            levels=levels, regency=proposal.regency_id, initial=_rec_initial(request)
        )
    if refusal is None and "coding_form" not in bound:
        government = services.government_of(proposal.regency)
        bound["coding_form"] = CodingForm(proposal=proposal, government=government)
    if refusal is None and "decision_form" not in bound:
        bound["decision_form"] = DecisionForm(
            initial={
                "outcome": proposal.outcome,
                "reason": proposal.outcome_reason,
                "deferred_to": proposal.deferred_to,
            }
        )
        bound["link_formset"] = link_formset(items=items, initial=_link_initial(proposal))


def _rec_initial(request: HttpRequest) -> dict[str, Any]:
    """The recommendation form starts with the user's agency."""
    agency_id = getattr(request.user, "agency_id", None)
    return {"agency": agency_id} if agency_id else {}


def _phase_labels(phases: list[str] | None) -> list[str]:
    """Disaster phases in the user's language."""
    labels = dict(DisasterPhase.choices)
    return [str(labels.get(p, p)) for p in phases or []]


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One proposal: what was entered, the recommendation trail, suggested sub-activities, the
    coding, the decision (with the work-plan items answering it) and the history."""
    proposal = proposal_for(request, pk)
    return render(request, "planning/proposals/detail.html", _detail_context(request, proposal))


def _require_decider(request: HttpRequest, proposal: Proposal) -> None:
    """Only the planners of the proposal's regency code and decide (403 for anyone else)."""
    refusal = _decision_refusal(request, proposal, None)
    if refusal is not None:
        raise PermissionDenied(refusal)


@login_required
@require_POST
def proposal_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a recommendation at a level the user may act at."""
    proposal = proposal_for(request, pk)
    levels = _trail_levels(request, proposal)
    if not levels:
        raise PermissionDenied(_("You may not recommend this proposal at any level."))
    form = RecommendationForm(request.POST, levels=levels, regency=proposal.regency_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.recommend(
                proposal,
                actor=request.user,
                level=data["level"],
                verdict=data["verdict"],
                note=data["note"],
                volume=data["volume"],
                cost=data["cost"],
                agency=data["agency"],
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Recommendation recorded."))
            return redirect(proposal.get_absolute_url() + "#trail")
    context = _detail_context(request, proposal, recommend_form=form)
    return render(request, "planning/proposals/detail.html", context)


@login_required
@require_POST
def proposal_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Code the proposal to a sub-activity and the agency responsible (one click from a
    suggestion, or typed)."""
    proposal = proposal_for(request, pk)
    _require_decider(request, proposal)
    government = services.government_of(proposal.regency)
    form = CodingForm(request.POST, proposal=proposal, government=government)
    if form.is_valid():
        sub_activity = form.cleaned_data["sub_activity"]
        try:
            services.code_proposal(
                proposal,
                actor=request.user,
                sub_activity=sub_activity,
                agency=form.cleaned_data["agency"],
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, _("Proposal coded to %(code)s.") % {"code": sub_activity.code}
            )
            return redirect(proposal.get_absolute_url() + "#coding")
    context = _detail_context(request, proposal, coding_form=form)
    return render(request, "planning/proposals/detail.html", context)


@login_required
@require_POST
def proposal_carry_forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a deferred proposal up again in the year it was deferred to."""
    proposal = proposal_for(request, pk)
    require_change(request, proposal)
    try:
        carried = services.carry_forward(proposal, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(proposal.get_absolute_url() + "#decision")
    messages.success(
        request,
        _("The proposal is carried over to %(year)d.") % {"year": carried.year},
    )
    return redirect(carried.get_absolute_url())


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the decision, with the work-plan items, budget and location that answer it."""
    proposal = proposal_for(request, pk)
    _require_decider(request, proposal)
    form = DecisionForm(request.POST)
    formset = link_formset(request.POST, items=_work_plan_items(proposal))
    if form.is_valid() and formset.is_valid():
        links = [
            services.LinkSpec(
                item=row["item"],
                budget=row.get("budget") or Decimal(0),
                location=row.get("location"),
            )
            for row in formset.chosen()
        ]
        try:
            services.decide(
                proposal,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                deferred_to=form.cleaned_data["deferred_to"],
                links=links,
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(proposal.get_absolute_url() + "#decision")
    context = _detail_context(request, proposal, decision_form=form, link_formset=formset)
    return render(request, "planning/proposals/detail.html", context)


def highlight(text: str, terms: tuple[str, ...] | list[str]) -> list[tuple[str, bool]]:
    """`text` cut into pieces, each marked True where it is one of the words of the matched
    terms (case-insensitive, longest first; words shorter than three letters are left out)."""
    words = {w for term in terms for w in re.findall(r"\w+", term) if len(w) >= 3}
    if not words or not text:
        return [(text, False)]
    ordered = sorted(words, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in ordered), re.IGNORECASE)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for found in pattern.finditer(text):
        if found.start() > position:
            pieces.append((text[position : found.start()], False))
        pieces.append((found.group(0), True))
        position = found.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
