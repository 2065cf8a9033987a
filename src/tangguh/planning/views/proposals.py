"""Pages of proposals (usulan): the list with the planning calendar, the form to record or
change one, withdrawing one, and the location fields of the form (HTMX)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tangguh.core.crud import show_errors
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.views import query_text
from tangguh.planning import rules, services
from tangguh.planning.forms.proposals import ProposalForm, ProposalListFilter, location_code
from tangguh.planning.models import Proposal, SourceKind
from tangguh.planning.views.common import optional_url, regency_of_interest
from tangguh.planning.views.proposal_page import proposal_for, require_change
from tangguh.regions import codes
from tangguh.regions.models import Level, Region

SEARCH_LIMIT = 20
# What a row of the list shows (planning/templatetags/proposal_rows.py), and nothing more: the
# region, its sub-district, the agency and the sub-activity have a dozen columns each.
LIST_COLUMNS = (
    *("title", "priority", "reference", "estimated_cost", "year", "source_kind", "stage"),
    *("outcome", "region__name", "region__parent__name", "agency__name", "agency__short_name"),
    "sub_activity__code",
)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """Proposals in the user's regions, filtered and paginated, with the planning calendar of
    the regency and year in view."""
    queryset = (
        Proposal.objects.restrict(request.user, "view")
        .select_related("region", "region__parent", "agency", "sub_activity")
        .only(*LIST_COLUMNS)
    )
    proposals = ProposalListFilter(request.GET, queryset=queryset, request=request)
    page = page_of(request, proposals.qs)
    cleaned = getattr(proposals.form, "cleaned_data", {})
    year = cleaned.get("year") or rules.budget_year()
    regency = regency_of_interest(request, location_code(cleaned.get("region")))
    context = {
        "filter": proposals,
        "page": page,
        "year": year,
        "regency": regency,
        "calendar": rules.Calendar.of(regency, year).state() if regency else None,
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
    """A new proposal's location (asked for, or the officer's only village) and year (asked
    for, or the first whose calendar still accepts village proposals there)."""
    source = SourceKind.MUSRENBANG_DESA
    initial: dict[str, Any] = {"year": rules.budget_year(), "source_kind": source}
    scope = user_scope(request.user, "add")
    code = location_code(query_text(request, "region"))
    if code is None and not scope.everything and len(scope.roots) == 1:
        (root,) = scope.roots
        code = root if codes.level_of(root) >= Level.DISTRICT else None
    if code and scope.covers(code):
        initial["region"] = code
    raw_year = query_text(request, "year")
    if re.fullmatch(r"[0-9]{4}", raw_year) and FIRST_YEAR <= int(raw_year) <= LAST_YEAR:
        initial["year"] = int(raw_year)
    else:
        regency = regency_of_interest(request, initial.get("region"))
        if regency is not None:
            initial["year"] = rules.open_year(regency, source) or initial["year"]
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
    proposal = proposal_for(request, pk) if pk is not None else None
    if proposal is not None:
        require_change(request, proposal)
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
    proposal = proposal_for(request, pk)
    require_change(request, proposal)
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
    """The region of a typed code, with its parent."""
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
