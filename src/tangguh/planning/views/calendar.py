"""Pages of the planning calendar: choose a regency, see its stages for a budget year with what
is open or closed today, set or remove the dates of a stage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tangguh.core.api import region_or_404
from tangguh.core.crud import record_for, show_errors
from tangguh.core.scope import Scope, user_scope
from tangguh.core.views import query_text
from tangguh.planning import rules, services
from tangguh.planning.forms.workplans import StageForm
from tangguh.planning.models import PlanningStage, Stage
from tangguh.planning.views.common import refusal_text, year_or_404
from tangguh.regions.models import Level, Region


def _calendar_region(code: str) -> Region:
    """The region of a calendar address: a regency/city or a region in one."""
    region = region_or_404(code, Region.objects.defer("boundary", "bbox"))
    if region.level == Level.PROVINCE:
        raise Http404(_("A planning calendar belongs to a regency or city."))
    return region


def _regencies_in(scope: Scope) -> list[Region]:
    """The active regencies/cities a scope reaches into."""
    regencies = Region.objects.filter(level=Level.REGENCY, is_active=True).defer("boundary", "bbox")
    return [r for r in regencies.order_by("code") if scope.overlaps(r.code)]


def _require_editor(request: HttpRequest, region: Region) -> None:
    """Refuse (403) a user who may not change the regency's calendar."""
    if not user_scope(request.user, "change").covers(region.code):
        raise PermissionDenied(_("Only the regency's editors may change its planning calendar."))


@login_required
def calendar_index(request: HttpRequest) -> HttpResponse:
    """Choose a regency/city (the user's own when there is just one) and a budget year."""
    regencies = _regencies_in(user_scope(request.user, "view"))
    year = rules.budget_year()
    if len(regencies) == 1:
        return redirect("planning:calendar", regencies[0].code, year)
    return render(request, "planning/calendar/choose.html", {"regencies": regencies, "year": year})


def _stage_form(request: HttpRequest, region: Region, year: int) -> StageForm:
    """The stage form: sent, or filled with the stage asked for."""
    if request.method == "POST":
        return StageForm(request.POST)
    asked = query_text(request, "stage")
    stored = PlanningStage.objects.filter(region=region, year=year, stage=asked).first()
    if stored is None:
        return StageForm(initial={"stage": asked} if asked in Stage.values else None)
    return StageForm(
        initial={
            "stage": stored.stage,
            "starts": stored.starts,
            "ends": stored.ends,
            "note": stored.note,
        }
    )


@login_required
def calendar(request: HttpRequest, region: str, year: int) -> HttpResponse:
    """A regency's calendar for a budget year: the stages in order with today's state, what is
    open or closed and why, and (for its editors) a form to set a stage's dates."""
    found = _calendar_region(region)
    if found.level > Level.REGENCY:
        return redirect("planning:calendar", services.regency_code(found.code), year)
    year = year_or_404(year)
    if not user_scope(request.user, "view").overlaps(found.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": found.code})
    can_change = user_scope(request.user, "change").covers(found.code)
    if request.method == "POST":
        _require_editor(request, found)
    form = _stage_form(request, found, year) if can_change else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.set_stage(found, year, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(form, exc, "stage")
        else:
            messages.success(request, _("The dates of the stage were saved."))
            return redirect("planning:calendar", found.code, year)
    state = rules.Calendar.of(found, year).state()
    context = {
        "region": found,
        "year": year,
        "state": state,
        "missing": None if state.calendar.is_set else state.work_plans_closed,
        "order_problems": rules.check_order(state.calendar.ordered()),
        "form": form,
        "can_change": can_change,
    }
    return render(request, "planning/calendar/calendar.html", context)


@login_required
def calendar_stage_delete(request: HttpRequest, region: str, year: int, stage: str) -> HttpResponse:
    """Confirm and remove the dates of one stage."""
    found = _calendar_region(region)
    stored = PlanningStage.objects.filter(region=found, year=year_or_404(year), stage=stage)
    _require_editor(request, found)
    record = record_for(request, PlanningStage, stored.values_list("pk", flat=True).first())
    back = redirect("planning:calendar", found.code, year)
    if request.method == "POST":
        try:
            services.delete_stage(record, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("The dates of the stage were removed."))
        return back
    return render(
        request,
        "planning/calendar/confirm_delete.html",
        {"record": record, "cancel": back.url},
    )
