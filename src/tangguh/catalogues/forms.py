"""Hazards in forms and filters: families in catalogue order, each followed by its sub-types
(indented), read once per generation of the catalogue instead of once per form."""

from __future__ import annotations

from typing import Any

from django import forms

from tangguh.catalogues.models import HazardType
from tangguh.core.generations import memoised

EMPTY = ("", "---------")


def ordered_hazards() -> list[HazardType]:
    """Hazard families in catalogue order, each followed by its sub-types."""

    def compute() -> list[HazardType]:
        families = HazardType.objects.filter(family__isnull=True).prefetch_related("subtypes")
        return [h for family in families for h in (family, *family.subtypes.all())]

    return memoised("hazards", (), compute)


def hazard_label(hazard: HazardType) -> str:
    """A hazard's name (in the active language), indented when it is a sub-type."""
    return f"— {hazard.name}" if hazard.family_id else str(hazard.name)


class HazardChoiceField(forms.ModelChoiceField):
    """One hazard, listed family first, sub-types indented."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", HazardType.objects.all())
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return hazard_label(obj)

    def order_choices(self) -> None:
        """Families in catalogue order, each followed by its sub-types (per request: names
        follow the active language)."""
        self.choices = [EMPTY] + [(h.pk, hazard_label(h)) for h in ordered_hazards()]


class HazardsField(forms.ModelMultipleChoiceField):
    """Hazards as checkboxes, families first with their sub-types indented."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=HazardType.objects.all(), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return hazard_label(obj)

    def order_choices(self) -> None:
        """Families in catalogue order, each followed by its sub-types."""
        self.choices = [(h.pk, hazard_label(h)) for h in ordered_hazards()]
