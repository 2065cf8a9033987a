"""A profile's classes and risk from what its source gives, under one method version.

The arithmetic is `tangguh.measures.risk` (Perka BNPB 2/2012); this module only decides which of
its functions apply to the values at hand and says, in the user's language, what does not fit:

* a component (hazard, vulnerability, capacity) given as an index gets the class of that index;
  given as a class only, it keeps that class; given as both, the two must agree;
* with all three indices, R = H × V / C, the normalised risk and both computed risk classes
  (by index and by matrix) are worked out; with all three classes, the class by matrix;
* the risk class is the source's when it gives one (or gives a risk index on 0–1, classed with
  the method's thresholds); otherwise the method's rule picks the computed class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tangguh.measures.risk import (
    RiskMethod,
    assess_risk,
    index_class,
    risk_class_by_matrix,
)
from tangguh.risk.choices import ClassRule, RiskBasis, RiskLevel

COMPONENTS = ("hazard", "vulnerability", "capacity")
PLACES = Decimal("0.000001")


def rounded(value: Decimal | None) -> Decimal | None:
    """A value with the six decimal places profiles store."""
    if value is None:
        return None
    return value.quantize(PLACES, ROUND_HALF_UP)


@dataclass
class Inputs:
    """What a source says about one village and hazard (None or "" where it says nothing)."""

    indices: dict[str, Decimal | None] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    risk_index_given: Decimal | None = None
    risk_class_given: str = ""


@dataclass
class Computed:
    """Classes and risk worked out from the inputs."""

    classes: dict[str, str]
    risk_ratio: Decimal | None = None
    risk_normalised: Decimal | None = None
    risk_class_by_index: str = ""
    risk_class_by_matrix: str = ""
    risk_class: str = ""
    basis: str = ""


def _label(level: str) -> str:
    return str(RiskLevel(level).label) if level in RiskLevel.values else level


def compute(inputs: Inputs, method: RiskMethod, rule: str) -> Computed:
    """Classes and risk for `inputs`; ValidationError (by field) for what does not fit."""
    errors: dict[str, str] = {}
    classes: dict[str, str] = {}
    indices = {name: inputs.indices.get(name) for name in COMPONENTS}
    for name in COMPONENTS:
        index, given = indices[name], inputs.classes.get(name) or ""
        if index is None:
            classes[name] = given
            continue
        computed = index_class(index, method)
        if given and given != computed:
            errors[f"{name}_class"] = _(
                "The class %(given)s does not fit the index %(index)s, which is %(computed)s "
                "under method %(method)s; give the index or the class, or both in agreement."
            ) % {
                "given": _label(given),
                "index": index.normalize(),
                "computed": _label(computed),
                "method": method.version,
            }
        classes[name] = computed
    result = Computed(classes=classes)
    h, v, c = (indices[name] for name in COMPONENTS)
    if h is not None and v is not None and c is not None:
        assessed = assess_risk(h, v, c, method)
        result.risk_ratio = rounded(assessed.risk)
        result.risk_normalised = rounded(assessed.risk_normalised)
        result.risk_class_by_index = assessed.risk_class
        result.risk_class_by_matrix = assessed.risk_class_by_matrix
    elif all(classes[name] for name in COMPONENTS):
        result.risk_class_by_matrix = risk_class_by_matrix(
            classes["hazard"],  # type: ignore[arg-type]  # checked by the model's choices
            classes["vulnerability"],  # type: ignore[arg-type]
            classes["capacity"],  # type: ignore[arg-type]
            method,
        )
    given_index_class = (
        index_class(inputs.risk_index_given, method) if inputs.risk_index_given is not None else ""
    )
    if (
        inputs.risk_class_given
        and given_index_class
        and inputs.risk_class_given != given_index_class
    ):
        errors["risk_class_given"] = _(
            "The risk class %(given)s does not fit the risk index %(index)s, which is "
            "%(computed)s under method %(method)s."
        ) % {
            "given": _label(inputs.risk_class_given),
            "index": inputs.risk_index_given.normalize(),  # type: ignore[union-attr]
            "computed": _label(given_index_class),
            "method": method.version,
        }
    if inputs.risk_class_given or given_index_class:
        result.risk_class = inputs.risk_class_given or given_index_class
        result.basis = RiskBasis.GIVEN
    elif result.risk_class_by_index:
        result.risk_class = (
            result.risk_class_by_index if rule == ClassRule.INDEX else result.risk_class_by_matrix
        )
        result.basis = RiskBasis.INDICES
    elif result.risk_class_by_matrix:
        result.risk_class = result.risk_class_by_matrix
        result.basis = RiskBasis.CLASSES
    else:
        errors.setdefault(
            "__all__",
            _(
                "The risk cannot be worked out: give the hazard, vulnerability and capacity "
                "indices or classes, or the risk class or index."
            ),
        )
    if errors:
        raise ValidationError(errors)
    return result
