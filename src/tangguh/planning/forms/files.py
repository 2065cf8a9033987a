"""Forms of the spreadsheet pages: a proposals file to import, a decisions workbook to import,
and what to export for the agencies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tangguh.core.importing.uploads import check_upload
from tangguh.core.models import FIRST_YEAR, LAST_YEAR
from tangguh.core.scope import user_scope
from tangguh.planning.summaries import DIMENSIONS
from tangguh.regions.models import Level, Region, UnknownRegion, find_region

PROPOSAL_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls")


def region_choices(user: Any, action: str, *, province: bool = False) -> list[tuple[str, str]]:
    """The regencies/cities (and, when asked and covered, the province) a user acts in."""
    scope = user_scope(user, action)
    regencies = Region.objects.filter(level=Level.REGENCY, is_active=True).order_by("code")
    choices = [(r.code, f"{r.code} {r.name}") for r in regencies if scope.overlaps(r.code)]
    if province:
        for top in Region.objects.filter(level=Level.PROVINCE).order_by("code"):
            if scope.covers(top.code):
                choices.insert(0, (top.code, f"{top.code} {top.name}"))
    return choices


class ProposalImportForm(forms.Form):
    """A proposals file (the template, filled in) and the budget year it is for."""

    upload = forms.FileField(
        label=_("File"),
        help_text=_("The proposals template filled in: an Excel workbook (.xlsx, .xls) or CSV."),
    )
    year = forms.IntegerField(label=_("Budget year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    region = forms.ChoiceField(
        label=_("Regency/city"),
        required=False,
        help_text=_("Rows outside it are refused. Empty: any of your regions."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", _("Any of my regions")), *region_choices(user, "add")]

    def clean_upload(self) -> Any:
        return check_upload(
            self.cleaned_data["upload"], PROPOSAL_SUFFIXES, _("a CSV file or an Excel workbook")
        )

    def clean_region(self) -> Region | None:
        code = self.cleaned_data["region"]
        return Region.objects.get(code=code) if code else None


class DecisionImportForm(forms.Form):
    """A decisions workbook filled in by the agencies."""

    upload = forms.FileField(
        label=_("Workbook"),
        help_text=_("The decisions workbook exported from the sync page, filled in (.xlsx)."),
    )

    def clean_upload(self) -> Any:
        return check_upload(
            self.cleaned_data["upload"],
            (".xlsx",),
            _("the Excel workbook (.xlsx) exported by tangguh"),
        )


class SyncExportForm(forms.Form):
    """What to download: the decisions workbook for the agencies, or the matrix as CSV."""

    year = forms.IntegerField(label=_("Budget year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    region = forms.CharField(
        label=_("Regency/city, sub-district or province code"),
        required=False,
        max_length=20,
        help_text=_("Empty: your regency/city (the province for province staff)."),
    )
    format = forms.ChoiceField(
        label=_("Download"),
        choices=[
            ("xlsx", _("Decisions workbook for the agencies (Excel)")),
            ("csv", _("Sync matrix (CSV)")),
        ],
        initial="xlsx",
        required=False,
    )
    by = forms.ChoiceField(
        label=_("Rows of the CSV"), choices=list(DIMENSIONS.items()), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_region(self) -> Region | None:
        text = self.cleaned_data["region"].strip()
        if not text:
            return self._default_region()
        try:
            region = find_region(text)
        except UnknownRegion as exc:
            raise forms.ValidationError(str(exc)) from exc
        if region.level > Level.DISTRICT:
            raise forms.ValidationError(_("Choose the province, a regency/city or a sub-district."))
        if not user_scope(self.user, "view").overlaps(region.code):
            raise forms.ValidationError(
                _("You have no access to region %(code)s.") % {"code": region.code}
            )
        return region

    def _default_region(self) -> Region:
        choices = region_choices(self.user, "view", province=True)
        if not choices:
            raise forms.ValidationError(_("You are not a member of any region yet."))
        first = choices[0][0]
        if "." in first and len(choices) > 1:
            raise forms.ValidationError(_("Choose the regency/city."))
        return Region.objects.get(code=first)

    def clean_by(self) -> str:
        return self.cleaned_data["by"] or "agency"

    def clean_format(self) -> str:
        return self.cleaned_data["format"] or "xlsx"
