"""Disaster event records as plain data: what importers read and exporters write.

This is the contract between the file formats (`disasters.formats`) and the database. Effects are
`None` when unknown and a number only when the source reports one: a source's "0" is a reported
zero unless the format says otherwise (see each reader).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

# Effect fields: name -> (kind, unit). Counts are whole numbers of people or units.
EFFECTS: dict[str, tuple[str, str]] = {
    "deaths": ("count", "people"),
    "missing": ("count", "people"),
    "injured": ("count", "people"),
    "affected": ("count", "people"),  # menderita: directly affected
    "displaced": ("count", "people"),  # mengungsi
    "houses_destroyed": ("count", "houses"),
    "houses_heavy": ("count", "houses"),  # rusak berat
    "houses_moderate": ("count", "houses"),  # rusak sedang
    "houses_light": ("count", "houses"),  # rusak ringan
    "houses_damaged": ("count", "houses"),  # rusak, grade not recorded (never guessed)
    "houses_flooded": ("count", "houses"),  # terendam
    "education_damaged": ("count", "facilities"),
    "health_damaged": ("count", "facilities"),
    "worship_damaged": ("count", "facilities"),
    "office_damaged": ("count", "facilities"),
    "bridges_damaged": ("count", "bridges"),
    "roads_km": ("decimal", "km"),
    "rice_fields_ha": ("decimal", "ha"),
    "plantations_ha": ("decimal", "ha"),
    "other_land_ha": ("decimal", "ha"),
    "livestock": ("count", "animals"),
    "livelihoods_affected": ("count", "livelihoods"),  # people whose livelihoods were disrupted
    "economic_loss": ("decimal", "rupiah"),
}

# People counts that may be disaggregated, and the keys allowed for them.
PEOPLE_EFFECTS = tuple(name for name, (_kind, unit) in EFFECTS.items() if unit == "people")
SEX_KEYS = ("female", "male")
AGE_KEYS = ("age_0_4", "age_5_17", "age_18_59", "age_60_plus")
DISAGGREGATION_KEYS = (
    "female",
    "male",
    "age_0_4",
    "age_5_17",
    "age_18_59",
    "age_60_plus",
    "with_disability",
)


class Verification:
    """Verification status of a record."""

    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    REJECTED = "rejected"
    ALL = (UNVERIFIED, VERIFIED, REJECTED)


@dataclass
class EventRecord:
    """One disaster event as read from a file row (or to be written to one).

    `hazard_code`/`hazard_name` and `region_code`/`location_text` are as the source gives them;
    the importer resolves them against the hazard catalogue and the geography.
    """

    source_format: str  # "dibi", "desinventar", "csv"
    source_id: str  # the source's own key (DIBI kib, DesInventar serial, our id); "" if none
    line: int  # where the row was in the file (1-based, header = 1), for messages
    hazard_code: str | None = None
    hazard_name: str | None = None
    region_code: str | None = None  # Kemendagri code, dots optional
    region_code_bps: str | None = None  # a BPS regency code (DIBI's KodeKab, id_kab)
    regency_name: str = ""  # the regency/city as the source names it ("Kab. Kupang")
    province_code: str | None = None
    location_text: str = ""  # free text: "Kec. Fatuleu Barat, Ds. Nuataus"
    village_name: str = ""
    start: dt.date | None = None
    start_time: dt.time | None = None
    end: dt.date | None = None
    latitude: float | None = None
    longitude: float | None = None
    event_count: Decimal | None = None  # "Jumlah Kejadian"; may be fractional
    description: str = ""
    cause: str = ""
    source: str = ""
    verification: str = Verification.UNVERIFIED
    effects: dict[str, int | Decimal | None] = field(default_factory=dict)
    disaggregation: dict[str, dict[str, int]] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
