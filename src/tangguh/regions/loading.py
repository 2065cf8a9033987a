"""Load the geography from CSV tables and GeoJSON boundaries: validate everything, then write.

CSV files need the columns `kode` and `nama`; optional columns are `jenis`, `luas_km2`,
`penduduk_total`, `penduduk_laki`, `penduduk_perempuan`, `lat_centroid` and `lng_centroid`
(English spellings `code`, `name`, `kind`, ... are accepted too). GeoJSON files hold Polygon or
MultiPolygon features whose property `kode` names the region. Files may be gzip-compressed.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tangguh.core import audit
from tangguh.core.importing import CsvRow, Problems, read_bytes, read_csv
from tangguh.core.models import ChangeRecord
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import user_scope
from tangguh.regions import codes
from tangguh.regions.models import KIND_LEVEL, Kind, Region, kind_from_code

COLUMNS = {
    "kode": ("kode", "code", "kode_wilayah"),
    "nama": ("nama", "name", "nama_wilayah"),
}
OPTIONAL = {
    "jenis": ("jenis", "kind"),
    "luas_km2": ("luas_km2", "area_km2"),
    "penduduk_total": ("penduduk_total", "population", "penduduk"),
    "penduduk_laki": ("penduduk_laki", "population_male"),
    "penduduk_perempuan": ("penduduk_perempuan", "population_female"),
    "lat_centroid": ("lat_centroid", "latitude", "lat"),
    "lng_centroid": ("lng_centroid", "longitude", "lng", "lon"),
}
KIND_WORDS = {
    "provinsi": Kind.PROVINSI,
    "kabupaten": Kind.KABUPATEN,
    "kota": Kind.KOTA,
    "kecamatan": Kind.KECAMATAN,
    "distrik": Kind.KECAMATAN,
    "desa": Kind.DESA,
    "kelurahan": Kind.KELURAHAN,
    "desa adat": Kind.DESA_ADAT,
    "desa_adat": Kind.DESA_ADAT,
}
ATTRIBUTES = (
    "name",
    "kind",
    "level",
    "parent_id",
    "latitude",
    "longitude",
    "area_km2",
    "population",
    "population_male",
    "population_female",
)
# The CSV column each optional attribute comes from.
COLUMN_OF = {
    "kind": "jenis",
    "latitude": "lat_centroid",
    "longitude": "lng_centroid",
    "area_km2": "luas_km2",
    "population": "penduduk_total",
    "population_male": "penduduk_laki",
    "population_female": "penduduk_perempuan",
}
GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}
UNSAFE_NAME = re.compile(r"[<>\x00-\x1f\x7f]")


def shipped_files() -> list[Path]:
    """The NTT geography that ships inside the package (tables first, then boundaries)."""
    folder = Path(str(resources.files("tangguh.regions") / "data" / "ntt"))
    tables = sorted(folder.glob("ntt_*.csv"), key=_table_order)
    return tables + sorted(folder.glob("ntt_batas_*.geojson.gz"))


def _table_order(path: Path) -> int:
    order = ("provinsi", "kecamatan", "desa")
    return next((i for i, word in enumerate(order) if word in path.name), len(order))


@dataclass
class RegionRow:
    """A region as read from a table, with where it came from."""

    code: str
    values: dict[str, Any]
    file: str
    line: int


@dataclass
class Boundary:
    """A region boundary read from a GeoJSON feature."""

    geometry: dict[str, Any]
    bbox: list[float]


@dataclass
class LoadReport:
    """What a load changed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Counts as plain data."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "files": self.files,
        }


def _number(
    row: CsvRow, column: str, problems: Problems, file: str, *, integer: bool
) -> Decimal | int | None:
    raw = row.get(column)
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        problems.add(file, _("'%(value)s' is not a number") % {"value": raw}, row.line, column)
        return None
    if not value.is_finite() or value < 0:
        problems.add(file, _("'%(value)s' must be zero or more") % {"value": raw}, row.line, column)
        return None
    if integer:
        if value != value.to_integral_value():
            problems.add(
                file, _("'%(value)s' must be a whole number") % {"value": raw}, row.line, column
            )
            return None
        return int(value)
    return value


def _coordinate(
    row: CsvRow, column: str, limit: float, problems: Problems, file: str
) -> float | None:
    raw = row.get(column)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        problems.add(file, _("'%(value)s' is not a number") % {"value": raw}, row.line, column)
        return None
    if not math.isfinite(value) or abs(value) > limit:
        problems.add(
            file,
            _("%(value)s is outside -%(limit)s..%(limit)s") % {"value": raw, "limit": limit},
            row.line,
            column,
        )
        return None
    return value


def _kind(row: CsvRow, code: str, problems: Problems, file: str) -> Kind:
    implied = kind_from_code(code)
    word = row.get("jenis").lower()
    if not word:
        return implied
    kind = KIND_WORDS.get(word)
    if kind is None:
        problems.add(
            file, _("unknown kind '%(kind)s'") % {"kind": row.get("jenis")}, row.line, "jenis"
        )
        return implied
    if KIND_LEVEL[kind] != codes.level_of(code):
        problems.add(
            file,
            _("kind '%(kind)s' does not fit code %(code)s")
            % {"kind": row.get("jenis"), "code": code},
            row.line,
            "jenis",
        )
    return kind


def _read_table(path: Path, problems: Problems) -> list[RegionRow]:
    opened = read_csv(path, problems, required=COLUMNS, optional=OPTIONAL)
    if opened is None:
        return []
    columns, rows = opened
    # Attributes whose column the file lacks are left as they are, not emptied.
    absent = {attr for attr, column in COLUMN_OF.items() if column not in columns}
    result = []
    for row in rows:
        region = _read_row(row, path.name, problems)
        if region is not None:
            region.values = {k: v for k, v in region.values.items() if k not in absent}
            result.append(region)
    if not result and not problems:
        problems.add(path.name, _("has no data rows"))
    return result


def _read_row(row: CsvRow, file: str, problems: Problems) -> RegionRow | None:
    raw_code = row.get("kode")
    try:
        code = codes.normalize(raw_code)
    except codes.BadRegionCode:
        problems.add(
            file, _("'%(code)s' is not a region code") % {"code": raw_code}, row.line, "kode"
        )
        return None
    name = row.get("nama")
    if not name:
        problems.add(file, _("the name is empty"), row.line, "nama")
    elif len(name) > 200:
        problems.add(file, _("the name is longer than 200 characters"), row.line, "nama")
    elif UNSAFE_NAME.search(name):
        problems.add(
            file,
            _("the name holds characters a region name never has (<, > or control characters)"),
            row.line,
            "nama",
        )
    kind = _kind(row, code, problems, file)
    values = {
        "name": name,
        "kind": kind.value,
        "level": codes.level_of(code),
        "parent_id": codes.parent_of(code),
        "latitude": _coordinate(row, "lat_centroid", 90, problems, file),
        "longitude": _coordinate(row, "lng_centroid", 180, problems, file),
        "area_km2": _number(row, "luas_km2", problems, file, integer=False),
        "population": _number(row, "penduduk_total", problems, file, integer=True),
        "population_male": _number(row, "penduduk_laki", problems, file, integer=True),
        "population_female": _number(row, "penduduk_perempuan", problems, file, integer=True),
    }
    return RegionRow(code=code, values=values, file=file, line=row.line)


def _open_json(path: Path, problems: Problems) -> Any:
    raw = read_bytes(path, problems)
    if raw is None:
        return None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        problems.add(path.name, _("is nested too deeply to be GeoJSON"))
    except UnicodeDecodeError:
        problems.add(path.name, _("is not UTF-8 text"))
    except json.JSONDecodeError as exc:
        problems.add(
            path.name,
            _("is not valid JSON: %(error)s (column %(column)d)")
            % {"error": exc.msg, "column": exc.colno},
            exc.lineno,
        )
    return None


def _ring_problem(ring: Any) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return _("a ring needs at least 4 positions")
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) < 2
            or not all(isinstance(v, int | float) and math.isfinite(v) for v in position[:2])
        ):
            return _("a position is not a [longitude, latitude] pair of numbers")
        if abs(position[0]) > 180 or abs(position[1]) > 90:
            return _("position %(position)s is outside longitude/latitude range") % {
                "position": position[:2]
            }
    if ring[0][:2] != ring[-1][:2]:
        return _("a ring is not closed (its first and last positions differ)")
    return None


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list):
        return []
    return [coordinates] if geometry.get("type") == "Polygon" else coordinates


def _geometry_problem(geometry: Any) -> str | None:
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        found = geometry.get("type") if isinstance(geometry, dict) else geometry
        return _("geometry must be a Polygon or MultiPolygon, not %(type)s") % {"type": found}
    polygons = _polygons(geometry)
    if not polygons:
        return _("geometry has no coordinates")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return _("a polygon has no rings")
        for ring in polygon:
            problem = _ring_problem(ring)
            if problem:
                return problem
    return None


def _bbox(geometry: dict[str, Any]) -> list[float]:
    xs, ys = [], []
    for polygon in _polygons(geometry):
        for position in polygon[0]:
            xs.append(position[0])
            ys.append(position[1])
    return [min(xs), min(ys), max(xs), max(ys)]


def _feature_code(feature: dict[str, Any]) -> str | None:
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return None
    for key in ("kode", "code", "kode_wilayah", "kode_tanpa_titik"):
        if properties.get(key) not in (None, ""):
            return str(properties[key])
    return None


def _read_boundaries(path: Path, problems: Problems) -> dict[str, Boundary]:
    document = _open_json(path, problems)
    if document is None:
        return {}
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        problems.add(path.name, _("is not a GeoJSON FeatureCollection"))
        return {}
    features = document.get("features")
    if not isinstance(features, list):
        problems.add(path.name, _("'features' must be a list of GeoJSON features"))
        return {}
    result: dict[str, Boundary] = {}
    for number, feature in enumerate(features, start=1):
        label = _("feature %(number)d") % {"number": number}
        raw = _feature_code(feature) if isinstance(feature, dict) else None
        if raw is None:
            problems.add(path.name, _("%(feature)s has no 'kode' property") % {"feature": label})
            continue
        try:
            code = codes.normalize(raw)
        except codes.BadRegionCode:
            problems.add(
                path.name,
                _("%(feature)s: '%(code)s' is not a region code") % {"feature": label, "code": raw},
            )
            continue
        problem = _geometry_problem(feature.get("geometry"))
        if problem:
            problems.add(path.name, f"{label} ({code}): {problem}")
            continue
        if code in result:
            problems.add(
                path.name,
                _("%(feature)s: region %(code)s appears twice") % {"feature": label, "code": code},
            )
            continue
        geometry = feature["geometry"]
        result[code] = Boundary(geometry=geometry, bbox=_bbox(geometry))
    return result


def _is_boundary_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".geojson", ".json", ".geojson.gz", ".json.gz"))


def read_files(
    paths: Sequence[Path], problems: Problems
) -> tuple[dict[str, RegionRow], dict[str, Boundary]]:
    """Read and check every file; problems are collected, nothing is written."""
    rows: dict[str, RegionRow] = {}
    boundaries: dict[str, Boundary] = {}
    for path in paths:
        if _is_boundary_file(path):
            boundaries.update(_read_boundaries(path, problems))
        elif path.name.lower().endswith((".csv", ".csv.gz", ".txt")):
            for row in _read_table(path, problems):
                if row.code in rows:
                    first = rows[row.code]
                    problems.add(
                        row.file,
                        _("region %(code)s appears twice (first in %(file)s line %(line)d)")
                        % {"code": row.code, "file": first.file, "line": first.line},
                        row.line,
                        "kode",
                    )
                    continue
                rows[row.code] = row
        else:
            problems.add(
                path.name, _("is neither a CSV table nor a GeoJSON file (.csv, .geojson, .json)")
            )
    return rows, boundaries


def _check_references(
    rows: dict[str, RegionRow], boundaries: dict[str, Boundary], known: set[str], problems: Problems
) -> None:
    for row in rows.values():
        parent = row.values["parent_id"]
        if parent is not None and parent not in rows and parent not in known:
            problems.add(
                row.file,
                _("the region %(parent)s that should contain %(code)s is unknown")
                % {"parent": parent, "code": row.code},
                row.line,
                "kode",
            )
    for code in boundaries:
        if code not in rows and code not in known:
            problems.add("GeoJSON", _("boundary for unknown region %(code)s") % {"code": code})


def _roots(codes_: Iterable[str]) -> set[str]:
    return {code.split(".", 1)[0] for code in codes_}


def _changed(region: Region, row: RegionRow | None, boundary: Boundary | None) -> dict[str, Any]:
    updates: dict[str, Any] = {}
    if row is not None:
        for name in row.values:
            new = row.values[name]
            old = getattr(region, name)
            if name == "area_km2" and old is not None and new is not None:
                same = Decimal(old) == Decimal(new)
            else:
                same = old == new
            if not same:
                updates[name] = new
        if not region.is_active:
            updates["is_active"] = True
    if boundary is not None and (
        region.boundary != boundary.geometry or region.bbox != boundary.bbox
    ):
        updates["boundary"] = boundary.geometry
        updates["bbox"] = boundary.bbox
    return updates


@dataclass
class _Plan:
    """What a load will write, and its change records."""

    actor: Any
    report: LoadReport = field(default_factory=LoadReport)
    create: list[Region] = field(default_factory=list)
    update: dict[str, Region] = field(default_factory=dict)
    changes: list[ChangeRecord] = field(default_factory=list)

    def log(self, action: str, region: Region, changes: dict[str, Any]) -> None:
        """Remember the change record of one region."""
        self.changes.append(audit.new_change(self.actor, action, region, changes))


def _plan_one(
    plan: _Plan, code: str, row: RegionRow | None, boundary: Boundary | None, region: Region | None
) -> None:
    if region is None:
        values = dict(row.values) if row else {}
        values.setdefault("kind", kind_from_code(code).value)
        region = Region(code=code, **values)
        if boundary is not None:
            region.boundary, region.bbox = boundary.geometry, boundary.bbox
        plan.create.append(region)
        plan.log(ChangeRecord.Action.CREATE, region, audit.diff({}, audit.snapshot(region)))
        plan.report.created += 1
        return
    updates = _changed(region, row, boundary)
    if not updates:
        plan.report.unchanged += 1
        return
    before = audit.snapshot(region)
    for name, value in updates.items():
        setattr(region, name, value)
    plan.update[code] = region
    plan.log(ChangeRecord.Action.UPDATE, region, audit.diff(before, audit.snapshot(region)))
    plan.report.updated += 1


def _write(
    rows: dict[str, RegionRow],
    boundaries: dict[str, Boundary],
    existing: dict[str, Region],
    progress: Progress,
    plan: _Plan,
    deactivate_missing: bool,
) -> LoadReport:
    codes_ = sorted(set(rows) | set(boundaries), key=lambda c: (codes.level_of(c), c))
    progress.start(len(codes_), _("Writing regions"))
    for code in codes_:
        _plan_one(plan, code, rows.get(code), boundaries.get(code), existing.get(code))
        progress.advance()
    if deactivate_missing:
        for region in _deactivate(rows, existing):
            plan.log(ChangeRecord.Action.UPDATE, region, {"is_active": [True, False]})
            plan.update[region.code] = region
            plan.report.deactivated += 1
    Region.objects.bulk_create(plan.create, batch_size=500)
    now = timezone.now()
    for region in plan.update.values():
        region.updated_at = now
    fields = [*ATTRIBUTES, "is_active", "boundary", "bbox", "updated_at"]
    Region.objects.bulk_update(list(plan.update.values()), fields, batch_size=200)
    audit.record_changes(plan.changes)
    return plan.report


def _deactivate(rows: dict[str, RegionRow], existing: dict[str, Region]) -> list[Region]:
    """Active regions absent from the tables, at the levels and provinces the tables cover."""
    covered = {(code.split(".", 1)[0], row.values["level"]) for code, row in rows.items()}
    result = []
    for code, region in existing.items():
        if (
            region.is_active
            and code not in rows
            and (code.split(".", 1)[0], region.level) in covered
        ):
            region.is_active = False
            result.append(region)
    return result


def load_regions(
    paths: Sequence[Path],
    *,
    actor: Any = None,
    progress: Progress | None = None,
    dry_run: bool = False,
    deactivate_missing: bool = False,
) -> LoadReport:
    """Validate all files, then create and update regions in one transaction.

    With `deactivate_missing` (a complete new edition), active regions absent from the tables are
    deactivated, for the levels and provinces the tables cover. Raises ImportFailed (and writes
    nothing) when any file has a problem. Idempotent: loading the same files again changes
    nothing. Only the system (`actor=None`) and superusers may change the geography.
    """
    if actor is not None and not user_scope(actor, "change").everything:
        raise PermissionDenied(_("Only superusers may change the geography."))
    progress = progress or NullProgress()
    problems = Problems()
    rows, boundaries = read_files(paths, problems)
    problems.raise_if_any()
    roots = _roots(set(rows) | set(boundaries))
    existing = {region.code: region for root in roots for region in Region.objects.within(root)}
    _check_references(rows, boundaries, set(existing), problems)
    problems.raise_if_any()
    with transaction.atomic():
        report = _write(rows, boundaries, existing, progress, _Plan(actor), deactivate_missing)
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run and connection.vendor == "sqlite":
        # Fresh statistics let SQLite plan region-code range queries with the index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE regions_region")
    report.files = [p.name for p in paths]
    return report
