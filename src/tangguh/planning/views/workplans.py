"""Pages of the agencies' work plans (Renja/RKT): the list of agencies and years, one agency's
plan with its items, an item, adding, changing and removing items, copying a plan forward and
finalising it, and the fragments of the item form.

Reads go through the user's region scope; writes through `planning.services`, whose refusals
(the calendar, the scope, the agency's bidang) are shown on the page, never as a server error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.accounts.models import Agency
from tangguh.catalogues.choices import DisasterPhase
from tangguh.core.crud import record_for, show_errors
from tangguh.core.pagination import page_of
from tangguh.core.views import query_text
from tangguh.nomenclature.models import Edition, Item
from tangguh.nomenclature.views import search_items
from tangguh.planning import rules, services
from tangguh.planning.forms.workplans import (
    ItemForm,
    WorkPlansFilter,
    held_sub_activities,
    sub_activity_for,
)
from tangguh.planning.models import FundingSource, WorkPlanItem, WorkPlanStatus
from tangguh.planning.views.common import refusal_text, year_or_404
from tangguh.regions.models import Region

LOCATION_LIMIT = 20


def _agency_for(request: HttpRequest, pk: int) -> Agency:
    """An agency the user may view (404 when absent, 403 outside their regions)."""
    agency: Agency = record_for(request, Agency.objects.select_related("region"), pk)
    return agency


def _editable_agency(request: HttpRequest, pk: int) -> Agency:
    """An agency whose work plan the user may change."""
    agency = _agency_for(request, pk)
    refusal = services.work_plan_refusal(request.user, agency)
    if refusal:
        raise PermissionDenied(refusal)
    return agency


# ---------------------------------------------------------------------------------------------
# Work plans: the list of agencies × year


@login_required
def workplans(request: HttpRequest) -> HttpResponse:
    """The agencies in the user's regions for a year, with their items, drafts and budgets."""
    filters = WorkPlansFilter(request.GET or None)
    year, region = rules.budget_year(), None
    if filters.is_valid():
        year = filters.cleaned_data["year"] or year
        region = filters.cleaned_data["region"] or None
    agencies = Agency.objects.restrict(request.user, "view").filter(Agency.year_q(year))
    if region is not None:
        agencies = agencies.within(region.code)
    of_year = Q(work_plan_items__year=year)
    rows = (
        agencies.select_related("region")
        .annotate(
            item_count=Count("work_plan_items", filter=of_year),
            draft_count=Count(
                "work_plan_items", filter=of_year & Q(work_plan_items__status=WorkPlanStatus.DRAFT)
            ),
            budget=Sum("work_plan_items__budget", filter=of_year),
        )
        .order_by("region_id", "name")
    )
    totals = WorkPlanItem.objects.filter(agency__in=agencies.values("pk"), year=year).aggregate(
        items=Count("id"), budget=Sum("budget")
    )
    page = page_of(request, rows)
    context = {"filters": filters, "year": year, "page": page, "totals": totals}
    return render(request, "planning/workplans/list.html", context)


# ---------------------------------------------------------------------------------------------
# One agency's work plan


def _items_of(agency: Agency, year: int) -> QuerySet[WorkPlanItem]:
    """An agency's items of a year with what answers proposals."""
    return (
        WorkPlanItem.objects.filter(agency=agency, year=year)
        .select_related("sub_activity", "partner_programme")
        .prefetch_related("locations")
        .annotate(linked=Count("links"), linked_budget=Sum("links__budget"))
        .order_by("sub_activity__code", "id")
    )


def label_phases(items: list[WorkPlanItem]) -> list[WorkPlanItem]:
    """Give each item `phase_labels`: its disaster phases in the user's language."""
    labels = dict(DisasterPhase.choices)
    for item in items:
        item.phase_labels = [labels[p] for p in item.phases or [] if p in labels]  # type: ignore[attr-defined]
    return items


def _totals(items: list[WorkPlanItem]) -> dict[str, Any]:
    """Counts and budgets of a work plan."""
    by_source = {value: Decimal(0) for value in FundingSource.values}
    for item in items:
        by_source[item.funding_source] += item.budget
    labels = dict(FundingSource.choices)
    return {
        "items": len(items),
        "budget": sum((i.budget for i in items), Decimal(0)),
        "drafts": sum(1 for i in items if i.status == WorkPlanStatus.DRAFT),
        "linked": sum(i.linked for i in items),  # type: ignore[attr-defined]
        "linked_budget": sum((i.linked_budget or Decimal(0) for i in items), Decimal(0)),  # type: ignore[attr-defined]
        "by_source": [(labels[k], v) for k, v in by_source.items() if v],
    }


@login_required
def workplan(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """An agency's work plan for a year: its items with locations, targets, budgets, tags,
    status and the proposals they answer; totals; add, copy forward and finalise."""
    found = _agency_for(request, agency)
    year = year_or_404(year)
    items = label_phases(list(_items_of(found, year)))
    closed = rules.Calendar.of(found.region, year).work_plans_closed()
    context = {
        "agency": found,
        "year": year,
        "items": items,
        "totals": _totals(items),
        "closed": closed,
        "refusal": services.work_plan_refusal(request.user, found),
        "previous_count": WorkPlanItem.objects.filter(agency=found, year=year - 1).count(),
        "edition": Edition.for_year(year),
    }
    return render(request, "planning/workplans/workplan.html", context)


def _item_for(request: HttpRequest, pk: int) -> WorkPlanItem:
    """A work-plan item the user may view."""
    queryset = WorkPlanItem.objects.select_related(
        "agency__region", "sub_activity__edition", "partner_programme", "copied_from"
    )
    item: WorkPlanItem = record_for(request, queryset, pk)
    return item


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One work-plan item with its locations, tags, the proposals it answers and its history."""
    item = label_phases([_item_for(request, pk)])[0]
    links = item.links.select_related("proposal__region", "location").order_by(
        "proposal__region_id", "proposal__title"
    )
    context = {
        "item": item,
        "locations": item.locations.order_by("code"),
        "links": links,
        "linked_budget": links.aggregate(total=Sum("budget"))["total"] or Decimal(0),
        "closed": rules.Calendar.of(item.agency.region, item.year).work_plans_closed(),
        "refusal": services.work_plan_refusal(request.user, item.agency),
    }
    return render(request, "planning/workplans/item_detail.html", context)


def _chosen(form: ItemForm, edition: Edition | None) -> Item | None:
    """The sub-activity to describe beside the form: the one chosen, typed or stored."""
    if form.chosen is not None:
        return form.chosen
    if form.is_bound and edition is not None:
        typed = str(form.data.get("sub_activity", "")).strip().upper()
        return sub_activity_for(edition, form.agency, typed) if typed else None
    return form.instance.sub_activity if form.instance.pk else None


def _item_form_page(
    request: HttpRequest, form: ItemForm, agency: Agency, year: int, item: WorkPlanItem | None
) -> HttpResponse:
    """The item form with the sub-activity chosen and the calendar's state."""
    chosen = _chosen(form, form.edition)
    context = {
        "form": form,
        "agency": agency,
        "year": year,
        "item": item,
        "edition": form.edition,
        "chosen": chosen,
        "chosen_held": chosen is None or services.agency_holds(agency, chosen.code),
        "closed": rules.Calendar.of(agency.region, year).work_plans_closed(),
    }
    return render(request, "planning/workplans/item_form.html", context)


@login_required
def item_add(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """Add a sub-activity to an agency's work plan."""
    found = _editable_agency(request, agency)
    year = year_or_404(year)
    instance = WorkPlanItem(agency=found, region_id=found.region_id, year=year)
    edition = Edition.for_year(year)
    form = ItemForm(request.POST or None, instance=instance, agency=found, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.create_item(
                actor=request.user,
                agency=found,
                year=year,
                sub_activity=form.cleaned_data["sub_activity"],
                locations=list(form.cleaned_data["locations"]),
                **form.values(),
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(form, exc, "sub_activity")
        else:
            messages.success(request, _("Work-plan item saved."))
            return redirect(saved)
    return _item_form_page(request, form, found, year, None)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a work-plan item (while the year's work plans are open)."""
    item = _item_for(request, pk)
    agency = _editable_agency(request, item.agency_id)
    edition = Edition.for_year(item.year)
    copy = WorkPlanItem.objects.select_related("sub_activity").get(pk=item.pk)
    form = ItemForm(
        request.POST or None, instance=copy, agency=agency, edition=edition, with_status=True
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["sub_activity"]
        try:
            saved = services.update_item(
                item,
                actor=request.user,
                sub_activity=chosen if chosen.pk != item.sub_activity_id else None,
                locations=list(form.cleaned_data["locations"]),
                **form.values(),
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(form, exc, "sub_activity")
        else:
            messages.success(request, _("Work-plan item saved."))
            return redirect(saved)
    return _item_form_page(request, form, agency, item.year, item)


@login_required
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm and remove a work-plan item no decision relies on."""
    item = _item_for(request, pk)
    agency = _editable_agency(request, item.agency_id)
    if request.method == "POST":
        try:
            services.delete_item(item, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
            return redirect(item)
        messages.success(request, _("Work-plan item %(item)s deleted.") % {"item": item})
        return redirect("planning:workplan", agency.pk, item.year)
    context = {"item": item, "cancel": item.get_absolute_url()}
    return render(request, "planning/workplans/confirm_delete.html", context)


@login_required
def workplan_copy(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """Confirm, then copy the previous year's items into this year as drafts; show what was
    created and what was skipped, with the reasons."""
    found = _editable_agency(request, agency)
    year = year_or_404(year)
    context: dict[str, Any] = {
        "agency": found,
        "year": year,
        "from_year": year - 1,
        "previous": WorkPlanItem.objects.filter(agency=found, year=year - 1)
        .select_related("sub_activity")
        .order_by("sub_activity__code"),
        "closed": rules.Calendar.of(found.region, year).work_plans_closed(),
    }
    if request.method == "POST":
        try:
            report = services.copy_forward(
                found, from_year=year - 1, to_year=year, actor=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
            return redirect("planning:workplan", found.pk, year)
        context["report"] = report
    return render(request, "planning/workplans/copy.html", context)


@login_required
def workplan_finalise(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """Confirm, then mark every draft item of the work plan final."""
    found = _editable_agency(request, agency)
    year = year_or_404(year)
    if request.method == "POST":
        try:
            changed = services.finalise(found, year, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(
                request,
                ngettext("%(count)d item marked final.", "%(count)d items marked final.", changed)
                % {"count": changed},
            )
        return redirect("planning:workplan", found.pk, year)
    context = {
        "agency": found,
        "year": year,
        "drafts": WorkPlanItem.objects.filter(
            agency=found, year=year, status=WorkPlanStatus.DRAFT
        ).count(),
        "closed": rules.Calendar.of(found.region, year).work_plans_closed(),
    }
    return render(request, "planning/workplans/finalise.html", context)


# ---------------------------------------------------------------------------------------------
# Fragments of the item form (HTMX)


@login_required
def sub_activity_search(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """Sub-activities of the bidang the agency holds matching the words or code typed."""
    found = _agency_for(request, agency)
    edition = Edition.for_year(year_or_404(year))
    query = query_text(request, "q")
    results = None
    if query and edition is not None:
        results = search_items(held_sub_activities(edition, found), query)
    context = {"agency": found, "year": year, "query": query, "results": results}
    return render(request, "planning/workplans/_sub_activity_results.html", context)


@login_required
def sub_activity_choose(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """The sub-activity field with the chosen code and its standard output, indicator, unit."""
    found = _agency_for(request, agency)
    edition = Edition.for_year(year_or_404(year))
    code = (query_text(request, "code") or query_text(request, "sub_activity")).upper()
    chosen = sub_activity_for(edition, found, code) if edition is not None and code else None
    context = {
        "agency": found,
        "year": year,
        "value": code,
        "chosen": chosen,
        "chosen_held": chosen is None or services.agency_holds(found, chosen.code),
        "unknown": bool(code) and chosen is None,
        "clear_results": True,
    }
    return render(request, "planning/workplans/_sub_activity_field.html", context)


def _locations(agency: Agency) -> Any:
    """The active regions of the agency's regency/city."""
    return Region.objects.within(agency.region_id).filter(is_active=True)


@login_required
def location_search(request: HttpRequest, agency: int) -> HttpResponse:
    """Regions within the agency's regency/city matching the name or code typed."""
    found = _agency_for(request, agency)
    query = query_text(request, "location_q")
    results = None
    if query:
        matches = _locations(found).search(query).select_related("parent")
        results = list(matches.order_by("level", "name")[:LOCATION_LIMIT])
    context = {"agency": found, "query": query, "results": results, "limit": LOCATION_LIMIT}
    return render(request, "planning/workplans/_location_results.html", context)


@login_required
def location_choose(request: HttpRequest, agency: int) -> HttpResponse:
    """A ticked box for one more location (nothing when it is already chosen)."""
    found = _agency_for(request, agency)
    code = query_text(request, "code")
    region = _locations(found).filter(code=code).first()
    if region is None:
        raise Http404(
            _("%(value)s is not an active region of this regency/city.") % {"value": code}
        )
    if code in request.GET.getlist("locations"):
        return HttpResponse("")
    return render(request, "planning/workplans/_location_choice.html", {"region": region})
