"""Forms of the planning calendar, partner programmes and work-plan items.

The forms only read and check what was typed; every write goes through `planning.services`,
whose refusals the views put back on the form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.accounts.models import Agency
from tangguh.catalogues.choices import DisasterPhase
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.nomenclature.models import Edition, Item, ItemQuerySet
from tangguh.planning import services
from tangguh.planning.models import PartnerProgramme, Stage, WorkPlanItem
from tangguh.planning.services import government_of
from tangguh.regions import codes
from tangguh.regions.models import Level as RegionLevel
from tangguh.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkPlansFilter(forms.Form):
    """The year and (optionally) the regency of the list of work plans."""

    year = forms.IntegerField(
        label=_("Budget year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    region = RegionCodeField(label=_("Regency/city"), max_level=RegionLevel.REGENCY, required=False)


class StageForm(forms.Form):
    """The dates of one stage of a regency's planning calendar."""

    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    starts = forms.DateField(label=_("Starts"), widget=DATE)
    ends = forms.DateField(label=_("Ends"), widget=DATE)
    note = forms.CharField(
        label=_("Note"),
        max_length=255,
        required=False,
        help_text=_("e.g. the Bupati's circular that sets the schedule."),
    )


class ProgrammeForm(forms.ModelForm):
    """Register or change a partner programme."""

    region = RegionCodeField(
        label=_("Region code"),
        max_level=RegionLevel.REGENCY,
        help_text=_("The regency/city where the programme works (e.g. 53.01), or 53 for all NTT."),
    )

    class Meta:
        model = PartnerProgramme
        fields = [
            "region",
            "name",
            "partner",
            "donor",
            "implementers",
            "first_year",
            "last_year",
            "description",
            "components",
            "practices",
            "outputs",
            "villages",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "practices": forms.Textarea(attrs={"rows": 4}),
            "components": forms.Textarea(attrs={"rows": 3}),
            "outputs": forms.Textarea(attrs={"rows": 3}),
        }

    villages = forms.CharField(
        label=_("Villages of intervention"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Village codes, separated by spaces, commas or lines, e.g. 53.01.27.2002."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
            codes = self.instance.villages.order_by("code").values_list("code", flat=True)
            self.initial["villages"] = " ".join(codes)

    def clean_villages(self) -> list[Region]:
        """The villages the codes name (every unknown code is an error)."""
        wanted = [c for c in re.split(r"[\s,;]+", self.cleaned_data.get("villages") or "") if c]
        found = {r.code: r for r in Region.objects.filter(code__in=wanted).defer("boundary")}
        unknown = [c for c in wanted if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown region codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in dict.fromkeys(wanted)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The last year is before the first year."))
        return data


class ProgrammeChoiceField(forms.ModelChoiceField):
    """Partner programmes named with their partner."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.partner})"


def programmes_for(region_code: str) -> QuerySet[PartnerProgramme]:
    """Programmes that work in a region: registered there or in a region containing it."""
    return PartnerProgramme.objects.filter(
        region_id__in=[region_code, *codes.ancestors_of(region_code)]
    ).order_by("name")


class ItemForm(forms.ModelForm):
    """Add or change a work-plan item. The sub-activity is typed as its code (or chosen from the
    search beside the field); locations are region codes within the agency's regency/city."""

    sub_activity = forms.CharField(
        label=_("Sub-activity code"),
        max_length=30,
        help_text=_("Search below by words or code, or type the code, e.g. 1.05.03.2.01.0001."),
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations (lokus)"),
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("%(value)s is not an active region of this regency/city."),
        },
    )
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
        help_text=_("The programme whose practice this item carries on, if any."),
    )

    class Meta:
        model = WorkPlanItem
        fields = [
            "indicator",
            "target",
            "unit",
            "budget",
            "funding_source",
            "partner_programme",
            "practice",
            "phases",
            "climate",
            "poverty",
            "inclusion",
            "note",
        ]
        widgets = {
            "indicator": forms.Textarea(attrs={"rows": 2}),
            "unit": forms.TextInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        agency: Agency,
        edition: Edition | None,
        with_status: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.edition = edition
        self.chosen: Item | None = None
        region = agency.region_id
        locations = self.fields["locations"]
        assert isinstance(locations, forms.ModelMultipleChoiceField)
        locations.queryset = Region.objects.within(region).filter(is_active=True)
        programme = self.fields["partner_programme"]
        assert isinstance(programme, ProgrammeChoiceField)
        programme.queryset = programmes_for(region)
        for name in ("indicator", "unit"):
            self.fields[name].help_text = _("Left empty, the sub-activity's standard one is used.")
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=WorkPlanItem._meta.get_field("status").verbose_name,
                choices=WorkPlanItem._meta.get_field("status").choices or [],
            )
            self.initial.setdefault("status", self.instance.status)
        if self.instance.pk:
            self.initial["sub_activity"] = self.instance.sub_activity.code
            self.initial["locations"] = [r.code for r in self.instance.locations.all()]

    def clean_sub_activity(self) -> Item:
        code = self.cleaned_data["sub_activity"].strip().upper()
        if self.instance.pk and code == self.instance.sub_activity.code:
            self.chosen = self.instance.sub_activity
            return self.chosen
        if self.edition is None:
            raise forms.ValidationError(_("No nomenclature edition has been loaded."))
        found = sub_activity_for(self.edition, self.agency, code)
        if found is None:
            raise forms.ValidationError(
                _("There is no sub-activity %(code)s in the nomenclature edition %(edition)s.")
                % {"code": code, "edition": self.edition.name}
            )
        self.chosen = found
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.chosen is not None:
            # The standard indicator and unit when left empty (on changes too, not only on adds).
            if not data.get("indicator"):
                data["indicator"] = self.chosen.indicator
            if not data.get("unit"):
                data["unit"] = self.chosen.unit[:255]
        return data

    def chosen_locations(self) -> Sequence[Region]:
        """The locations currently chosen (typed or stored), for showing them as ticked boxes."""
        if isinstance(self.data, QueryDict):
            wanted = [str(c) for c in self.data.getlist(self.add_prefix("locations"))]
        else:
            wanted = [str(c) for c in self.initial.get("locations", [])]
        found = {r.code: r for r in Region.objects.filter(code__in=wanted).only("code", "name")}
        return [found[c] for c in dict.fromkeys(wanted) if c in found]

    def values(self) -> dict[str, Any]:
        """What the services take, besides the sub-activity and the locations."""
        names = [*(self._meta.fields or ()), *(["status"] if "status" in self.fields else [])]
        return {name: self.cleaned_data[name] for name in names}


def sub_activity_for(edition: Edition, agency: Agency, code: str) -> Item | None:
    """The sub-activity with a code in the edition's list for the agency's government."""
    return services.find_sub_activity(code, government_of_agency(agency), edition=edition)


def government_of_agency(agency: Agency) -> str:
    """The nomenclature list an agency's government uses."""
    return government_of(agency.region)


def held_sub_activities(edition: Edition, agency: Agency) -> ItemQuerySet:
    """The sub-activities an agency may carry: those of the bidang it holds and the support
    programme, in the list of its government, usable by NTT."""
    held = [str(code) for code in agency.bidang_codes or []]
    return (
        Item.objects.offered(government_of_agency(agency))
        .sub_activities()
        .filter(edition=edition)
        .filter(Q(bidang__in=held) | Q(bidang__startswith="X"))
    )
