"""Village shapes for the maps: simplified within the tolerance, rounded, islets dropped, and
every village kept."""

from __future__ import annotations

import json
import math

import pytest

from tangguh.regions.models import Region
from tangguh.regions.shapes import (
    DECIMALS,
    TOLERANCE,
    shapes_tag,
    simplify_geometry,
    simplify_line,
    simplify_ring,
    village_shapes,
)


def circle(cx: float, cy: float, r: float, n: int) -> list[list[float]]:
    points = [
        [cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)]
        for i in range(n)
    ]
    return [*points, points[0]]


def test_a_straight_line_keeps_only_its_ends():
    line = [[0.0, 0.0], [0.1, 0.00001], [0.2, -0.00001], [0.3, 0.0]]
    assert simplify_line(line, 0.0001) == [[0.0, 0.0], [0.3, 0.0]]


def test_a_corner_beyond_the_tolerance_is_kept():
    line = [[0.0, 0.0], [0.1, 0.05], [0.2, 0.0]]
    assert simplify_line(line, 0.001) == line


def test_a_ring_stays_closed_within_the_tolerance_with_fewer_points():
    ring = circle(123.5, -10.0, 0.05, 2000)
    simple = simplify_ring(ring)
    assert simple is not None
    assert simple[0] == simple[-1]
    assert 8 < len(simple) < 200
    for x, y in simple:  # every kept point still on the circle, rounded
        assert abs(math.hypot(x - 123.5, y + 10.0) - 0.05) < TOLERANCE + 10**-DECIMALS
        assert round(x, DECIMALS) == x


def test_islets_under_the_tolerance_go_unless_they_are_the_whole_village():
    village = circle(123.5, -10.0, 0.05, 400)
    islet = circle(123.7, -10.1, TOLERANCE / 4, 12)
    shape = simplify_geometry({"type": "MultiPolygon", "coordinates": [[village], [islet]]})
    assert shape is not None
    assert shape["type"] == "Polygon"
    alone = simplify_geometry({"type": "Polygon", "coordinates": [islet]})
    assert alone is not None
    assert len(alone["coordinates"][0]) >= 4


def test_holes_are_kept():
    shape = simplify_geometry(
        {"type": "Polygon", "coordinates": [circle(0, 0, 0.1, 500), circle(0, 0, 0.02, 200)]}
    )
    assert shape is not None
    assert len(shape["coordinates"]) == 2


@pytest.mark.django_db
def test_every_village_of_a_regency_has_a_shape_and_the_tag_follows_changes():
    region = Region.objects.get(code="53.01")
    tag = shapes_tag(region)
    document = json.loads(village_shapes(region, tag))
    villages = [f for f in document["features"] if f["properties"]["role"] == "village"]
    expected = Region.objects.within("53.01").filter(level=4, boundary__isnull=False)
    assert {f["properties"]["code"] for f in villages} == set(
        expected.values_list("code", flat=True)
    )
    assert village_shapes(region, tag) == village_shapes(region, tag)  # the cached copy
    village = Region.objects.get(code=villages[0]["properties"]["code"])
    village.name = "Renamed"
    village.save()  # as loading the geography again does (updated_at moves)
    assert shapes_tag(region) != tag
    renamed = json.loads(village_shapes(region))
    assert "Renamed" in {f["properties"]["name"] for f in renamed["features"]}
