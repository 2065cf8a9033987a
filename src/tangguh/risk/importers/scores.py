"""IRBI scores in a risk table: a row whose `Skor IRBI` is filled, or whose `Indeks Risiko` is
over 1, gives a regency's score in BNPB's disaster risk index (IRBI) for its hazard, or for all
hazards together when the hazard is empty or "Multi Bahaya"/"Total". The score is kept as
published (not squeezed onto 0–1), with its year, class and source. See `measures.irbi`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from tangguh.core.importing.cells import BadValue, Cell, cell_text, to_decimal
from tangguh.core.importing.regions import RegionResolver
from tangguh.core.importing.rows import RowReader
from tangguh.measures.irbi import MAX_SCORE, irbi_class, is_plausible
from tangguh.regions.models import Level
from tangguh.risk.choices import ALL_HAZARDS_WORDS, RISK_WORDS, Origin, word_key
from tangguh.risk.importers.columns import REGION_ORDER, RISK_CLASS_WORDS
from tangguh.risk.importers.reading import Hazards, class_parser, parse_year
from tangguh.risk.models import RiskScore

SCORE_KEY = ("region", "hazard", "year")
SCORE_COMPARED = ("score", "score_class", "class_basis", "source", "notes", "origin")
# Columns of a profile that an IRBI score row cannot also give.
PROFILE_ONLY = (
    "hazard_index",
    "hazard_class",
    "vulnerability_index",
    "vulnerability_class",
    "capacity_index",
    "capacity_class",
)
TWO_PLACES = Decimal("0.01")
_risk_class = class_parser(RISK_WORDS, RISK_CLASS_WORDS)


def parse_score(cell: Cell) -> Decimal | None:
    """An IRBI score as published (a decimal comma is accepted), kept to two places."""
    number = to_decimal(cell)
    if number is None:
        return None
    if not is_plausible(number):
        raise BadValue(
            _(
                "%(value)s is not an IRBI score: scores run from 0 to %(most)s (the highest "
                "regency score published, IRBI 2022, is 216.99)"
            )
            % {"value": cell_text(cell), "most": MAX_SCORE}
        )
    return number.quantize(TWO_PLACES, ROUND_HALF_UP)


def score_column(reader: RowReader) -> str | None:
    """The column that makes this row an IRBI score: `Skor IRBI` when filled, else `Indeks
    Risiko` holding a number over 1 (None for a row of a 0–1 profile)."""
    if cell_text(reader.raw("irbi_score")):
        return "irbi_score"
    try:
        value = to_decimal(reader.raw("risk_index"))
    except BadValue:
        return None  # the profile's reading reports it
    return "risk_index" if value is not None and value > 1 else None


def read_score(
    reader: RowReader,
    column: str,
    code: str | None,
    resolver: RegionResolver,
    hazards: Hazards,
    defaults: Any,
) -> RiskScore:
    """An unsaved IRBI score from one row; every unusable cell is a problem of the row."""
    _check_regency(reader, code, resolver)
    for name in PROFILE_ONLY:
        if cell_text(reader.raw(name)):
            reader.fail(
                name,
                _(
                    "this row gives an IRBI score, which is not combined with hazard, "
                    "vulnerability or capacity values; give those in a row of their own"
                ),
            )
    if column == "irbi_score" and cell_text(reader.raw("risk_index")):
        reader.fail(
            "risk_index",
            _("give either a risk index (0–1) or an IRBI score in a row, not both"),
        )
    year = reader.get("year", parse_year) or defaults.year
    if year is None and not cell_text(reader.raw("year")):  # a bad year is reported already
        reader.fail(
            "year" if reader.has("year") else column,
            _("an IRBI score needs the year of its edition (a Tahun column, or the import's year)"),
        )
    return RiskScore(
        region_id=code or "",
        hazard=_hazard(reader, hazards),
        year=year,
        score=reader.get(column, parse_score) or Decimal(0),  # a bad score is a row problem
        score_class=reader.get("risk_class", _risk_class) or "",
        source=reader.text("source", 255) or defaults.source,
        notes=reader.text("notes"),
        origin=Origin.FILE,
    )


def _check_regency(reader: RowReader, code: str | None, resolver: RegionResolver) -> None:
    """A problem when the row's region is not a regency/city (IRBI scores only exist for them)."""
    place = resolver.place(code) if code else None
    if place is not None and place.level != Level.REGENCY:
        column = next(c for c in REGION_ORDER if cell_text(reader.raw(c)))
        reader.fail(
            column,
            _(
                "IRBI scores are published per regency/city; %(code)s is not one (give the "
                "regency's code, e.g. %(regency)s)"
            )
            % {"code": code, "regency": (code or "")[:5]},
        )


def _hazard(reader: RowReader, hazards: Hazards) -> Any:
    """The row's hazard; None for all hazards together (an empty hazard or "Multi Bahaya")."""
    code, name = reader.text("hazard_code"), reader.text("hazard_name")
    if not (code or name) or word_key(code or name) in ALL_HAZARDS_WORDS:
        return None
    hazard = hazards.find(code, name)
    if hazard is None:
        given = " / ".join(x for x in (code, name) if x)
        reader.fail(
            "hazard_code" if code else "hazard_name",
            _("unknown hazard '%(hazard)s'") % {"hazard": given},
        )
    return hazard


def note_disagreement(reader: RowReader, score: RiskScore) -> None:
    """A note when the class given differs from the class of BNPB's published bounds."""
    if not score.score_class or score.score is None:
        return
    bounds = irbi_class(score.score, multi_hazard=score.hazard_id is None)
    if bounds is not None and bounds != score.score_class:
        reader.ctx.note(
            _(
                "the class given differs from the class BNPB's published bounds give this IRBI "
                "score; the class given is kept"
            ),
            reader.line,
        )
