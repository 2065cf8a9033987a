"""Forms of SPM service records, quarterly figures, the reports and the import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tangguh.accounts.forms import RegionCodeField
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.regions.models import Level
from tangguh.spm.choices import Service, quality_choices
from tangguh.spm.models import QuarterReport, ServiceRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordForm(forms.ModelForm):
    """Create or edit a service record: region, year, service, target, stages, checklist."""

    region = RegionCodeField(
        label=_("Regency/city code"),
        max_level=Level.REGENCY,
        help_text=_("e.g. 53.71 for Kota Kupang."),
    )
    quality_met = forms.MultipleChoiceField(
        label=_("Quality standards met"),
        required=False,
        choices=[(s.label, quality_choices(s.value)) for s in Service],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the standards of the service chosen; each service has its own list."),
    )

    class Meta:
        model = ServiceRecord
        fields = [
            "region",
            "year",
            "service",
            "target",
            "target_basis",
            "target_source",
            "stage_data",
            "stage_needs",
            "stage_planning",
            "stage_delivery",
            "quality_met",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id
            field = self.fields["quality_met"]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = quality_choices(self.instance.service)
        self.fields["target"].widget.attrs["placeholder"] = _("from the risk data")
        # Choosing a service shows only its checklist (the grouped list stays without script).
        self.fields["service"].widget.attrs.update(
            {
                "hx-get": reverse("spm:quality-field"),
                "hx-trigger": "change",
                "hx-target": "#id_quality_met",
                "hx-swap": "outerHTML",
            }
        )


def quality_field_html(service: str) -> str:
    """The checklist field of a new record's form for one service (all services when unknown)."""
    form = RecordForm()
    field = form.fields["quality_met"]
    assert isinstance(field, forms.MultipleChoiceField)
    if service in Service.values:
        field.choices = quality_choices(service)
    return str(form["quality_met"])


class QuarterForm(forms.ModelForm):
    """The people served by a service in a quarter."""

    class Meta:
        model = QuarterReport
        fields = ["quarter", "served", "reported_on", "reason", "notes"]
        widgets = {
            "reported_on": DATE,
            "reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ImportForm(forms.Form):
    """An SPM workbook (or CSV) to import."""

    upload = forms.FileField(label=_("File"), help_text=_("XLSX (the template), XLS or CSV"))
    dry_run = forms.BooleanField(label=_("Check only (dry run)"), required=False, initial=True)


class YearQuarterForm(forms.Form):
    """The year and quarter a report is for."""

    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=[(q, str(q)) for q in (1, 2, 3, 4)]
    )
