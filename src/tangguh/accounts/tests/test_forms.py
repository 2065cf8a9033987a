"""Form fields of the accounts app that other apps use: a region typed by its code."""

from __future__ import annotations


def test_an_optional_region_code_left_empty_is_none_not_an_error(db) -> None:
    from django import forms as django_forms

    from tangguh.accounts.forms import RegionCodeField

    class Choose(django_forms.Form):
        region = RegionCodeField(required=False)

    empty = Choose({"region": ""})
    assert empty.is_valid(), empty.errors
    assert empty.cleaned_data["region"] is None
    given = Choose({"region": "5301"})
    assert given.is_valid()
    assert given.cleaned_data["region"].code == "53.01"
    assert not Choose({"region": "xx"}).is_valid()
