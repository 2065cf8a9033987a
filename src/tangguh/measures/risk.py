"""Disaster risk after Perka BNPB 2/2012: R = H × V / C, its classes, and social vulnerability.

H (hazard), V (vulnerability) and C (capacity) are indices on 0–1 (drr.md §4, §8.1). Several
values the Perka prints were not verified when this was written (drr.md tags them [S]/[U]): the
class cut-offs, the class matrices and the normalisation of R. They live in a versioned
`RiskMethod`, never in the code, and the defaults must be checked against the printed Perka.

Two ways to a risk class are offered, because sources use both:

* by index: R_norm (see `normalised_risk`) classed with the same thresholds as H, V and C;
* by matrix: the H and V classes combined with `hv_matrix`, then with the C class through
  `hvc_matrix` (the Perka's chain of "tingkat" tables, simplified to two steps as in drr.md §4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Level = Literal["low", "medium", "high"]
Row = tuple[Level, Level, Level]
Matrix = tuple[Row, Row, Row]
Normalisation = Literal["geometric-lack-of-capacity", "lack-of-capacity", "capped-ratio"]

LEVELS: tuple[Level, Level, Level] = ("low", "medium", "high")
NORMALISATIONS: tuple[Normalisation, ...] = (
    "geometric-lack-of-capacity",
    "lack-of-capacity",
    "capped-ratio",
)
ZERO = Decimal(0)
ONE = Decimal(1)
THIRD = ONE / 3

# Rows: hazard class low/medium/high; columns: vulnerability class low/medium/high. Symmetric,
# and one class step up in either index raises the result by at most one class. [U]
DEFAULT_HV_MATRIX: Matrix = (
    ("low", "low", "medium"),
    ("low", "medium", "high"),
    ("medium", "high", "high"),
)
# Rows: the H×V class low/medium/high; columns: capacity class low/medium/high. This is the H×V
# matrix with the capacity columns reversed (low capacity = high lack of capacity), so a medium
# H×V with medium capacity stays medium, high capacity lowers the class and low capacity raises
# it. [U: check against the printed "matriks tingkat risiko" of Perka 2/2012]
DEFAULT_HVC_MATRIX: Matrix = (
    ("medium", "low", "low"),
    ("high", "medium", "low"),
    ("high", "high", "medium"),
)


@dataclass(frozen=True)
class SocialVulnerabilityMethod:
    """Weights and class limits of the Perka 2/2012 social vulnerability (drr.md §4, §8.2)."""

    # density, sex ratio, poverty ratio, disability ratio, age-group ratio [V weights]
    weights: tuple[Decimal, Decimal, Decimal, Decimal, Decimal] = (
        Decimal("0.6"),
        Decimal("0.1"),
        Decimal("0.1"),
        Decimal("0.1"),
        Decimal("0.1"),
    )
    # low below the first limit, medium up to and including the second, high above it
    density_limits: tuple[Decimal, Decimal] = (Decimal(500), Decimal(1000))  # people per km²
    ratio_limits: tuple[Decimal, Decimal] = (Decimal(20), Decimal(40))  # percent

    def __post_init__(self) -> None:
        """Reject weights that do not sum to 1 and limits out of order."""
        if any(w < 0 for w in self.weights) or sum(self.weights) != ONE:
            raise ValueError(
                f"social vulnerability weights must be ≥ 0 and sum to 1: {self.weights}"
            )
        for low, high in (self.density_limits, self.ratio_limits):
            if not 0 <= low < high:
                raise ValueError(f"class limits must satisfy 0 ≤ low < high: {(low, high)}")


@dataclass(frozen=True)
class RiskMethod:
    """A versioned configuration of the BNPB risk computation."""

    version: str = "perka-bnpb-2-2012/tangguh-2026.1"
    legal_basis: str = (
        "Peraturan Kepala BNPB No. 2 Tahun 2012 tentang Pedoman Umum Pengkajian Risiko Bencana"
    )
    # An index is low below the first threshold, medium below the second, high otherwise. The
    # printed classes are 0–0.333 / 0.334–0.666 / 0.667–1 [S]; 0.334 (not 0.333) keeps the
    # class score 1/3 = 0.3333… of a "low" zone in the low class.
    class_thresholds: tuple[Decimal, Decimal] = (Decimal("0.334"), Decimal("0.667"))
    normalisation: Normalisation = "geometric-lack-of-capacity"
    hv_matrix: Matrix = DEFAULT_HV_MATRIX
    hvc_matrix: Matrix = DEFAULT_HVC_MATRIX
    social: SocialVulnerabilityMethod = field(default_factory=SocialVulnerabilityMethod)

    def __post_init__(self) -> None:
        """Reject thresholds out of order and unknown normalisations."""
        low, high = self.class_thresholds
        if not 0 < low < high <= 1:
            raise ValueError(f"class thresholds must satisfy 0 < low < high ≤ 1: {(low, high)}")
        if self.normalisation not in NORMALISATIONS:
            raise ValueError(f"unknown normalisation {self.normalisation!r}")


@dataclass(frozen=True)
class RiskResult:
    """H, V, C, their classes and the resulting risk, under one method version."""

    hazard: Decimal
    vulnerability: Decimal
    capacity: Decimal
    hazard_class: Level
    vulnerability_class: Level
    capacity_class: Level
    risk: Decimal | None  # H × V / C as in the Perka; None when C = 0
    risk_normalised: Decimal  # on 0–1, see `normalised_risk`
    risk_class: Level  # class of risk_normalised
    risk_class_by_matrix: Level
    normalisation: Normalisation
    method_version: str


def _decimal(value: Decimal | float) -> Decimal:
    """A float as the Decimal of its shortest repr (0.3 -> Decimal("0.3")); Decimals unchanged."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def unit_index(value: Decimal | float, name: str = "index") -> Decimal:
    """The value as a Decimal, checked to lie on 0–1 (ValueError otherwise)."""
    number = _decimal(value)
    if not number.is_finite() or not ZERO <= number <= ONE:
        raise ValueError(f"{name} must be between 0 and 1 inclusive, got {value}")
    return number


def index_class(value: Decimal | float, method: RiskMethod | None = None) -> Level:
    """The class (low/medium/high) of an index on 0–1."""
    number = unit_index(value)
    low, high = (method or RiskMethod()).class_thresholds
    if number < low:
        return "low"
    return "medium" if number < high else "high"


def risk_index(
    hazard: Decimal | float, vulnerability: Decimal | float, capacity: Decimal | float
) -> Decimal:
    """R = H × V / C (Perka 2/2012); unbounded above, so it is reported, not classed."""
    h, v = unit_index(hazard, "hazard"), unit_index(vulnerability, "vulnerability")
    c = unit_index(capacity, "capacity")
    if c == 0:
        raise ValueError("capacity is 0: R = H × V / C is undefined")
    return h * v / c


def normalised_risk(
    hazard: Decimal | float,
    vulnerability: Decimal | float,
    capacity: Decimal | float,
    method: RiskMethod | None = None,
) -> Decimal:
    """Risk on 0–1, to be classed like H, V and C; the method's `normalisation` picks the form.

    R = H × V / C cannot be classed on 0–1 thresholds: it is unbounded as C → 0, and the Perka
    presents it as a relationship rather than an arithmetic rule (drr.md §4: "R ≈ H × V / C",
    every component on 0–1, three classes). The default, "geometric-lack-of-capacity", divides
    by capacity the way INFORM does (drr.md §6, §8.5): through the lack of capacity 1 − C, and a
    geometric mean, R_norm = (H × V × (1 − C))^(1/3). It is 0–1, rises with H and V, falls with C,
    is 0 when H or V is 0 (as H × V / C is), and keeps the components' scale: H = V = 1 − C = x
    gives x, so the same thresholds mean the same thing. Alternatives kept for comparison:
    "lack-of-capacity" = H × V × (1 − C) (drifts towards 0: three mediums of 0.5 give 0.125,
    "low"), and "capped-ratio" = min(1, H × V / C) (saturates: every C ≤ H × V gives 1).
    """
    h, v = unit_index(hazard, "hazard"), unit_index(vulnerability, "vulnerability")
    c = unit_index(capacity, "capacity")
    form = (method or RiskMethod()).normalisation
    if form == "capped-ratio":
        if h * v == 0:
            return ZERO
        return ONE if c <= h * v else h * v / c
    product = h * v * (ONE - c)
    if form == "lack-of-capacity" or product == 0:
        return product
    return min(ONE, product**THIRD)


def risk_class_by_matrix(
    h_class: Level, v_class: Level, c_class: Level, method: RiskMethod | None = None
) -> Level:
    """The risk class from the H, V and C classes through the method's two matrices."""
    m = method or RiskMethod()
    hv_class = m.hv_matrix[_position(h_class)][_position(v_class)]
    return m.hvc_matrix[_position(hv_class)][_position(c_class)]


def _position(level: str) -> int:
    """0, 1, 2 for low, medium, high (ValueError for anything else)."""
    if level not in LEVELS:
        raise ValueError(f"class must be one of {LEVELS}, got {level!r}")
    return LEVELS.index(level)


def measure_class(value: Decimal | float, limits: Sequence[Decimal], name: str) -> int:
    """0, 1, 2 for a measure below the first limit, up to the second, or above it."""
    number = _decimal(value)
    if not number.is_finite() or number < 0:
        raise ValueError(f"{name} must be a non-negative number, got {value}")
    low, high = limits
    if number < low:
        return 0
    return 1 if number <= high else 2


def social_vulnerability(
    density_per_km2: Decimal | float,
    sex_ratio: Decimal | float,
    poverty_ratio: Decimal | float,
    disability_ratio: Decimal | float,
    age_ratio: Decimal | float,
    method: RiskMethod | None = None,
) -> Decimal:
    """Perka 2/2012 social vulnerability (Indeks Penduduk Terpapar) on 0–1 (drr.md §8.2).

    Each measure is put in a class, scored 1/3 (low), 2/3 (medium) or 1 (high), and the scores
    are weighted: 0.6 density + 0.1 each for the sex, poverty, disability and age-group ratios.
    Density (people per km²) is low below 500, medium from 500 to 1000, high above 1000; ratios
    (percent, 0–100) are low below 20, medium from 20 to 40, high above 40. The log-scaled
    density variant some tools use (drr.md §4) is not implemented.
    """
    social = (method or RiskMethod()).social
    ratios = {"sex ratio": sex_ratio, "poverty ratio": poverty_ratio}
    ratios |= {"disability ratio": disability_ratio, "age ratio": age_ratio}
    classes = [measure_class(density_per_km2, social.density_limits, "density")]
    classes += [measure_class(r, social.ratio_limits, n) for n, r in ratios.items()]
    for name, ratio in ratios.items():
        if _decimal(ratio) > 100:
            raise ValueError(f"{name} is a percentage and cannot exceed 100, got {ratio}")
    weighted = sum(w * (k + 1) for w, k in zip(social.weights, classes, strict=True))
    return Decimal(weighted) / 3


def assess_risk(
    hazard: Decimal | float,
    vulnerability: Decimal | float,
    capacity: Decimal | float,
    method: RiskMethod | None = None,
) -> RiskResult:
    """H, V and C with their classes, R, R_norm and both risk classes, under one method."""
    m = method or RiskMethod()
    h, v = unit_index(hazard, "hazard"), unit_index(vulnerability, "vulnerability")
    c = unit_index(capacity, "capacity")
    h_class, v_class, c_class = index_class(h, m), index_class(v, m), index_class(c, m)
    r_norm = normalised_risk(h, v, c, m)
    return RiskResult(
        hazard=h,
        vulnerability=v,
        capacity=c,
        hazard_class=h_class,
        vulnerability_class=v_class,
        capacity_class=c_class,
        risk=risk_index(h, v, c) if c else None,
        risk_normalised=r_norm,
        risk_class=index_class(r_norm, m),
        risk_class_by_matrix=risk_class_by_matrix(h_class, v_class, c_class, m),
        normalisation=m.normalisation,
        method_version=m.version,
    )
