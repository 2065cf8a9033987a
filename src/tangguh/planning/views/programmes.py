"""Pages of the partner programmes: the list, a programme with its practices, proposals and the
work-plan items that carry it, and the form to register or change one."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core.crud import record_for, show_errors
from tangguh.core.pagination import page_of
from tangguh.core.scope import user_scope
from tangguh.core.views import query_text
from tangguh.planning import services
from tangguh.planning.filters import ProgrammeFilter
from tangguh.planning.forms.workplans import ProgrammeForm
from tangguh.planning.models import PartnerProgramme, Proposal, WorkPlanItem
from tangguh.planning.summaries import sustainability


def _count_of(model: type[Proposal] | type[WorkPlanItem]) -> Coalesce:
    """How many records of MODEL carry each programme, counted per programme in a subquery
    (two counted joins multiplied a programme's proposals by its items before grouping)."""
    rows = model.objects.filter(partner_programme=OuterRef("pk")).order_by()
    counted = rows.values("partner_programme").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    """Partner programmes working in the user's regions, filtered as in the API (`?region=`,
    `?year=` working then, `?q=` name or partner)."""
    found = PartnerProgramme.objects.visible_from_below(request.user).select_related("region")
    counted = ProgrammeFilter(request.GET, queryset=found, request=request).qs.annotate(
        proposal_count=_count_of(Proposal), item_count=_count_of(WorkPlanItem)
    )
    page = page_of(request, counted.order_by("name"))
    context = {
        "page": page,
        "query": query_text(request, "q"),
        "can_add": not user_scope(request.user, "add").is_empty,
    }
    return render(request, "planning/programmes/list.html", context)


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme with the practices it promotes, its proposals and the work-plan items that
    now carry it."""
    programme = record_for(request, PartnerProgramme.objects.select_related("region"), pk)
    proposals = Proposal.objects.restrict(request.user, "view").filter(partner_programme=programme)
    items = (
        WorkPlanItem.objects.restrict(request.user, "view")
        .filter(partner_programme=programme)
        .select_related("agency", "sub_activity")
        .order_by("-year", "agency__name", "sub_activity__code")
    )
    context = {
        "programme": programme,
        "practices": [p.strip() for p in programme.practices.splitlines() if p.strip()],
        "proposals": proposals.select_related("region").order_by("-year", "title")[:100],
        "proposal_count": proposals.count(),
        "items": items,
        "item_budget": items.aggregate(total=Sum("budget"))["total"] or Decimal(0),
        "can_change": user_scope(request.user, "change").covers(programme.region_id),
        "sustainability": sustainability(
            programme, WorkPlanItem.objects.restrict(request.user, "view")
        ),
        "villages": programme.villages.defer("boundary", "bbox").order_by("code"),
        "ended": programme.last_year is not None
        and programme.last_year < timezone.localdate().year,
    }
    return render(request, "planning/programmes/detail.html", context)


@login_required
def programme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Register a programme, or change one in the user's regions."""
    programme = record_for(request, PartnerProgramme, pk, "change") if pk is not None else None
    if programme is None and user_scope(request.user, "add").is_empty:
        raise PermissionDenied(_("You need the editor role to add records."))
    # The form works on its own copy: the service compares the stored record with the new values.
    copy = PartnerProgramme.objects.get(pk=programme.pk) if programme else None
    form = ProgrammeForm(request.POST or None, instance=copy)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if programme is None:
                saved = services.create_programme(actor=request.user, **values)
            else:
                saved = services.update_programme(programme, actor=request.user, **values)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(form, exc, "region")
        else:
            messages.success(request, _("Partner programme saved."))
            return redirect(saved)
    context = {"form": form, "programme": programme}
    return render(request, "planning/programmes/form.html", context)
