"""Forms of the proposal pages: the list's filters, the proposal form, and the recommendation,
coding and decision forms of a proposal's page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.accounts.models import Agency
from tangguh.catalogues.choices import DisasterPhase
from tangguh.catalogues.forms import HazardsField, hazard_label, ordered_hazards
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.scope import user_scope
from tangguh.nomenclature.models import Edition, Item
from tangguh.planning import services
from tangguh.planning.filters import ProposalFilter
from tangguh.planning.models import (
    MAX_MONEY,
    Outcome,
    PartnerProgramme,
    Proposal,
    Verdict,
    WorkPlanItem,
)
from tangguh.planning.summaries import DIMENSIONS
from tangguh.regions import codes
from tangguh.regions.models import Level as RegionLevel
from tangguh.regions.models import Region, UnknownRegion, find_region

COUNT_FIELDS = ("women", "men", "disabled", "elderly", "children")


def tag_choices() -> list[tuple[str, Any]]:
    """The tags a proposal can carry, keyed as the sync matrix keys them."""
    fixed: list[tuple[str, Any]] = [
        ("poverty", _("Poverty")),
        ("climate_adaptation", _("Climate adaptation")),
        ("livelihood", _("Livelihood")),
    ]
    phases = [(f"phase:{value}", label) for value, label in DisasterPhase.choices]
    hazards = [(f"hazard:{h.pk}", hazard_label(h)) for h in ordered_hazards()]
    return [*fixed, *phases, *hazards]


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies of the governments the user works in or under (a village officer sees the
    agencies of their regency)."""
    return Agency.objects.visible_from_below(user).order_by("region_id", "short_name", "name")


def _agencies_for_request(request: Any) -> QuerySet[Agency]:
    return visible_agencies(getattr(request, "user", None))


class AgencyChoiceField(forms.ModelChoiceField):
    """Agencies named with their government's code."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.region_id})"


class AgencyFilter(django_filters.ModelChoiceFilter):
    """An agency, named with its government's code."""

    field_class = AgencyChoiceField  # type: ignore[assignment]  # a subclass of its own


class ProgrammeChoiceField(forms.ModelChoiceField):
    """Partner programmes named with their partner and years."""

    def label_from_instance(self, obj: Any) -> str:
        until = obj.last_year or "…"
        return f"{obj.name} ({obj.partner}, {obj.first_year}–{until})"


class ProgrammeFilter(django_filters.ModelChoiceFilter):
    """A partner programme, named with its partner and years."""

    field_class = ProgrammeChoiceField  # type: ignore[assignment]  # a subclass of its own


def _programmes_for_request(request: Any) -> QuerySet[PartnerProgramme]:
    user = getattr(request, "user", None)
    return PartnerProgramme.objects.visible_from_below(user).order_by("name")


class ProposalListFilter(ProposalFilter):
    """The API's proposal filters with choices a person can read (agencies and programmes by
    name), and tags (poverty, climate adaptation, livelihood, disaster phase, hazard)."""

    # The same parameters as the API's (ids), chosen from lists read per request.
    agency = AgencyFilter(  # type: ignore[assignment]
        queryset=_agencies_for_request,  # type: ignore[arg-type]
        label=_("Agency"),
    )
    partner_programme = ProgrammeFilter(  # type: ignore[assignment]
        queryset=_programmes_for_request,  # type: ignore[arg-type]
        label=_("Partner programme"),
    )
    tag = django_filters.ChoiceFilter(choices=tag_choices, method="filter_tag", label=_("Tag"))

    class Meta:
        model = Proposal
        fields: list[str] = []

    def filter_tag(self, queryset: Any, name: str, value: str) -> Any:
        """Proposals carrying a tag: poverty, climate adaptation, livelihood, a disaster phase
        or a hazard (a hazard family includes its sub-types)."""
        if value in ("poverty", "climate_adaptation", "livelihood"):
            return queryset.filter(**{value: True})
        kind, _sep, key = value.partition(":")
        if kind == "phase":
            # JSON lists are compared as text: the same on SQLite and PostgreSQL.
            return queryset.annotate(phases_text=Cast("phases", TextField())).filter(
                phases_text__contains=f'"{key}"'
            )
        return queryset.filter(Q(hazards=key) | Q(hazards__family=key)).distinct()


def programmes_for(region_code: str | None, user: Any) -> QuerySet[PartnerProgramme]:
    """The programmes a proposal located in `region_code` may name: those of its regency/city
    and of the province; without a location (or with one outside the user's regions), those the
    user may see."""
    if region_code and user_scope(user, "view").overlaps(region_code):
        wanted = [*codes.ancestors_of(region_code), region_code]
        found = PartnerProgramme.objects.filter(region_id__in=wanted)
    else:
        found = PartnerProgramme.objects.visible_from_below(user)
    return found.order_by("region_id", "name")


def location_code(raw: Any) -> str | None:
    """A typed region code in dotted form, or None when it is not one."""
    try:
        return codes.normalize(str(raw or ""))
    except codes.BadRegionCode:
        return None


class ProposalForm(forms.ModelForm):
    """What a village officer or facilitator enters about a proposal."""

    region = RegionCodeField(
        label=_("Location (village or sub-district code)"),
        help_text=_("Search by name above, or type the code, e.g. 53.01.27.2002."),
    )
    hazards = HazardsField(label=_("Hazards addressed"), required=False)
    phases = forms.MultipleChoiceField(
        label=_("Disaster phases"),
        choices=DisasterPhase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_programme = ProgrammeChoiceField(
        label=_("Partner programme"),
        queryset=PartnerProgramme.objects.none(),
        required=False,
        help_text=_("Only the programmes working in the proposal's regency/city or province."),
    )

    class Meta:
        model = Proposal
        fields = [
            "region",
            "year",
            "source_kind",
            "reference",
            "title",
            "description",
            "problem",
            "volume",
            "unit",
            "estimated_cost",
            "priority",
            "women",
            "men",
            "disabled",
            "elderly",
            "children",
            "hazards",
            "phases",
            "poverty",
            "climate_adaptation",
            "livelihood",
            "livelihood_commodity",
            "partner_programme",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        hazards = self.fields["hazards"]
        assert isinstance(hazards, HazardsField)
        hazards.order_choices()
        for name in COUNT_FIELDS:
            self.fields[name].widget.attrs.update({"placeholder": _("unknown"), "min": 0})
        self.fields["estimated_cost"].widget.attrs.update({"min": 0, "step": "1000"})
        self.fields["region"].widget.attrs.update(
            {"autocomplete": "off", "inputmode": "decimal", "placeholder": "53.01.27.2002"}
        )
        programme = self.fields["partner_programme"]
        assert isinstance(programme, ProgrammeChoiceField)
        programme.queryset = programmes_for(self.location(), user)

    def location(self) -> str | None:
        """The location typed or stored so far (for the partner programmes offered)."""
        if self.is_bound:
            return location_code(self.data.get(self.add_prefix("region")))
        return location_code(self.initial.get("region") or self.instance.region_id)

    def values(self) -> dict[str, Any]:
        """The cleaned values the services take, hazards apart."""
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n != "hazards"}


class RecommendationForm(forms.Form):
    """One level's recommendation on a proposal (the levels offered are those the user may act
    at)."""

    level = forms.ChoiceField(label=_("Level"), choices=())
    verdict = forms.ChoiceField(label=_("Recommendation"), choices=Verdict.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    volume = forms.DecimalField(
        label=_("Volume"), required=False, min_value=Decimal(0), max_digits=14, decimal_places=2
    )
    cost = forms.DecimalField(
        label=_("Cost (Rp)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_MONEY,
        max_digits=17,
        decimal_places=2,
    )
    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("At agency level: the agency that recommends (yours by default)."),
    )

    def __init__(self, *args: Any, levels: list[tuple[str, Any]], regency: str, **kwargs: Any):
        kwargs.setdefault("auto_id", "recommend-%s")
        super().__init__(*args, **kwargs)
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = levels
        if levels:
            self.initial.setdefault("level", levels[-1][0])
        agency = self.fields["agency"]
        assert isinstance(agency, AgencyChoiceField)
        agency.queryset = Agency.objects.filter(region_id=regency).order_by("short_name", "name")


class CodingForm(forms.Form):
    """The sub-activity (by code) and the agency a proposal is coded to."""

    sub_activity = forms.CharField(
        label=_("Sub-activity code"),
        max_length=30,
        help_text=_("e.g. 1.05.02.2.01.0003, in the edition of the proposal's year."),
    )
    agency = AgencyChoiceField(
        label=_("Agency responsible"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args: Any, proposal: Proposal, government: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "coding-%s")
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.government = government
        agency = self.fields["agency"]
        assert isinstance(agency, AgencyChoiceField)
        agency.queryset = Agency.objects.filter(region_id=proposal.regency_id).order_by(
            "short_name", "name"
        )
        if proposal.sub_activity is not None:
            self.initial.setdefault("sub_activity", proposal.sub_activity.code)
            self.initial.setdefault("agency", proposal.agency_id)

    def clean_sub_activity(self) -> Item:
        """The sub-activity with that code in the edition of the proposal's year."""
        code = services.clean_code(self.cleaned_data["sub_activity"])
        found = services.find_sub_activity(code, self.government, year=self.proposal.year)
        if found is None:
            edition = Edition.for_year(self.proposal.year)
            raise forms.ValidationError(
                _("There is no sub-activity %(code)s in the nomenclature edition %(edition)s.")
                % {"code": code, "edition": edition.name if edition else "–"}
            )
        return found


class DecisionForm(forms.Form):
    """The decision on a proposal."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for a rejection; it is shown to the village."),
    )
    deferred_to = forms.IntegerField(
        label=_("Deferred to (year)"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("For a deferred proposal: the later budget year."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "decision-%s")
        super().__init__(*args, **kwargs)


class WorkPlanItemField(forms.ModelChoiceField):
    """Work-plan items named by agency, sub-activity and budget."""

    def label_from_instance(self, obj: Any) -> str:
        budget = formats.number_format(obj.budget, 0, use_l10n=True, force_grouping=True)
        return f"{obj.agency} · {obj.sub_activity.code} {obj.sub_activity.name} · Rp {budget}"


class LinkForm(forms.Form):
    """A work-plan item answering the proposal, with the budget and location that answer it."""

    item = WorkPlanItemField(
        label=_("Work-plan item"), queryset=WorkPlanItem.objects.none(), required=False
    )
    budget = forms.DecimalField(
        label=_("Budget answering the proposal (Rp)"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_MONEY,
        max_digits=17,
        decimal_places=2,
    )
    location = forms.CharField(
        label=_("Location (region code)"),
        required=False,
        max_length=20,
        help_text=_("The village or sub-district it reaches; the proposal's own by default."),
    )

    def __init__(self, *args: Any, items: QuerySet[WorkPlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = self.fields["item"]
        assert isinstance(item, WorkPlanItemField)
        item.queryset = items
        self.fields["budget"].widget.attrs.update({"min": 0, "step": "1000"})

    def clean_location(self) -> Region | None:
        """The region with the code typed; empty is the proposal's own (the service's default)."""
        text = self.cleaned_data["location"].strip()
        if not text:
            return None
        try:
            return find_region(text)
        except UnknownRegion as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("item") is None and (
            cleaned.get("budget") is not None or cleaned.get("location") is not None
        ):
            self.add_error("item", _("Choose the work-plan item this budget belongs to."))
        return cleaned


class BaseLinkFormSet(forms.BaseFormSet):
    """The links of a decision: each item at most once."""

    def __init__(self, *args: Any, items: QuerySet[WorkPlanItem], **kwargs: Any) -> None:
        self.items = items
        kwargs.setdefault("prefix", "links")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "items": self.items}

    def chosen(self) -> list[dict[str, Any]]:
        """The filled rows."""
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("item") is not None]


_LinkFormSet = forms.formset_factory(LinkForm, formset=BaseLinkFormSet, extra=2, max_num=20)


def link_formset(
    data: Any = None, *, items: QuerySet[WorkPlanItem], initial: list[dict[str, Any]] | None = None
) -> BaseLinkFormSet:
    """The rows of work-plan items answering a proposal (two empty rows to fill)."""
    formset = _LinkFormSet(data, items=items, initial=initial)  # type: ignore[call-arg]
    assert isinstance(formset, BaseLinkFormSet)
    return formset


class SyncForm(forms.Form):
    """The sync matrix's choices: budget year, region (regency/city or sub-district) and rows."""

    year = forms.IntegerField(label=_("Budget year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    region = forms.CharField(
        label=_("Regency/city or sub-district code"),
        required=False,
        max_length=20,
        help_text=_("Empty: every region you may see."),
    )
    by = forms.ChoiceField(label=_("Rows"), choices=list(DIMENSIONS.items()))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "sync-%s")
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].widget.attrs.update({"placeholder": "53.01", "inputmode": "decimal"})

    def clean_region(self) -> Region | None:
        """A regency/city or sub-district in (or around) the user's regions."""
        text = self.cleaned_data["region"].strip()
        if not text:
            return None
        try:
            region = find_region(text)
        except UnknownRegion as exc:
            raise forms.ValidationError(str(exc)) from exc
        if region.level not in (RegionLevel.REGENCY, RegionLevel.DISTRICT):
            raise forms.ValidationError(_("Choose a regency/city or a sub-district."))
        if not user_scope(self.user, "view").overlaps(region.code):
            raise forms.ValidationError(
                _("You have no access to region %(code)s.") % {"code": region.code}
            )
        return region
