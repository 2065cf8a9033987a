"""Pages of coordination: stakeholders, commitments with their signatories and follow-up plan,
follow-up items with their progress, the matrix's downloads (Excel, PDF) and the bulk status
update from the same workbook (checked first, then applied)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tangguh.coordination import services
from tangguh.coordination.exporting import matrix_pdf, matrix_title, matrix_workbook, pdf_response
from tangguh.coordination.filters import (
    ActionFilter,
    CommitmentFilter,
    ForumFilter,
    MeetingFilter,
    StakeholderFilter,
    SupportFilter,
)
from tangguh.coordination.forms import AttendanceForm, MemberForm, ProgressForm, SignatoryForm
from tangguh.coordination.models import (
    PENTAHELIX_ROLES,
    ActionItem,
    ActionStatus,
    Attendance,
    Commitment,
    Forum,
    ForumMember,
    Meeting,
    Pentahelix,
    ProgressUpdate,
    Signatory,
    Stakeholder,
    SupportDelivery,
)
from tangguh.coordination.summaries import (
    attendance_chart,
    attendance_totals,
    attention,
    open_items_of,
    parties_of,
    province_table,
    status_counts,
    support_totals,
    workspace,
)
from tangguh.core.api import region_or_404
from tangguh.core.crud import record_for, save_with
from tangguh.core.exporting import xlsx_response
from tangguh.core.importing.uploads import check_upload, start_import
from tangguh.core.pagination import page_of
from tangguh.core.registry import region_summaries
from tangguh.core.scope import user_scope


def _can_add(request: HttpRequest) -> bool:
    return not user_scope(request.user, "add").is_empty


# ---------------------------------------------------------------------------------------------
# Stakeholders


@login_required
def stakeholder_list(request: HttpRequest) -> HttpResponse:
    """Stakeholders of the user's regions and of the province, by pentahelix element."""
    queryset = Stakeholder.objects.visible_from_below(request.user).select_related("region")
    found = StakeholderFilter(request.GET, queryset=queryset, request=request)
    page = page_of(request, found.qs)
    context = {"filter": found, "page": page, "can_add": _can_add(request)}
    return render(request, "coordination/stakeholder_list.html", context)


@login_required
def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A stakeholder, its contacts (for members of its region only) and its follow-up items."""
    stakeholder: Stakeholder = record_for(
        request, Stakeholder.objects.select_related("region", "agency"), pk
    )
    member = user_scope(request.user, "view").covers(stakeholder.region_id)
    visible = ActionItem.objects.restrict(request.user, "view")
    context = {
        "stakeholder": stakeholder,
        "member": member,
        "role": PENTAHELIX_ROLES.get(Pentahelix(stakeholder.category), ""),
        "responsible": visible.filter(responsible=stakeholder).select_related("commitment"),
        "supporting": visible.filter(supporting=stakeholder).select_related("commitment"),
        "can_change": user_scope(request.user, "change").covers(stakeholder.region_id),
        "today": timezone.localdate(),
    }
    return render(request, "coordination/stakeholder_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Commitments


@login_required
def commitment_list(request: HttpRequest) -> HttpResponse:
    """Commitments of the user's regions and of the province, with their follow-up status."""
    queryset = Commitment.objects.visible_from_below(request.user).select_related("region")
    found = CommitmentFilter(request.GET, queryset=queryset, request=request)
    page = page_of(request, found.qs)
    counts = status_counts(
        ActionItem.objects.restrict(request.user, "view").filter(
            commitment__in=[c.pk for c in page.object_list]
        ),
        "commitment_id",
    )
    rows = [(c, counts.get(c.pk)) for c in page.object_list]
    context = {"filter": found, "page": page, "rows": rows, "can_add": _can_add(request)}
    return render(request, "coordination/commitment_list.html", context)


@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A commitment: its text, parties, signatories per region and follow-up plan (the items of
    the user's regions)."""
    commitment: Commitment = record_for(request, Commitment.objects.select_related("region"), pk)
    can_change = user_scope(request.user, "change").covers(commitment.region_id)
    regions = list(commitment.regions.defer("boundary", "bbox").order_by("code"))
    signatories: dict[str, list[Signatory]] = defaultdict(list)
    for signatory in commitment.signatories.all():
        signatories[signatory.region_id].append(signatory)
    items = (
        ActionItem.objects.restrict(request.user, "view")
        .filter(commitment=commitment)
        .select_related("region", "responsible")
        .prefetch_related("supporting")
        .order_by("region_id", "number", "pk")
    )
    context: dict[str, Any] = {
        "commitment": commitment,
        "regions": [(r, signatories.get(r.code, [])) for r in regions],
        "signed": sum(1 for r in regions if signatories.get(r.code)),
        "parties": commitment.parties.order_by("category", "name"),
        "items": items,
        "counts": status_counts(items, None).get(None),
        "today": timezone.localdate(),
        "can_change": can_change,
        "can_add_items": user_scope(request.user, "add").covers(commitment.region_id),
        "can_update": not user_scope(request.user, "change").is_empty,
    }
    if can_change:
        context["signatory_form"] = SignatoryForm(instance=Signatory(commitment=commitment))
    return render(request, "coordination/commitment_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Follow-up items


@login_required
def action_list(request: HttpRequest) -> HttpResponseBase:
    """Follow-up items of the user's regions, filtered (`?overdue=true`, `?region=` …); the
    matrix as Excel (`?export=xlsx`) or PDF (`?export=pdf`)."""
    queryset = ActionItem.objects.restrict(request.user, "view").select_related(
        "region", "responsible", "commitment"
    )
    found = ActionFilter(request.GET, queryset=queryset, request=request)
    export = request.GET.get("export")
    if export in ("xlsx", "pdf") and found.is_valid():
        commitment = None
        if found.form.cleaned_data.get("commitment"):
            commitment = Commitment.objects.filter(pk=found.form.cleaned_data["commitment"]).first()
        if export == "xlsx":
            return xlsx_response("follow-up-matrix.xlsx", matrix_workbook(found.qs))
        return pdf_response(
            "follow-up-matrix.pdf", matrix_pdf(found.qs, matrix_title(commitment), commitment)
        )
    page = page_of(request, found.qs.order_by("deadline", "pk"))
    context = {
        "filter": found,
        "page": page,
        "today": timezone.localdate(),
        "query": request.GET.urlencode(),
        "can_update": not user_scope(request.user, "change").is_empty,
    }
    return render(request, "coordination/action_list.html", context)


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A follow-up item with its parties, funding, progress updates and the form to report
    progress."""
    item: ActionItem = record_for(
        request,
        ActionItem.objects.select_related(
            "commitment",
            "region",
            "responsible",
            "work_plan_item__agency",
            "work_plan_item__sub_activity",
        ),
        pk,
    )
    can_change = user_scope(request.user, "change").covers(item.region_id)
    work = item.work_plan_item
    context = {
        "item": item,
        "today": timezone.localdate(),
        "supporting": [
            (p, PENTAHELIX_ROLES.get(Pentahelix(p.category), "")) for p in item.supporting.all()
        ],
        "work_plan_item": work
        if work and user_scope(request.user, "view").covers(work.region_id)
        else None,
        "updates": item.updates.all(),
        "can_change": can_change,
        "progress_form": ProgressForm(instance=ProgressUpdate(item=item)) if can_change else None,
    }
    return render(request, "coordination/action_detail.html", context)


@login_required
@require_POST
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Report progress on an item (its new status, a note, evidence)."""
    item: ActionItem = record_for(request, ActionItem, pk, "change")
    form = ProgressForm(request.POST, request.FILES, instance=ProgressUpdate(item=item))
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in ProgressForm.Meta.fields}
        saved = save_with(
            form, lambda: services.record_progress(item, actor=request.user, **values)
        )
        if saved is not None:
            messages.success(request, _("Progress recorded."))
            return redirect(f"{item.get_absolute_url()}#updates")
    context = {
        "form": form,
        "parent": item,
        "object": None,
        "title": _("Report progress"),
        "cancel": item.get_absolute_url(),
    }
    return render(request, "core/record_form.html", context, status=400)


class MatrixUploadForm(forms.Form):
    """The follow-up matrix, filled in."""

    upload = forms.FileField(
        label=gettext_lazy("Follow-up matrix"),
        help_text=gettext_lazy(
            "The workbook downloaded from this page (.xlsx) with new statuses and notes, or the "
            "same columns as CSV."
        ),
    )

    def clean_upload(self) -> Any:
        return check_upload(
            self.cleaned_data["upload"],
            (".xlsx", ".csv"),
            _("the follow-up matrix (.xlsx) downloaded from tangguh, or CSV"),
        )


@login_required
def action_upload(request: HttpRequest) -> HttpResponse:
    """Upload the filled matrix: it is checked in the background and the job page shows every
    change it would make (or every problem by row), with a button to apply it."""
    if user_scope(request.user, "change").is_empty:
        raise PermissionDenied(_("You need the editor role to update follow-up items."))
    form = MatrixUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            "coordination.actions", [form.cleaned_data["upload"]], owner=request.user, dry_run=True
        )
        messages.info(request, _("The workbook is being checked in the background."))
        return redirect("job", job_id=job.pk)
    context = {"form": form, "statuses": ActionStatus.choices}
    return render(request, "coordination/action_upload.html", context)


@login_required
def home_section(request: HttpRequest) -> HttpResponse:
    """The home page's section: the open follow-up items the user answers for (as an officer
    of the responsible agency, or by their email) that are overdue, stalled or due soon;
    nothing when there are none."""
    parties = parties_of(request.user)
    items = open_items_of(parties).filter(
        pk__in=ActionItem.objects.restrict(request.user, "view").values("pk")
    )
    needs = attention(items, timezone.localdate())
    if not needs:
        return HttpResponse("")
    context = {"needs": needs, "today": timezone.localdate(), "parties": parties}
    return render(request, "coordination/_home_section.html", context)


# ---------------------------------------------------------------------------------------------
# Forums and meetings


@login_required
def forum_list(request: HttpRequest) -> HttpResponse:
    """Forums of the user's regions."""
    queryset = Forum.objects.restrict(request.user, "view").select_related("region")
    found = ForumFilter(request.GET, queryset=queryset, request=request)
    counted = found.qs.annotate(member_count=Count("members")).order_by("region_id", "name", "id")
    page = page_of(request, counted)
    context = {"filter": found, "page": page, "can_add": _can_add(request)}
    return render(request, "coordination/forum_list.html", context)


@login_required
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A forum: its legal basis, members and meetings."""
    forum: Forum = record_for(request, Forum.objects.select_related("region"), pk)
    can_change = user_scope(request.user, "change").covers(forum.region_id)
    context: dict[str, Any] = {
        "forum": forum,
        "members": forum.members.select_related("agency"),
        "meetings": forum.meetings.order_by("-date"),
        "can_change": can_change,
    }
    if can_change:
        context["member_form"] = MemberForm(instance=ForumMember(forum=forum))
    return render(request, "coordination/forum_detail.html", context)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Meetings of the user's regions, with attendance by region over time."""
    queryset = Meeting.objects.restrict(request.user, "view").select_related("region", "forum")
    found = MeetingFilter(request.GET, queryset=queryset, request=request)
    page = page_of(request, found.qs)
    context = {
        "filter": found,
        "page": page,
        "chart": attendance_chart(found.qs),
        "can_add": _can_add(request),
    }
    return render(request, "coordination/meeting_list.html", context)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting: agenda, minutes, decisions and who came (by region and agency, with sex and
    disability)."""
    meeting: Meeting = record_for(request, Meeting.objects.select_related("region", "forum"), pk)
    can_change = user_scope(request.user, "change").covers(meeting.region_id)
    rows = list(meeting.attendance.select_related("region"))
    context: dict[str, Any] = {
        "meeting": meeting,
        "rows": rows,
        "totals": attendance_totals(rows),
        "can_change": can_change,
    }
    if can_change:
        context["attendance_form"] = AttendanceForm(instance=Attendance(meeting=meeting))
    return render(request, "coordination/meeting_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Support delivered to villages


@login_required
def support_list(request: HttpRequest) -> HttpResponse:
    """Trainings and stimulus packages delivered in the user's villages."""
    queryset = SupportDelivery.objects.restrict(request.user, "view").select_related(
        "region", "programme"
    )
    found = SupportFilter(request.GET, queryset=queryset, request=request)
    page = page_of(request, found.qs)
    context = {"filter": found, "page": page, "can_add": _can_add(request)}
    return render(request, "coordination/support_list.html", context)


@login_required
def support_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One delivery with its beneficiaries."""
    support: SupportDelivery = record_for(
        request, SupportDelivery.objects.select_related("region", "programme"), pk
    )
    context = {
        "support": support,
        "can_change": user_scope(request.user, "change").covers(support.region_id),
    }
    return render(request, "coordination/support_detail.html", context)


@login_required
def village_support_section(request: HttpRequest, code: str) -> HttpResponse:
    """The region page's section: support delivered within the region, newest first."""
    region = region_or_404(code)
    found = SupportDelivery.objects.restrict(request.user, "view").within(region.code)
    rows = list(found.select_related("region", "programme")[:20])
    if not rows:
        return HttpResponse("")
    context = {
        "region": region,
        "rows": rows,
        "totals": support_totals(list(found)),
        "more": found.count() > len(rows),
        "can_add": user_scope(request.user, "add").covers(region.code),
    }
    return render(request, "coordination/_village_support.html", context)


# ---------------------------------------------------------------------------------------------
# The provincial workspace


@login_required
def workspace_table(request: HttpRequest) -> HttpResponse:
    """The province table: each regency/city's commitments and follow-up status."""
    context = {"rows": province_table(request.user)}
    return render(request, "coordination/workspace_table.html", context)


@login_required
def workspace_region(request: HttpRequest, code: str) -> HttpResponse:
    """One region's page for the coordination meeting (printable): challenges by phase,
    commitments and follow-up status, and the key figures every module gives for it."""
    region = region_or_404(code)
    if not user_scope(request.user, "view").overlaps(region.code):
        raise PermissionDenied(_("You have no access to region %(code)s.") % {"code": region.code})
    context = {
        "space": workspace(request.user, region),
        "figures": region_summaries(request.user, region.code),
        "today": timezone.localdate(),
    }
    return render(request, "coordination/workspace_region.html", context)
