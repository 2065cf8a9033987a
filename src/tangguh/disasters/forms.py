"""The event form: blank effect fields mean "unknown", 0 means a reported zero."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.catalogues.models import HazardType
from tangguh.disasters.models import Event
from tangguh.disasters.records import DISAGGREGATION_KEYS, PEOPLE_EFFECTS

KEY_LABELS = {
    "female": _("women"),
    "male": _("men"),
    "age_0_4": _("aged 0–4"),
    "age_5_17": _("aged 5–17"),
    "age_18_59": _("aged 18–59"),
    "age_60_plus": _("aged 60+"),
    "with_disability": _("with disability"),
}

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


def effect_label(name: str) -> Any:
    """The human name of an effect field."""
    field = Event._meta.get_field(name)
    return getattr(field, "verbose_name", name)


class HazardChoiceField(forms.ModelChoiceField):
    """Hazards listed family first, sub-types indented."""

    def label_from_instance(self, obj: Any) -> str:
        return f"— {obj.name}" if obj.family_id else str(obj.name)


class EventForm(forms.ModelForm):
    """Create or edit an event."""

    region = RegionCodeField(
        label=_("Region code"),
        help_text=_("The village, sub-district or regency/city, e.g. 53.01.27.2002"),
    )
    hazard = HazardChoiceField(queryset=HazardType.objects.none(), label=_("Hazard"))

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
        families = HazardType.objects.filter(family__isnull=True).prefetch_related("subtypes")
        ordered = [h for family in families for h in (family, *family.subtypes.all())]
        hazard = self.fields["hazard"]
        assert isinstance(hazard, HazardChoiceField)
        hazard.queryset = HazardType.objects.all()
        hazard.choices = [("", "---------")] + [
            (h.pk, hazard.label_from_instance(h)) for h in ordered
        ]
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
                    label=f"{effect_label(effect)} · {KEY_LABELS[key]}",
                    initial=stored.get(effect, {}).get(key),
                    widget=forms.NumberInput(attrs={"class": "small-number"}),
                )

    def clean(self) -> dict[str, Any]:
        """Gather the disaggregated counts into one mapping (blank cells are unknown)."""
        data = super().clean() or {}
        result: dict[str, dict[str, int]] = {}
        for effect in PEOPLE_EFFECTS:
            for key in DISAGGREGATION_KEYS:
                value = data.get(f"dis__{effect}__{key}")
                if value is not None:
                    result.setdefault(effect, {})[key] = value
        data["disaggregation"] = result
        return data

    def disaggregation_rows(self) -> list[tuple[Any, list[Any]]]:
        """The disaggregation inputs as table rows: (effect label, bound fields by key)."""
        return [
            (effect_label(effect), [self[f"dis__{effect}__{key}"] for key in DISAGGREGATION_KEYS])
            for effect in PEOPLE_EFFECTS
        ]

    def disaggregation_keys(self) -> list[Any]:
        """Column headings of the disaggregation table."""
        return [KEY_LABELS[key] for key in DISAGGREGATION_KEYS]

    def effect_fields(self) -> list[Any]:
        """The bound effect fields, for the template's effects section."""
        return [self[name] for name in Event.effect_fields]

    def record_fields(self) -> list[Any]:
        """The bound fields other than effects."""
        return [self[name] for name in FIELDS if name not in Event.effect_fields]


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
