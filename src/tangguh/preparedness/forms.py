"""Forms for plans, teams and their items: an empty count means "unknown", 0 a reported zero."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.accounts.models import Agency
from tangguh.catalogues.forms import HazardChoiceField
from tangguh.disasters.summaries import events
from tangguh.preparedness.models import (
    Activation,
    ContingencyPlan,
    Equipment,
    Exercise,
    PreparednessTeam,
    Training,
)
from tangguh.regions import codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNT_FIELDS = (
    "participants_women",
    "participants_men",
    "participants_total",
    "members_women",
    "members_men",
    "members_with_disability",
    "participants",
    "quantity",
    "people_helped",
)


class UnknownCountsMixin:
    """Count fields show 'unknown' when empty."""

    fields: dict[str, Any]

    def mark_unknown_counts(self) -> None:
        """Give every count field an 'unknown' placeholder."""
        for name in COUNT_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs["placeholder"] = _("unknown")


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    """Agencies named with their government's code."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.region_id})"


class PlanForm(UnknownCountsMixin, forms.ModelForm):
    """Create or edit a contingency plan."""

    region = RegionCodeField(
        label=_("Region code"),
        help_text=_("The regency/city, or the sub-district or village of a village plan."),
    )
    hazard = HazardChoiceField(label=_("Hazard"))
    agencies = AgencyChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label=_("Agencies responsible"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ContingencyPlan
        fields = [
            "region",
            "hazard",
            "title",
            "year",
            "status",
            "legal_basis",
            "legalised_on",
            "valid_from",
            "valid_until",
            "scenario",
            "agencies",
        ]
        widgets = {
            "legalised_on": DATE,
            "valid_from": DATE,
            "valid_until": DATE,
            "scenario": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hazard = self.fields["hazard"]
        assert isinstance(hazard, HazardChoiceField)
        hazard.order_choices()
        visible: QuerySet[Agency] = Agency.objects.restrict(user, "view")
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
            region = self.instance.region_id
            visible = visible.filter(region_id__in=[*codes.ancestors_of(region), region])
            # Agencies already linked stay listed (and checked) even when the user cannot see
            # them, so saving the form does not silently unlink them.
            linked = self.instance.agencies.values("pk")
            visible = Agency.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=linked))
        agencies = self.fields["agencies"]
        assert isinstance(agencies, AgencyChoiceField)
        agencies.queryset = visible.order_by("region_id", "short_name", "name")


class ExerciseForm(UnknownCountsMixin, forms.ModelForm):
    """An exercise held on a plan."""

    class Meta:
        model = Exercise
        fields = [
            "date",
            "kind",
            "participants_women",
            "participants_men",
            "participants_total",
            "notes",
        ]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark_unknown_counts()


class TeamForm(UnknownCountsMixin, forms.ModelForm):
    """Create or edit a preparedness team."""

    region = RegionCodeField(label=_("Village code"), help_text=_("e.g. 53.01.27.2002"))

    class Meta:
        model = PreparednessTeam
        fields = [
            "region",
            "kind",
            "name",
            "established_on",
            "legal_basis",
            "members_women",
            "members_men",
            "members_with_disability",
            "notes",
        ]
        widgets = {"established_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        self.mark_unknown_counts()


class TrainingForm(UnknownCountsMixin, forms.ModelForm):
    """A training of a team."""

    class Meta:
        model = Training
        fields = ["date", "topic", "organiser", "participants", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark_unknown_counts()


class EquipmentForm(UnknownCountsMixin, forms.ModelForm):
    """Equipment a team holds."""

    class Meta:
        model = Equipment
        fields = ["item", "quantity", "condition", "year_acquired", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark_unknown_counts()


class EventChoiceField(forms.ModelChoiceField):
    """Disaster events named by date, hazard and place."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.start_date:%Y-%m-%d} · {obj.hazard} · {obj.region.name} ({obj.region_id})"


class ActivationForm(UnknownCountsMixin, forms.ModelForm):
    """A time a team was called out; the event list offers the user's events in or around the
    team's village."""

    hazard = HazardChoiceField(label=_("Hazard"))
    event = EventChoiceField(queryset=events().none(), required=False, label=_("Disaster event"))

    class Meta:
        model = Activation
        fields = ["date", "hazard", "event", "actions", "people_helped"]
        widgets = {"date": DATE, "actions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark_unknown_counts()
        hazard = self.fields["hazard"]
        assert isinstance(hazard, HazardChoiceField)
        hazard.order_choices()
        event = self.fields["event"]
        assert isinstance(event, EventChoiceField)
        event.help_text = Activation._meta.get_field("event").help_text
        team = self.instance.team if self.instance.team_id else None
        if team is not None:
            village = team.region_id
            event.queryset = (
                events()
                .restrict(user, "view")
                .filter(region_id__in=[*codes.ancestors_of(village), village])
                .select_related("hazard", "region")
                .order_by("-start_date", "-id")
            )
