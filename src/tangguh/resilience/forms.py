"""Forms of the resilience pages: start an assessment (or change its hazards and note), and the
rules of an instrument a province administrator sets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.catalogues.models import HazardType
from tangguh.resilience.models import Assessment, Indicator, Instrument, LevelMapping


def hazard_choices() -> list[tuple[str, str]]:
    """The hazard families of the catalogue (relevance rules name families)."""
    return [(h.key, str(h.name)) for h in HazardType.objects.filter(family__isnull=True)]


class HazardsField(forms.MultipleChoiceField):
    """The hazards a region faces; none ticked means not known (every indicator counts)."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> list[str] | None:
        chosen = super().clean(value)
        return sorted(chosen) or None


class AssessmentForm(forms.ModelForm):
    """Start an assessment (instrument, region, year); later only its hazards and note change."""

    region = RegionCodeField(
        label=_("Region code"),
        help_text=_("The regency/city for IKD and city resilience, the village for Destana."),
    )
    hazards = HazardsField(
        label=_("Hazards the region faces"),
        required=False,
        help_text=_(
            "Indicators of other hazards are left out. None ticked: every indicator counts."
        ),
    )

    class Meta:
        model = Assessment
        fields = ["instrument", "region", "year", "hazards", "note"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hazards = self.fields["hazards"]
        assert isinstance(hazards, HazardsField)
        hazards.choices = hazard_choices()
        instrument = self.fields.get("instrument")
        if isinstance(instrument, forms.ModelChoiceField):
            instrument.queryset = Instrument.objects.exclude(status=Instrument.Status.PLACEHOLDER)
        if self.instance.pk:
            for name in ("instrument", "region", "year"):
                del self.fields[name]


class RulesForm(forms.Form):
    """The uncertain rules of an instrument: the level → score mapping and each class's start."""

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if instrument.uses_mapping:
            self.fields["mapping"] = forms.ChoiceField(
                label=_("Level → score mapping"),
                choices=LevelMapping.choices,
                initial=instrument.mapping,
            )
        for klass in instrument.classes.all():
            self.fields[f"class_{klass.key}"] = forms.DecimalField(
                label=_("%(label)s from") % {"label": klass.label},
                initial=klass.minimum.normalize(),
                max_digits=10,
                decimal_places=4,
                min_value=0,
            )
            self.fields[f"above_{klass.key}"] = forms.BooleanField(
                label=_("%(label)s: strictly above that score") % {"label": klass.label},
                initial=klass.above,
                required=False,
            )

    def values(self) -> dict[str, Any]:
        """The service's arguments."""
        data = self.cleaned_data
        return {
            "mapping": data.get("mapping"),
            "classes": {
                name.removeprefix("class_"): (
                    value,
                    bool(data.get("above_" + name.removeprefix("class_"))),
                )
                for name, value in data.items()
                if name.startswith("class_")
            },
        }


class IndicatorForm(forms.Form):
    """Complete or correct an indicator: its name, weight, hazards and its questions' texts."""

    title = forms.CharField(label=_("Name"), max_length=255)
    weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal("0.0001"), max_digits=8, decimal_places=4
    )
    hazards = HazardsField(
        label=_("Applies to regions with hazards"),
        required=False,
        help_text=_("None ticked: the indicator applies to every region."),
    )
    to_complete = forms.BooleanField(label=_("Still to be completed"), required=False)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        initial = {
            "title": indicator.title,
            "weight": indicator.weight.normalize(),
            "hazards": indicator.hazards,
            "to_complete": indicator.to_complete,
        }
        self.questions = list(indicator.questions.order_by("order"))
        for q in self.questions:
            initial[f"text_{q.pk}"] = q.text
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        hazards = self.fields["hazards"]
        assert isinstance(hazards, HazardsField)
        hazards.choices = hazard_choices()
        for q in self.questions:
            self.fields[f"text_{q.pk}"] = forms.CharField(
                label=_("Question %(key)s") % {"key": q.key},
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def question_texts(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[f"text_{q.pk}"] for q in self.questions}
