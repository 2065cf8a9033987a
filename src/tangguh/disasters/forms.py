"""The event form: blank effect fields mean "unknown", 0 means a reported zero."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.catalogues.models import HazardType
from tangguh.disasters.models import Event

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
