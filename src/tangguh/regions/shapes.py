"""Region outlines light enough for a rural link: simplified, rounded, cached, revalidated.

The shipped boundaries keep five decimals (about 1 m) and every vertex of the source, which a
regency's village map sends as 37,762 points (890 KB of JSON). A choropleth at regency zoom needs
far less: rings are simplified with Douglas–Peucker at `TOLERANCE` degrees (about 55 m),
coordinates rounded to `DECIMALS` places (about 11 m), and islets smaller than the tolerance
dropped unless they are all a village has. Villages are simplified one by one, so at street zoom
two neighbours' shared border may show a sliver; the map is for reading classes, not borders.

Shapes change only when the geography is loaded again: `shapes_tag` is a validator made of the
regions' count and latest `updated_at` (one indexed aggregate), so a browser revalidates with
`If-None-Match` and is answered 304 without any geometry being read, and the encoded shapes of
a region are kept in the cache under that tag.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max

from tangguh.regions.models import Level, Region

SHAPES_VERSION = "1"  # bump when the simplification below changes
TOLERANCE = 0.0005  # degrees, about 55 m at NTT's latitude (a pixel of a regency map is ~120 m)
DECIMALS = 4

Point = Sequence[float]


def _distance_sq(p: Point, a: Point, b: Point) -> float:
    """Squared distance from p to the segment a–b (degrees², locally flat)."""
    ax, ay = a[0], a[1]
    dx, dy = b[0] - ax, b[1] - ay
    if dx == 0 and dy == 0:
        return (p[0] - ax) ** 2 + (p[1] - ay) ** 2
    t = ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return (p[0] - ax - t * dx) ** 2 + (p[1] - ay - t * dy) ** 2


def simplify_line(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the points of a line whose dropped points all lie within `tolerance`
    of the kept line (iterative, so a long ring cannot exhaust the stack)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_at = -1.0, -1
        for i in range(first + 1, last):
            d = _distance_sq(points[i], points[first], points[last])
            if d > worst:
                worst, worst_at = d, i
        if worst > limit:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _round(points: Sequence[Point]) -> list[list[float]]:
    """Rounded points without consecutive repeats."""
    out: list[list[float]] = []
    for p in points:
        q = [round(p[0], DECIMALS), round(p[1], DECIMALS)]
        if not out or q != out[-1]:
            out.append(q)
    return out


def _extent(ring: Sequence[Point]) -> float:
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def simplify_ring(ring: Sequence[Point], tolerance: float = TOLERANCE) -> list[list[float]] | None:
    """A closed ring simplified and rounded; None when too little is left of it to be a ring
    (an islet under the tolerance)."""
    if len(ring) < 4:
        return None
    # Split the closed ring at the point farthest from its start, so both halves are lines.
    start = ring[0]
    far = max(
        range(len(ring)), key=lambda i: (ring[i][0] - start[0]) ** 2 + (ring[i][1] - start[1]) ** 2
    )
    if far == 0:
        return None
    half_one = simplify_line(ring[: far + 1], tolerance)
    half_two = simplify_line(ring[far:], tolerance)
    points = _round([*half_one, *half_two[1:]])
    if points[0] != points[-1]:
        points.append(points[0])
    if len(points) < 4:
        return None
    return points


def simplify_geometry(
    geometry: dict[str, Any], tolerance: float = TOLERANCE
) -> dict[str, Any] | None:
    """A Polygon or MultiPolygon, simplified; islets under the tolerance dropped unless the
    largest part of the region would go, which is then kept as it is (rounded)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return geometry
    kept: list[list[list[list[float]]]] = []
    for polygon in polygons:
        if not polygon:
            continue
        outer = simplify_ring(polygon[0], tolerance)
        if outer is None or _extent(outer) < tolerance:
            continue
        holes = [h for h in (simplify_ring(r, tolerance) for r in polygon[1:]) if h]
        kept.append([outer, *holes])
    if not kept:  # a village made only of islets: keep its largest, rounded, unsimplified
        largest = max((p for p in polygons if p), key=lambda p: _extent(p[0]), default=None)
        if largest is None:
            return None
        kept = [[_round(largest[0])]]
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _children_filter(region: Region) -> dict[str, Any]:
    return {"code__startswith": f"{region.code}.", "level": Level.VILLAGE}


def shapes_tag(region: Region) -> str:
    """A validator of the region's village shapes: changes when any of them is loaded again."""
    found = Region.objects.filter(**_children_filter(region)).aggregate(
        n=Count("code"), latest=Max("updated_at")
    )
    latest = found["latest"].isoformat() if found["latest"] else "-"
    mine = Region.objects.filter(code=region.code).values_list("updated_at", flat=True).first()
    raw = f"{SHAPES_VERSION}|{region.code}|{found['n']}|{latest}|{mine}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def village_shapes(region: Region, tag: str | None = None) -> bytes:
    """GeoJSON (UTF-8 bytes) of the region's outline and the outlines of its villages, with
    code, name and sub-district; cached under the shapes' validator."""
    tag = tag or shapes_tag(region)
    key = f"tangguh:shapes:{tag}"
    cached = cache.get(key)
    if cached is not None:
        return bytes(cached)
    features: list[dict[str, Any]] = []
    outline = Region.objects.filter(code=region.code).values_list("boundary", flat=True).first()
    if outline:
        features.append(
            {
                "type": "Feature",
                "geometry": simplify_geometry(outline),
                "properties": {"code": region.code, "name": region.name, "role": "outline"},
            }
        )
    villages = (
        Region.objects.filter(**_children_filter(region), boundary__isnull=False)
        .select_related("parent")
        .only("code", "name", "boundary", "parent__name")
        .order_by("code")
    )
    for village in villages.iterator(chunk_size=200):
        geometry = simplify_geometry(village.boundary) if village.boundary else None
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": village.code,
                    "name": village.name,
                    "district": village.parent.name if village.parent else "",
                    "role": "village",
                },
            }
        )
    body = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    cache.set(key, body, timeout=24 * 3600)
    return body
