"""The event form: blank effect fields mean "unknown", 0 means a reported zero."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.catalogues.forms import HazardChoiceField
from tangguh.disasters import plausibility
from tangguh.disasters.models import DISAGGREGATION_LABELS, Event, effect_label
from tangguh.disasters.records import DISAGGREGATION_KEYS, PEOPLE_EFFECTS

# The tick box that confirms counts of people above the region's population (its value is
# `plausibility.token` of the figures confirmed).
CONFIRM_FIELD = "confirm_counts"

FIELDS = [
    "region",
    "hazard",
    "start_date",
    "start_time",
    "end_date",
    "location_text",
    "latitude",
    "longitude",
    "description",
    "cause",
    "source",
    "verification",
    "event_count",
    *Event.effect_fields,
]


class EventForm(forms.ModelForm):
    """Create or edit an event."""

    confirm_field = CONFIRM_FIELD

    region = RegionCodeField(
        label=_("Place (region code)"),
        help_text=_(
            "The code of the village, sub-district or regency/city, e.g. 53.01.27.2002; "
            "search by name below to fill it in."
        ),
    )
    hazard = HazardChoiceField(label=_("Hazard"))

    class Meta:
        model = Event
        fields = FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.doubts: list[plausibility.Doubt] = []
        hazard = self.fields["hazard"]
        assert isinstance(hazard, HazardChoiceField)
        hazard.order_choices()
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
        for name in Event.effect_fields:
            self.fields[name].widget.attrs["placeholder"] = _("unknown")
        stored = (self.instance.disaggregation or {}) if self.instance.pk else {}
        for effect in PEOPLE_EFFECTS:
            for key in DISAGGREGATION_KEYS:
                self.fields[f"dis__{effect}__{key}"] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    label=f"{effect_label(effect)} · {DISAGGREGATION_LABELS[key]}",
                    initial=stored.get(effect, {}).get(key),
                    widget=forms.NumberInput(attrs={"class": "small-number"}),
                )

    def clean(self) -> dict[str, Any]:
        """Gather the disaggregated counts into one mapping (blank cells are unknown); counts of
        people above the region's population need the person's confirmation."""
        data = super().clean() or {}
        result: dict[str, dict[str, int]] = {}
        for effect in PEOPLE_EFFECTS:
            for key in DISAGGREGATION_KEYS:
                value = data.get(f"dis__{effect}__{key}")
                if value is not None:
                    result.setdefault(effect, {})[key] = value
        data["disaggregation"] = result
        self._ask_about_counts(data)
        return data

    def _ask_about_counts(self, data: dict[str, Any]) -> None:
        """Put a question on every count above the region's population, unless the person ticked
        the box that confirms these very figures."""
        region = data.get("region")
        if region is None:
            return
        self.doubts = plausibility.doubts(
            region, data, data["disaggregation"], stored=self.instance
        )
        if not self.doubts or self.data.get(CONFIRM_FIELD) == self.doubt_token():
            return
        for doubt in self.doubts:
            name = f"dis__{doubt.field}" if "__" in doubt.field else doubt.field
            self.add_error(name, doubt.message)

    def doubt_token(self) -> str:
        """The value of the tick box that confirms the doubtful counts now shown."""
        return plausibility.token(self.doubts)

    def disaggregation_rows(self) -> list[tuple[Any, list[tuple[Any, Any]]]]:
        """The disaggregation inputs as table rows: (effect label, [(group label, bound field)])."""
        return [
            (
                effect_label(effect),
                [
                    (DISAGGREGATION_LABELS[key], self[f"dis__{effect}__{key}"])
                    for key in DISAGGREGATION_KEYS
                ],
            )
            for effect in PEOPLE_EFFECTS
        ]

    def disaggregation_keys(self) -> list[Any]:
        """Column headings of the disaggregation table."""
        return [DISAGGREGATION_LABELS[key] for key in DISAGGREGATION_KEYS]

    def effect_fields(self) -> list[Any]:
        """The bound effect fields, for the template's effects section."""
        return [self[name] for name in Event.effect_fields]

    def record_fields(self) -> list[Any]:
        """The bound fields other than the region (shown with its search) and the effects."""
        return [
            self[name] for name in FIELDS if name != "region" and name not in Event.effect_fields
        ]


class EventImportForm(forms.Form):
    """A DIBI, DesInventar or tangguh CSV file to import."""

    upload = forms.FileField(label=_("File"))
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[
            ("", _("Recognise it")),
            ("dibi", "DIBI"),
            ("desinventar", "DesInventar"),
            ("csv", "tangguh CSV"),
        ],
    )
    dry_run = forms.BooleanField(label=_("Check only (write nothing)"), required=False)

    def clean_upload(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["upload"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("%(name)s is larger than %(limit)d MB.")
                % {"name": upload.name, "limit": settings.MAX_UPLOAD_BYTES // 2**20}
            )
        return upload
