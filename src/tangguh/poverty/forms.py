"""Forms of the poverty pages: a target, the reason for revealing identifiers, a registry upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.accounts.models import Agency
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.poverty.models import Programme, Target


class TargetForm(forms.ModelForm):
    """Create or edit a poverty-reduction target of a regency/city."""

    region = RegionCodeField(label=_("Regency/city code"), help_text=_("e.g. 53.71"))

    class Meta:
        model = Target
        fields = ["region", "measure", "target_rate", "target_year", "basis", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id


class RevealForm(forms.Form):
    """Why a manager needs a household's identifiers."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Recorded in the change log with your name (e.g. a PKH verification visit)."),
    )


class RegistryUploadForm(forms.Form):
    """A household registry file to check and import for a year."""

    upload = forms.FileField(label=_("Registry file (CSV, XLSX or XLS)"))
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    dry_run = forms.BooleanField(
        label=_("Check only (write nothing)"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ProgrammeForm(forms.ModelForm):
    """Create or edit a poverty programme."""

    region = RegionCodeField(
        label=_("Regency/city code"), help_text=_("e.g. 53.71, or 53 for a province-wide one")
    )

    class Meta:
        model = Programme
        fields = [
            "region",
            "code",
            "name",
            "kind",
            "unit",
            "max_decile",
            "benefit_per_year",
            "agency",
            "sub_activity",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.restrict(user, "view") if user else Agency.objects.none()
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id


class BeneficiaryUploadForm(forms.Form):
    """A beneficiaries file to check and import for a year."""

    upload = forms.FileField(label=_("Beneficiaries file (CSV, XLSX or XLS)"))
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    dry_run = forms.BooleanField(
        label=_("Check only (write nothing)"), required=False, initial=True
    )
