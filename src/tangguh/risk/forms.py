"""Forms of the risk pages: a profile, a climate class, and a file to import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.catalogues.forms import HazardChoiceField
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.risk.importers import CLIMATE, RISK
from tangguh.risk.models import RiskMethodVersion, RiskProfile

PROFILE_FIELDS = [
    "region",
    "hazard",
    "year",
    "method",
    "hazard_index",
    "hazard_class",
    "vulnerability_index",
    "vulnerability_class",
    "capacity_index",
    "capacity_class",
    "risk_index_given",
    "risk_class_given",
    "source",
    "notes",
]


class RiskProfileForm(forms.ModelForm):
    """Create or edit a risk profile: give indices (classes follow) or classes only."""

    region = RegionCodeField(
        label=_("Region code"),
        help_text=_("The village, sub-district or regency/city, e.g. 53.01.27.2002"),
    )
    hazard = HazardChoiceField(label=_("Hazard"))
    method = forms.ModelChoiceField(
        queryset=RiskMethodVersion.objects.all(),
        to_field_name="version",
        label=_("Method version"),
        required=False,
        help_text=_("Empty: the current version."),
    )

    class Meta:
        model = RiskProfile
        fields = PROFILE_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        hazard = self.fields["hazard"]
        assert isinstance(hazard, HazardChoiceField)
        hazard.order_choices()
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
            self.initial["method"] = self.instance.method.version
        for name in ("hazard_index", "vulnerability_index", "capacity_index", "risk_index_given"):
            widget = self.fields[name].widget
            widget.attrs.update({"step": "any", "min": "0", "max": "1"})

    def _post_clean(self) -> None:
        # The service computes the classes and validates the whole record; the form only checks
        # its fields here.
        pass


class ImportForm(forms.Form):
    """A risk or climate table to import."""

    upload = forms.FileField(label=_("File"), help_text=_("CSV (UTF-8), XLSX or XLS"))
    kind = forms.ChoiceField(
        label=_("Contents"),
        required=False,
        choices=[
            ("", _("Recognise it from the columns")),
            (RISK, _("Risk profiles (region, hazard, indices or classes)")),
            (CLIMATE, _("Climate vulnerability (SIDIK classes)")),
        ],
    )
    method = forms.ModelChoiceField(
        queryset=RiskMethodVersion.objects.all(),
        to_field_name="version",
        label=_("Method version"),
        required=False,
        help_text=_("For rows that name none; empty: the current version."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("For rows that give none."),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=255,
        help_text=_("For rows that name none, e.g. InaRISK 2023."),
    )
    dry_run = forms.BooleanField(label=_("Check only (write nothing)"), required=False)

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("%(name)s is larger than %(limit)d MB.")
                % {"name": upload.name, "limit": settings.MAX_UPLOAD_BYTES // 2**20}
            )
        return upload
