"""Forms of the region pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ALLOWED_SUFFIXES = (".csv", ".geojson", ".json", ".gz")


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that accepts several files."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploaded files."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        files = (
            [single(item, initial) for item in data]
            if isinstance(data, list | tuple)
            else [single(data, initial)]
        )
        for upload in files:
            if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
                raise forms.ValidationError(
                    _("%(name)s is not a CSV or GeoJSON file.") % {"name": upload.name}
                )
            if upload.size > settings.MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(limit)d MB.")
                    % {"name": upload.name, "limit": settings.MAX_UPLOAD_BYTES // 2**20}
                )
        return files


class RegionLoadForm(forms.Form):
    """Region tables (CSV) and boundaries (GeoJSON) to load."""

    uploads = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "CSV tables with columns kode and nama (optional: jenis, luas_km2, penduduk_total, "
            "lat_centroid, lng_centroid) and GeoJSON boundaries with a 'kode' property."
        ),
    )
    deactivate_missing = forms.BooleanField(
        label=_("These files are a complete new edition: deactivate regions they no longer list"),
        required=False,
        initial=False,
    )
    dry_run = forms.BooleanField(
        label=_("Check only (write nothing)"), required=False, initial=False
    )
