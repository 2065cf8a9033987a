"""Load the geography from CSV tables and GeoJSON boundaries: validate everything, then write.

CSV files need the columns `kode` and `nama`; optional columns are `jenis`, `luas_km2`,
`penduduk_total`, `penduduk_laki`, `penduduk_perempuan`, `lat_centroid` and `lng_centroid`
(English spellings `code`, `name`, `kind`, ... are accepted too). GeoJSON files hold Polygon or
MultiPolygon features whose property `kode` names the region. Files may be gzip-compressed.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _

from tangguh.core.importing import ImportReport, Problems, cells, read_bytes
from tangguh.core.importing.columns import find_table
from tangguh.core.importing.files import read_file
from tangguh.core.importing.rows import ReadContext, RowReader
from tangguh.core.importing.upsert import FILE, FileInfo, upsert
from tangguh.core.progress import NullProgress, Progress
from tangguh.core.scope import is_within, user_scope
from tangguh.regions import codes
from tangguh.regions.models import KIND_LEVEL, Kind, Region, kind_from_code

COLUMNS = {
    "kode": ("kode", "code", "kode_wilayah"),
    "nama": ("nama", "name", "nama_wilayah"),
    "jenis": ("jenis", "kind"),
    "luas_km2": ("luas_km2", "area_km2"),
    "penduduk_total": ("penduduk_total", "population", "penduduk"),
    "penduduk_laki": ("penduduk_laki", "population_male"),
    "penduduk_perempuan": ("penduduk_perempuan", "population_female"),
    "lat_centroid": ("lat_centroid", "latitude", "lat"),
    "lng_centroid": ("lng_centroid", "longitude", "lng", "lon"),
}
# Columns the shipped tables carry that the loader does not need.
QUIET = (
    "kode_tanpa_titik",
    "kode_bps_style",
    "kode_kecamatan",
    "kode_kabkota",
    "level",
    "nama_kecamatan",
    "nama_kabkota",
    "jumlah_kecamatan",
    "jumlah_kelurahan",
    "jumlah_desa",
)
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


# The largest area a region may have: more than Indonesia's land (1.9 million km²) is a wrong
# cell, and the column holds at most 9 digits before its 3 decimals (a larger value was stored
# by SQLite and then could not be read back: every later load of regions failed).
MAX_AREA_KM2 = Decimal(2_000_000)
AREA_QUANTUM = Decimal("0.001")


def _area(cell: Any) -> Decimal | None:
    """An area in km², at most MAX_AREA_KM2, kept to the column's three decimals."""
    value = cells.parse_amount(cell)
    if value is None:
        return None
    if value > MAX_AREA_KM2:
        cells.bounded(value, least=Decimal(0), most=MAX_AREA_KM2)  # refuses with the kit's message
    return value.quantize(AREA_QUANTUM)


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


class LoadReport(ImportReport):
    """What a load changed: the import report with the regions it deactivated."""

    @property
    def deactivated(self) -> int:
        """Regions deactivated because a complete edition no longer has them."""
        return self.counts.get("deactivated", 0)


def _read_table(path: Path, problems: Problems) -> list[RegionRow]:
    reading = read_file(path, problems, strict_encoding=True)
    if reading is None:
        return []
    result = []
    for sheet in reading.sheets[:1]:
        table = find_table(sheet, problems, COLUMNS, required=["kode", "nama"], quiet=QUIET)
        if table is None:
            return []
        ctx = ReadContext(sheet.file).on(sheet)
        # Attributes whose column the file lacks are left as they are, not emptied.
        absent = {attr for attr, column in COLUMN_OF.items() if not table.columns.has(column)}
        for row in table.rows:
            region = _read_row(ctx.reader(table, row))
            if region is not None:
                region.values = {k: v for k, v in region.values.items() if k not in absent}
                result.append(region)
        problems.extend(ctx.problems.items)
    if not result and not problems:
        problems.add(path.name, _("has no data rows"))
    return result


def _kind(f: RowReader, code: str) -> Kind:
    implied = kind_from_code(code)
    word = f.text("jenis").lower()
    if not word:
        return implied
    kind = KIND_WORDS.get(word)
    if kind is None:
        f.fail("jenis", _("unknown kind '%(kind)s'") % {"kind": f.text("jenis")})
        return implied
    if KIND_LEVEL[kind] != codes.level_of(code):
        f.fail(
            "jenis",
            _("kind '%(kind)s' does not fit code %(code)s")
            % {"kind": f.text("jenis"), "code": code},
        )
    return kind


def _name(f: RowReader) -> str:
    name = f.text("nama")
    if not name:
        f.fail("nama", _("the name is empty"))
    elif len(name) > 200:
        f.fail("nama", _("the name is longer than 200 characters"))
    elif UNSAFE_NAME.search(name):
        f.fail(
            "nama",
            _("the name holds characters a region name never has (<, > or control characters)"),
        )
    return name


def _read_row(f: RowReader) -> RegionRow | None:
    raw_code = f.text("kode")
    try:
        code = codes.normalize(raw_code)
    except codes.BadRegionCode:
        f.fail("kode", _("'%(code)s' is not a region code") % {"code": raw_code})
        return None
    values = {
        "name": _name(f),
        "kind": _kind(f, code).value,
        "level": codes.level_of(code),
        "parent_id": codes.parent_of(code),
        "latitude": f.coordinate("lat_centroid", 90),
        "longitude": f.coordinate("lng_centroid", 180),
        "area_km2": f.get("luas_km2", _area),
        "population": f.count("penduduk_total"),
        "population_male": f.count("penduduk_laki"),
        "population_female": f.count("penduduk_perempuan"),
    }
    return RegionRow(code=code, values=values, file=f.ctx.file, line=f.line)


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
        else:
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


def _target(
    code: str, row: RegionRow | None, boundary: Boundary | None, stored: Region | None
) -> Region:
    """The region as it should be after the load: the stored one with the file's values (columns
    a file lacks keep their stored values), or a new one."""
    region = (
        copy.copy(stored) if stored is not None else Region(code=code, kind=kind_from_code(code))
    )
    if row is not None:
        for name, value in row.values.items():
            setattr(region, name, value)
        region.is_active = True
    if boundary is not None:
        region.boundary, region.bbox = boundary.geometry, boundary.bbox
    return region


def _write(
    rows: dict[str, RegionRow],
    boundaries: dict[str, Boundary],
    existing: dict[str, Region],
    *,
    actor: Any,
    progress: Progress,
    deactivate_missing: bool,
    file: FileInfo,
) -> LoadReport:
    codes_ = sorted(set(rows) | set(boundaries), key=lambda c: (codes.level_of(c), c))
    targets = [_target(c, rows.get(c), boundaries.get(c), existing.get(c)) for c in codes_]
    gone = _deactivate(rows, existing) if deactivate_missing else []
    result = upsert(
        Region,
        [*targets, *gone],
        key=("code",),
        compared=[*ATTRIBUTES, "is_active", "boundary", "bbox"],
        actor=actor,
        audit_mode=FILE,
        file=file,
        existing={(code,): region for code, region in existing.items()},
        progress=progress,
    )
    report = LoadReport(created=len(result.created), unchanged=result.unchanged)
    report.count("deactivated", len(gone))
    report.updated = len(result.updated) - len(gone)
    return report


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
            gone = copy.copy(region)
            gone.is_active = False
            result.append(gone)
    return result


def _kept(code: str, only: Sequence[str]) -> bool:
    return codes.level_of(code) <= 2 or any(is_within(code, root) for root in only)


def load_regions(
    paths: Sequence[Path],
    *,
    actor: Any = None,
    progress: Progress | None = None,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    only: Sequence[str] = (),
) -> LoadReport:
    """Validate all files, then create and update regions in one transaction.

    `only` loads a part of the files: the province and regency levels, and the subtrees of the
    given codes (a small geography for tests that do not need the whole province).

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
    if only:
        rows = {c: r for c, r in rows.items() if _kept(c, only)}
        boundaries = {c: b for c, b in boundaries.items() if _kept(c, only)}
    roots = _roots(set(rows) | set(boundaries))
    existing = {region.code: region for root in roots for region in Region.objects.within(root)}
    _check_references(rows, boundaries, set(existing), problems)
    problems.raise_if_any()
    with transaction.atomic():
        report = _write(
            rows,
            boundaries,
            existing,
            actor=actor,
            progress=progress,
            deactivate_missing=deactivate_missing,
            file=FileInfo.of_many(paths),
        )
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run and connection.vendor == "sqlite":
        # Fresh statistics let SQLite plan region-code range queries with the index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE regions_region")
    report.details["files"] = [p.name for p in paths]
    report.dry_run = dry_run
    return report
