"""Forms of the poverty pages: a target, the reason for revealing identifiers, a registry upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.accounts.models import Agency
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.planning.summaries import all_work_plan_items
from tangguh.poverty.models import (
    Finding,
    FundLoan,
    FundRepayment,
    Livelihood,
    Programme,
    ProgrammeOutput,
    RevolvingFund,
    Target,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
            "work_plan_item",
            "livelihood",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.restrict(user, "view") if user else Agency.objects.none()
        item = self.fields["work_plan_item"]
        assert isinstance(item, forms.ModelChoiceField)
        items = all_work_plan_items().restrict(user, "view") if user else None
        item.queryset = (
            items.select_related("agency", "sub_activity").order_by("-year", "id")
            if items is not None
            else all_work_plan_items().none()
        )
        item.label_from_instance = _work_plan_label  # type: ignore[method-assign]
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id


def _work_plan_label(obj: Any) -> str:
    agency = obj.agency.short_name or obj.agency.name
    return f"{obj.year} · {agency} · {obj}"


class BeneficiaryUploadForm(forms.Form):
    """A beneficiaries file to check and import for a year."""

    upload = forms.FileField(label=_("Beneficiaries file (CSV, XLSX or XLS)"))
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    dry_run = forms.BooleanField(
        label=_("Check only (write nothing)"), required=False, initial=True
    )


class FundForm(forms.ModelForm):
    """Create or edit a revolving fund of a kelurahan."""

    region = RegionCodeField(label=_("Kelurahan/village code"), help_text=_("e.g. 53.71.01.1001"))

    class Meta:
        model = RevolvingFund
        fields = ["region", "name", "capital", "capital_source", "started_on", "programme", "notes"]
        widgets = {"started_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        assert isinstance(programme, forms.ModelChoiceField)
        programme.queryset = (
            Programme.objects.restrict(user, "view") if user else Programme.objects.none()
        )
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id


class LoanForm(forms.ModelForm):
    """A loan made by a fund."""

    class Meta:
        model = FundLoan
        fields = ["borrower", "purpose", "amount", "issued_on", "instalments", "notes"]
        widgets = {"issued_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class RepaymentForm(forms.ModelForm):
    """A repayment of a loan."""

    class Meta:
        model = FundRepayment
        fields = ["paid_on", "amount", "notes"]
        widgets = {"paid_on": DATE}


class OutputForm(forms.ModelForm):
    """A programme's output target for a quarter, and what it achieved."""

    class Meta:
        model = ProgrammeOutput
        fields = ["year", "quarter", "indicator", "unit", "target", "achieved", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year


class FindingForm(forms.ModelForm):
    """A monitoring finding and its follow-up."""

    class Meta:
        model = Finding
        fields = [
            "found_on",
            "source",
            "finding",
            "action",
            "owner",
            "due_on",
            "status",
            "done_on",
            "progress",
        ]
        widgets = {
            "found_on": DATE,
            "due_on": DATE,
            "done_on": DATE,
            "finding": forms.Textarea(attrs={"rows": 2}),
            "action": forms.Textarea(attrs={"rows": 2}),
            "progress": forms.Textarea(attrs={"rows": 2}),
        }


class LivelihoodForm(forms.ModelForm):
    """A village's or sub-district's economic potential with its source."""

    region = RegionCodeField(
        label=_("Village or sub-district code"), help_text=_("e.g. 53.01.27 or 53.01.27.2002")
    )
    source_url = forms.URLField(
        label=_("Source address"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Livelihood
        fields = ["region", "commodity", "sector", "description", "source", "source_url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
