"""Pages of proposals (usulan): the list with the planning calendar, the form, a proposal with
its recommendation trail, suggested sub-activities, coding and decision, the village's view of
its proposals, and the sync matrix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tangguh.catalogues.choices import DisasterPhase
from tangguh.core.api import region_or_404
from tangguh.core.crud import show_errors
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.nav import NavItem, register, register_region_section
from tangguh.core.scope import user_scope
from tangguh.core.views import query_text
from tangguh.planning import matching, matrix, rules, services
from tangguh.planning.forms_proposals import (
    CodingForm,
    DecisionForm,
    ProposalForm,
    ProposalListFilter,
    RecommendationForm,
    SyncForm,
    link_formset,
    location_code,
)
from tangguh.planning.models import (
    TRAIL_ORDER,
    Outcome,
    PartnerProgramme,
    Proposal,
    ProposalLink,
    SourceKind,
    Stage,
    TrailLevel,
    WorkPlanItem,
)
from tangguh.regions import codes
from tangguh.regions.models import Level, Region

PAGE_SIZE = 50
SEARCH_LIMIT = 20
OUTCOME_COLOURS = {
    Outcome.ACCOMMODATED: "#1e6b2f",
    Outcome.PARTLY: "#7a9a01",
    Outcome.DEFERRED: "#d9822b",
    Outcome.REJECTED: "#b3261e",
    Outcome.UNDECIDED: "#9aa5ad",
}


def register_navigation() -> None:
    """Menu entries and the region-page section of these pages (PlanningConfig.ready calls it)."""
    register(NavItem(gettext_lazy("Proposals"), "planning:proposals", order=55))
    register(NavItem(gettext_lazy("Sync matrix"), "planning:sync", order=57))
    register_region_section("planning:village-proposals-section")


def optional_url(name: str, *args: Any) -> str | None:
    """The URL of a page that may not be installed yet (None then)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _proposal_for(request: HttpRequest, pk: int) -> Proposal:
    """A proposal in the user's regions; 404 otherwise (one outside does not exist for them)."""
    queryset = Proposal.objects.restrict(request.user, "view").select_related(
        "region", "region__parent", "regency", "agency", "sub_activity", "partner_programme"
    )
    proposal: Proposal = get_object_or_404(queryset, pk=pk)
    return proposal


def _require_change(request: HttpRequest, proposal: Proposal) -> None:
    if not user_scope(request.user, "change").covers(proposal.region_id):
        raise PermissionDenied(
            _(
                "You may view this proposal but not change it: that needs the editor role in "
                "%(place)s."
            )
            % {"place": proposal.region.name}
        )


# ---------------------------------------------------------------------------------------------
# The calendar


@dataclass(frozen=True)
class CalendarState:
    """What a regency's calendar allows today, for the pages to show."""

    calendar: rules.Calendar
    current: Stage | None
    stages: list[dict[str, Any]]
    village_closed: str | None
    others_closed: str | None
    decisions_closed: str | None
    work_plans_closed: str | None


def calendar_state(regency: Region, year: int) -> CalendarState:
    """The stages of a regency's calendar for a year, the one under way and what is closed."""
    calendar = rules.Calendar.of(regency, year)
    today = rules.today()
    current = calendar.current(today)
    stages = []
    for stage in Stage:
        window = calendar.windows.get(stage)
        if window is None:
            state = "unset"
        elif stage == current and today <= window.ends:
            state = "current"
        elif today > window.ends:
            state = "past"
        else:
            state = "ahead"
        stages.append({"stage": stage, "window": window, "state": state})
    return CalendarState(
        calendar=calendar,
        current=current,
        stages=stages,
        village_closed=calendar.proposals_closed(SourceKind.MUSRENBANG_DESA, today),
        others_closed=calendar.proposals_closed(SourceKind.PARTNER, today),
        decisions_closed=calendar.decisions_closed(today),
        work_plans_closed=calendar.work_plans_closed(today),
    )


def _regency_of_interest(request: HttpRequest, code: str | None) -> Region | None:
    """The regency a page is about: the one holding the region chosen, else the user's only
    regency; None when that is not clear (a province manager who chose nothing)."""
    regencies = {services.regency_code(code)} if code and "." in code else set()
    if not regencies:
        scope = user_scope(request.user, "view")
        if scope.everything or any("." not in root for root in scope.roots):
            return None
        regencies = {services.regency_code(root) for root in scope.roots}
    if len(regencies) != 1:
        return None
    return Region.objects.defer("boundary", "bbox").filter(pk=regencies.pop()).first()


# ---------------------------------------------------------------------------------------------
# The list and the form


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """Proposals in the user's regions, filtered and paginated, with the planning calendar of
    the regency and year in view."""
    queryset = Proposal.objects.restrict(request.user, "view").select_related(
        "region", "region__parent", "agency", "sub_activity"
    )
    proposals = ProposalListFilter(request.GET, queryset=queryset, request=request)
    page = Paginator(proposals.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cleaned = getattr(proposals.form, "cleaned_data", {})
    year = cleaned.get("year") or rules.budget_year()
    regency = _regency_of_interest(request, location_code(cleaned.get("region")))
    context = {
        "filter": proposals,
        "page": page,
        "year": year,
        "regency": regency,
        "calendar": calendar_state(regency, year) if regency else None,
        "calendar_url": optional_url("planning:calendar", regency.code, year) if regency else None,
        "can_add": not user_scope(request.user, "add").is_empty,
        "import_url": optional_url("planning:proposal-import"),
        "template_url": optional_url("planning:proposal-template"),
    }
    return render(request, "planning/proposals/list.html", context)


def _wire_location(form: ProposalForm) -> None:
    """The location field asks the server for the place's name and programmes when it changes."""
    form.fields["region"].widget.attrs.update(
        {
            "hx-get": reverse("planning:proposal-location"),
            "hx-trigger": "change",
            "hx-target": "#location-field",
            "hx-swap": "outerHTML",
        }
    )


def _initial(request: HttpRequest) -> dict[str, Any]:
    """A new proposal's location (asked for, or the officer's only village) and year."""
    initial: dict[str, Any] = {
        "year": rules.budget_year(),
        "source_kind": SourceKind.MUSRENBANG_DESA,
    }
    raw_year = query_text(request, "year")
    if re.fullmatch(r"[0-9]{4}", raw_year) and FIRST_YEAR <= int(raw_year) <= LAST_YEAR:
        initial["year"] = int(raw_year)
    scope = user_scope(request.user, "add")
    code = location_code(query_text(request, "region"))
    if code is None and not scope.everything and len(scope.roots) == 1:
        (root,) = scope.roots
        code = root if codes.level_of(root) >= Level.DISTRICT else None
    if code and scope.covers(code):
        initial["region"] = code
    return initial


def _closed_for(proposal: Proposal | None, form: ProposalForm) -> str | None:
    """Why the proposal cannot be saved now, when that is known before saving."""
    if proposal is not None:
        return rules.Calendar.of(proposal.regency, proposal.year).proposals_closed(
            proposal.source_kind
        )
    code = form.location()
    year = form.initial.get("year")
    if not code or codes.level_of(code) < Level.REGENCY or not year:
        return None
    regency = Region.objects.filter(pk=services.regency_code(code)).only("code", "name").first()
    if regency is None:
        return None
    source = form.initial.get("source_kind", SourceKind.MUSRENBANG_DESA)
    return rules.Calendar.of(regency, int(year)).proposals_closed(source)


@login_required
def proposal_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Record a new proposal, or change one while its source's window is open."""
    proposal = _proposal_for(request, pk) if pk is not None else None
    if proposal is not None:
        _require_change(request, proposal)
    elif user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to add proposals."))
    instance = Proposal.objects.get(pk=proposal.pk) if proposal else Proposal()
    initial = _initial(request) if proposal is None else {}
    form = ProposalForm(request.POST or None, instance=instance, initial=initial, user=request.user)
    _wire_location(form)
    if request.method == "POST" and form.is_valid():
        hazards = list(form.cleaned_data["hazards"])
        try:
            if proposal is None:
                saved = services.create_proposal(
                    actor=request.user, hazards=hazards, **form.values()
                )
            else:
                saved = services.update_proposal(
                    proposal, actor=request.user, hazards=hazards, **form.values()
                )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(form, exc, "region")
        else:
            messages.success(request, _("Proposal saved."))
            return redirect(saved)
    context = {
        "form": form,
        "proposal": proposal,
        "closed": _closed_for(proposal, form),
        "chosen": _location(form.location()),
    }
    return render(request, "planning/proposals/form.html", context)


@login_required
def proposal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a proposal that has not been decided, while its window is open."""
    proposal = _proposal_for(request, pk)
    _require_change(request, proposal)
    error = None
    if request.method == "POST":
        try:
            services.delete_proposal(proposal, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:
            messages.success(request, _("Proposal “%(title)s” withdrawn.") % {"title": proposal})
            return redirect("planning:proposals")
    context = {"proposal": proposal, "error": error}
    return render(request, "planning/proposals/confirm_delete.html", context)


def _location(code: str | None) -> Region | None:
    if not code:
        return None
    return Region.objects.defer("boundary", "bbox").select_related("parent").filter(pk=code).first()


@login_required
def location_search(request: HttpRequest) -> HttpResponse:
    """Villages and sub-districts in the user's regions whose name or code matches (HTMX)."""
    text = query_text(request, "location_q")
    results = None
    if text:
        found = (
            Region.objects.search(text)
            .in_scope(user_scope(request.user, "add"))
            .filter(level__gte=Level.DISTRICT, is_active=True)
            .defer("boundary", "bbox")
            .select_related("parent")
            .order_by("level", "name")
        )
        results = list(found[:SEARCH_LIMIT])
    context = {"results": results, "query": text, "limit": SEARCH_LIMIT}
    return render(request, "planning/proposals/_location_results.html", context)


@login_required
def location_choose(request: HttpRequest) -> HttpResponse:
    """The location field with the place chosen, and the partner programmes working there
    (HTMX: the programme field is swapped out of band)."""
    typed = query_text(request, "region")
    code = location_code(typed)
    chosen = _location(code)
    form = ProposalForm(initial={"region": code or typed}, user=request.user)
    _wire_location(form)
    context = {"form": form, "chosen": chosen, "typed": "" if chosen else typed, "oob": True}
    return render(request, "planning/proposals/_location_field.html", context)


# ---------------------------------------------------------------------------------------------
# A proposal


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
    for name in ("recommend_form", "coding_form", "decision_form", "link_formset"):
        context[name] = bound.get(name)
    return context


def _rec_initial(request: HttpRequest) -> dict[str, Any]:
    agency_id = getattr(request.user, "agency_id", None)
    return {"agency": agency_id} if agency_id else {}


def _phase_labels(phases: list[str] | None) -> list[str]:
    labels = dict(DisasterPhase.choices)
    return [str(labels.get(p, p)) for p in phases or []]


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One proposal: what was entered, the recommendation trail, suggested sub-activities, the
    coding, the decision (with the work-plan items answering it) and the history."""
    proposal = _proposal_for(request, pk)
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
    proposal = _proposal_for(request, pk)
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
    proposal = _proposal_for(request, pk)
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
    proposal = _proposal_for(request, pk)
    _require_change(request, proposal)
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
    proposal = _proposal_for(request, pk)
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


@login_required
def proposal_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The sub-activities the matcher suggests for the proposal, with the words that matched
    (a fragment, loaded by HTMX so that the page does not wait for the matcher)."""
    proposal = _proposal_for(request, pk)
    closed = rules.Calendar.of(proposal.regency, proposal.year).decisions_closed()
    refusal = _decision_refusal(request, proposal, closed)
    suggestions = [
        {
            "match": match,
            "name": highlight(match.item.name, match.matched),
            "percent": round(match.score * 100),
            "current": match.item.pk == proposal.sub_activity_id,
        }
        for match in matching.suggest_for(proposal, top=5)
    ]
    context = {"proposal": proposal, "suggestions": suggestions, "refusal": refusal}
    return render(request, "planning/proposals/_suggestions.html", context)


# ---------------------------------------------------------------------------------------------
# The village's view


def _visible_region(request: HttpRequest, code: str) -> Region:
    region = region_or_404(code)
    if not user_scope(request.user, "view").overlaps(region.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": region.code})
    return region


def _village_proposals(request: HttpRequest, region: Region) -> QuerySet[Proposal]:
    links = ProposalLink.objects.select_related("item__agency", "item__sub_activity", "location")
    return (
        Proposal.objects.restrict(request.user, "view")
        .within(region.code)
        .select_related(
            "region", "agency", "sub_activity", "partner_programme", "carried_to", "carried_from"
        )
        .prefetch_related(Prefetch("links", queryset=links), "recommendations")
        .order_by("-year", "priority", "id")
    )


@login_required
def village_proposals(request: HttpRequest, code: str) -> HttpResponse:
    """What became of a village's (or sub-district's) proposals, year by year, readable on a
    phone: the decision, the agency and sub-activity, the budget and location that answer it,
    and the reasons."""
    region = _visible_region(request, code)
    if region.level < Level.DISTRICT:
        return redirect(reverse("planning:proposals") + "?" + urlencode({"region": region.code}))
    proposals = _village_proposals(request, region)
    years = list(proposals.order_by().values_list("year", flat=True).distinct())
    raw_year = query_text(request, "year")
    year = int(raw_year) if re.fullmatch(r"[0-9]{1,4}", raw_year) else None
    if year is not None:
        proposals = proposals.filter(year=year)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    add_url = None
    if user_scope(request.user, "add").covers(region.code):
        add_url = reverse("planning:proposal-add") + "?" + urlencode({"region": region.code})
    context = {
        "region": region,
        "ancestors": region.ancestors(),
        "page": page,
        "years": sorted(set(years), reverse=True),
        "year": year,
        "add_url": add_url,
        "undecided": Outcome.UNDECIDED,
    }
    return render(request, "planning/proposals/village.html", context)


@login_required
def village_proposals_section(request: HttpRequest, code: str) -> HttpResponse:
    """The proposals of a region for its page (a fragment; empty outside one's regions)."""
    region = region_or_404(code)
    if not user_scope(request.user, "view").overlaps(region.code):
        return HttpResponse("")
    proposals = Proposal.objects.restrict(request.user, "view").within(region.code)
    latest = proposals.order_by("-year").values_list("year", flat=True).first()
    counts: dict[str, int] = {}
    recent: list[Proposal] = []
    if latest is not None:
        of_year = proposals.filter(year=latest)
        counts = dict(of_year.values_list("outcome").annotate(n=Count("id")).order_by())
        if region.level >= Level.DISTRICT:
            recent = list(of_year.select_related("region").order_by("priority", "id")[:8])
    context = {
        "region": region,
        "year": latest,
        "counts": [(o.label, counts.get(o.value, 0)) for o in Outcome if counts.get(o.value)],
        "total": sum(counts.values()),
        "recent": recent,
        "page_url": (
            reverse("planning:village-proposals", args=[region.code])
            if region.level >= Level.DISTRICT
            else reverse("planning:proposals") + "?" + urlencode({"region": region.code})
        ),
    }
    return render(request, "planning/proposals/_region_section.html", context)


# ---------------------------------------------------------------------------------------------
# The sync matrix


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
    return None if share is None else round(share * 100)


def _charts(rows: list[matrix.Row]) -> tuple[dict[str, Any], dict[str, Any]]:
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
        found = _regency_of_interest(request, None)
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
    programmes = PartnerProgramme.objects.order_by("name")
    if regency is not None:
        programmes = programmes.filter(region_id__in=[*codes.ancestors_of(regency), regency])
    rows = [
        {
            "uptake": uptake,
            "practices": [p.strip() for p in uptake.programme.practices.splitlines() if p.strip()],
        }
        for uptake in matrix.partner_uptake(programmes, year, regency)
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
        rows = matrix.sync_matrix(proposals, by)
        outcomes, budget = _charts(rows)
        query = {"year": year, "by": by, **({"region": region.code} if region else {})}
        export = optional_url("planning:sync-export")
        context.update(
            {
                "year": year,
                "region": region,
                "by": by,
                "dimension": matrix.DIMENSIONS[by],
                "rows": [
                    {"row": r, "share": _percent(r.share), "url": _row_url(by, r.key, year)}
                    for r in rows
                ],
                "overall": matrix.overall(proposals, rows, by),
                "outcomes_chart": outcomes,
                "budget_chart": budget,
                "chart_height": max(240, 60 + 28 * len(rows)),
                "export_url": f"{export}?{urlencode(query)}" if export else None,
            }
        )
        context["overall_share"] = _percent(context["overall"].share)
        context["uptake"], context["uptake_note"] = _uptake(request, region, year)
    return render(request, "planning/sync/matrix.html", context)
