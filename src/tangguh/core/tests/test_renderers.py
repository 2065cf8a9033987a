"""The select boxes written in Python are Django's own markup, character for character."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from tangguh.core.renderers import FastSelectRenderer

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("a", "Alpha"), ("b", HOSTILE)])
    grouped = forms.ChoiceField(
        choices=[("Group <1>", [("1", "One"), ("2", "Two")]), ("3", "Three")],
        widget=forms.Select(attrs={"hx-get": "/x?a=1&b=2", "data-flag": True, "off": False}),
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, HOSTILE)])
    number = forms.TypedChoiceField(choices=[(1, "One"), (2, "Two")], coerce=int)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": "b", "grouped": "2", "many": ["1", "3"], "number": "2"},
        {"plain": "nope", "grouped": HOSTILE, "many": ["x"], "number": "x"},
    ],
)
def test_select_boxes_are_written_as_django_writes_them(data: dict[str, Any]) -> None:
    fast = Sample(data or None, renderer=FastSelectRenderer())
    slow = Sample(data or None, renderer=DjangoTemplates())
    for name in Sample.base_fields:
        assert str(fast[name]) == str(slow[name]), name
    assert "<script>" not in str(fast["plain"])


def test_a_select_with_options_of_its_own_template_is_left_to_django() -> None:
    class OwnOption(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    class Form(forms.Form):
        field = forms.ChoiceField(choices=[("a", "A")], widget=OwnOption)

    fast = str(Form(renderer=FastSelectRenderer())["field"])
    slow = str(Form(renderer=DjangoTemplates())["field"])
    assert fast == slow


def test_the_application_renders_forms_with_it(settings: Any) -> None:
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastSelectRenderer)
