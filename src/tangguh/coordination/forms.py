"""Forms of stakeholders, commitments, signatories, follow-up items and progress updates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.accounts.models import Agency
from tangguh.coordination.models import (
    ActionItem,
    Attendance,
    Commitment,
    Forum,
    ForumMember,
    Meeting,
    ProgressUpdate,
    Signatory,
    Stakeholder,
    SupportDelivery,
)
from tangguh.planning.summaries import all_work_plan_items, partner_programmes
from tangguh.regions.models import Level, Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StakeholderChoices(forms.ModelMultipleChoiceField):
    """Stakeholders named with their element."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.get_category_display()}"


class StakeholderChoice(forms.ModelChoiceField):
    """One stakeholder named with its element."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.get_category_display()}"


class RegionChoices(forms.ModelMultipleChoiceField):
    """Regions named with their code."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


def _stakeholders(user: Any, around: str = "") -> Any:
    found = Stakeholder.objects.visible_from_below(user)
    if around:
        found = found.filter(
            Q(region_id=around)
            | Q(region_id__in=_ancestors(around))
            | Q(region__code__startswith=around + ".")
        )
    return found.order_by("name")


def _regencies() -> Any:
    """The province and its regencies/cities, for check lists."""
    return (
        Region.objects.filter(level__lte=Level.REGENCY, is_active=True)
        .defer("boundary", "bbox")
        .order_by("code")
    )


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


class StakeholderForm(forms.ModelForm):
    """Register or change a stakeholder."""

    region = RegionCodeField(
        label=_("Region code"),
        max_level=Level.REGENCY,
        help_text=_("The province (53) or a regency/city (e.g. 53.71)."),
    )

    class Meta:
        model = Stakeholder
        fields = [
            "region",
            "name",
            "category",
            "agency",
            "contact_person",
            "email",
            "phone",
            "regions_of_work",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    regions_of_work = RegionChoices(
        queryset=Region.objects.none(),
        label=_("Regions of work"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        regions = self.fields["regions_of_work"]
        assert isinstance(regions, RegionChoices)
        regions.queryset = _regencies()
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.restrict(user, "view").order_by("region_id", "name")


class CommitmentForm(forms.ModelForm):
    """Record or change a signed commitment."""

    region = RegionCodeField(
        label=_("Convened by (region code)"),
        max_level=Level.REGENCY,
        help_text=_("53 for the province's coordination meeting, a regency's code for its own."),
    )
    regions = RegionChoices(
        queryset=Region.objects.none(),
        label=_("Regions committed"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    parties = StakeholderChoices(
        queryset=Stakeholder.objects.none(),
        label=_("Parties"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Commitment
        fields = ["region", "title", "text", "date", "place", "document", "regions", "parties"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        regions = self.fields["regions"]
        assert isinstance(regions, RegionChoices)
        regions.queryset = _regencies()
        parties = self.fields["parties"]
        assert isinstance(parties, StakeholderChoices)
        visible = _stakeholders(user)
        if self.instance.pk:
            linked = self.instance.parties.values("pk")
            visible = Stakeholder.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=linked))
        parties.queryset = visible.order_by("name")


class SignatoryForm(forms.ModelForm):
    """Who signed a commitment, for which region."""

    region = RegionCodeField(label=_("Signed for (region code)"), max_level=Level.REGENCY)

    class Meta:
        model = Signatory
        fields = ["region", "name", "position", "institution", "category"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id


class WorkPlanItemChoice(forms.ModelChoiceField):
    """Work-plan items named by year, agency and sub-activity."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.year} · {obj.agency.short_name or obj.agency.name} · {obj}"


class ActionForm(forms.ModelForm):
    """Add or change a follow-up item; the lists offer the stakeholders and work-plan items the
    user may see around the commitment's regions."""

    region = RegionCodeField(
        label=_("Region code"),
        max_level=Level.REGENCY,
        help_text=_("The region that carries the item out (one of the commitment's)."),
    )
    responsible = StakeholderChoice(
        queryset=Stakeholder.objects.none(), required=False, label=_("Responsible party")
    )
    supporting = StakeholderChoices(
        queryset=Stakeholder.objects.none(),
        required=False,
        label=_("Supporting parties"),
        widget=forms.CheckboxSelectMultiple,
    )
    work_plan_item = WorkPlanItemChoice(
        queryset=all_work_plan_items().none(), required=False, label=_("Work-plan item")
    )

    class Meta:
        model = ActionItem
        fields = [
            "region",
            "number",
            "issue",
            "phase",
            "action",
            "indicator",
            "target",
            "unit",
            "responsible",
            "supporting",
            "deadline",
            "funding",
            "work_plan_item",
        ]
        widgets = {
            "deadline": DATE,
            "issue": forms.Textarea(attrs={"rows": 2}),
            "action": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = self.instance
        commitment = item.commitment if item.commitment_id else None
        around = commitment.region_id if commitment else ""
        if item.pk:
            self.initial["region"] = item.region_id
        elif commitment is not None:
            self.initial.setdefault("region", commitment.region_id)
        for name in ("responsible", "supporting"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = _stakeholders(user, around)
        field = self.fields["work_plan_item"]
        assert isinstance(field, WorkPlanItemChoice)
        items = (
            all_work_plan_items().restrict(user, "view").select_related("agency", "sub_activity")
        )
        if around:
            items = items.filter(
                Q(region_id=around)
                | Q(region__code__startswith=around + ".")
                | Q(region_id__in=_ancestors(around))
            )
        field.queryset = items.order_by("-year", "agency__name", "sub_activity__code")
        self.fields["work_plan_item"].help_text = ActionItem._meta.get_field(
            "work_plan_item"
        ).help_text


class ProgressForm(forms.ModelForm):
    """Report progress on a follow-up item."""

    class Meta:
        model = ProgressUpdate
        fields = ["date", "status", "note", "realised", "evidence_url", "evidence"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    evidence_url = forms.URLField(
        label=capfirst(ProgressUpdate._meta.get_field("evidence_url").verbose_name),
        required=False,
        assume_scheme="https",
        max_length=200,
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.item_id and not self.is_bound:
            self.initial["status"] = self.initial.get("status") or self.instance.item.status
            self.initial["date"] = self.initial.get("date") or timezone.localdate()


class ForumForm(forms.ModelForm):
    """Record or change a forum."""

    region = RegionCodeField(label=_("Region code"), max_level=Level.REGENCY)

    class Meta:
        model = Forum
        fields = ["region", "name", "decree_number", "decree_date", "document", "purpose"]
        widgets = {"decree_date": DATE, "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id


class MemberForm(forms.ModelForm):
    """A member of a forum; the agencies offered are those of the forum's government."""

    class Meta:
        model = ForumMember
        fields = ["person", "agency", "institution", "role"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        forum = self.instance.forum if self.instance.forum_id else None
        around = [forum.region_id, *_ancestors(forum.region_id)] if forum else []
        agency.queryset = Agency.objects.filter(region_id__in=around).order_by("name")


class MeetingForm(forms.ModelForm):
    """Record or change a coordination meeting."""

    region = RegionCodeField(label=_("Convened by (region code)"), max_level=Level.REGENCY)

    class Meta:
        model = Meeting
        fields = ["region", "forum", "title", "date", "place", "agenda", "minutes", "decisions"]
        widgets = {
            "date": DATE,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        forum = self.fields["forum"]
        assert isinstance(forum, forms.ModelChoiceField)
        forum.queryset = Forum.objects.restrict(user, "view").order_by("name")


class AttendanceForm(forms.ModelForm):
    """Who came to a meeting from one region and agency."""

    region = RegionCodeField(label=_("From region (code)"), max_level=Level.REGENCY)

    class Meta:
        model = Attendance
        fields = ["region", "agency", "women", "men", "with_disability"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        for name in ("women", "men", "with_disability"):
            self.fields[name].widget.attrs["placeholder"] = _("unknown")


class ProgrammeChoice(forms.ModelChoiceField):
    """Partner programmes named with their partner."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.partner})"


class SupportForm(forms.ModelForm):
    """A training or stimulus package delivered in a village."""

    region = RegionCodeField(label=_("Village code"), help_text=_("e.g. 53.18.02.2005"))
    programme = ProgrammeChoice(
        queryset=partner_programmes().none(), required=False, label=_("Partner programme")
    )

    class Meta:
        model = SupportDelivery
        fields = [
            "region",
            "programme",
            "kind",
            "what",
            "date",
            "women",
            "men",
            "children",
            "adults",
            "older",
            "with_disability",
            "value",
            "notes",
        ]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        programme = self.fields["programme"]
        assert isinstance(programme, ProgrammeChoice)
        programme.queryset = partner_programmes().visible_from_below(user).order_by("name")
        for name in ("women", "men", "children", "adults", "older", "with_disability"):
            self.fields[name].widget.attrs["placeholder"] = _("unknown")
