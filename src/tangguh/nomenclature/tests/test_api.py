"""The nomenclature API: editions and items, browsed by edition, government, level, parent and
bidang, and searched by code or words; reference data every signed-in user may read."""

from __future__ import annotations

import pytest

from tangguh.nomenclature.models import Item

pytestmark = pytest.mark.django_db

EDITIONS = "/api/v1/nomenclature-editions/"
ITEMS = "/api/v1/nomenclature-items/"
GLADI = "1.05.03.2.02.0018"


def kabkota(code: str, level: str = "sub_kegiatan") -> Item:
    return Item.objects.get(edition__name="2027", government="kabkota", level=level, code=code)


def codes(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def test_anonymous_clients_are_refused(api):
    for url in (EDITIONS, f"{EDITIONS}2027/", ITEMS):
        response = api(None).get(url)
        assert response.status_code in (401, 403), url
        assert "error" in response.json()


def test_the_shipped_edition_is_listed_as_provisional(api, village_officer):
    body = api(village_officer).get(EDITIONS).json()
    assert [e["name"] for e in body["results"]] == ["2027"]
    edition = body["results"][0]
    assert (edition["budget_year"], edition["provisional"]) == (2027, True)
    assert "copyright" in edition["source"]


def test_an_edition_counts_the_items_each_government_may_use(api, kota_editor):
    response = api(kota_editor).get(f"{EDITIONS}2027/")
    assert response.status_code == 200, response.json()
    counts = response.json()["counts"]
    assert set(counts) == {"kabkota", "provinsi"}
    for government in ("kabkota", "provinsi"):
        for level in ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan"):
            usable = Item.objects.filter(
                edition__name="2027", government=government, level=level, offered=True
            ).count()
            assert counts[government][level] == usable
    assert counts["kabkota"]["sub_kegiatan"] > 2000
    all_kabkota = Item.objects.filter(government="kabkota", level="sub_kegiatan").count()
    assert counts["kabkota"]["sub_kegiatan"] < all_kabkota  # special regions' items left out
    assert api(kota_editor).get(f"{EDITIONS}1999/").status_code == 404


def test_items_are_browsed_by_parent(api, village_officer):
    query = {"edition": "2027", "government": "kabkota", "parent": "1.05.03"}
    assert codes(api(village_officer).get(ITEMS, query)) == [
        "1.05.03.2.01",
        "1.05.03.2.02",
        "1.05.03.2.03",
        "1.05.03.2.04",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"bidang": "1.05", "level": "program"}, ["1.05.02", "1.05.03", "1.05.04"]),
        ({"level": "urusan", "q": "1"}, ["1"]),
        ({"level": "sub_kegiatan", "q": "1.05.03.2.02.001"}, None),
    ],
)
def test_items_are_filtered_by_level_bidang_and_code(api, kota_editor, query, expected):
    found = codes(api(kota_editor).get(ITEMS, {"government": "kabkota", **query}))
    if expected is not None:
        assert found == expected
    else:
        assert found
        assert all(code.startswith("1.05.03.2.02.001") for code in found)
        assert GLADI in found


def test_a_code_search_counts_every_sub_activity_under_an_activity(api, kota_editor):
    query = {"government": "kabkota", "level": "sub_kegiatan", "q": "1.05.03.2.02"}
    body = api(kota_editor).get(ITEMS, query).json()
    assert body["count"] == kabkota("1.05.03.2.02", "kegiatan").children.count()
    assert body["count"] > 5


def test_items_are_searched_by_every_word_in_the_name(api, kota_editor):
    query = {"government": "kabkota", "level": "sub_kegiatan", "q": "rehabilitasi EMBUNG"}
    body = api(kota_editor).get(ITEMS, query).json()
    names = [row["name"].lower() for row in body["results"]]
    assert "1.03.02.2.01.0129" in [row["code"] for row in body["results"]]
    assert all("rehabilitasi" in name and "embung" in name for name in names)
    query["q"] = "embung kapal terbang"
    assert api(kota_editor).get(ITEMS, query).json()["count"] == 0


def test_the_province_list_is_apart_from_the_regencies(api, kota_editor):
    query = {"edition": "2027", "level": "sub_kegiatan", "q": "1.05.03.1.01.0003"}
    client = api(kota_editor)
    assert codes(client.get(ITEMS, {**query, "government": "provinsi"})) == ["1.05.03.1.01.0003"]
    assert codes(client.get(ITEMS, {**query, "government": "kabkota"})) == []


def test_items_reserved_for_special_regions_are_marked(api, kota_editor):
    query = {"government": "kabkota", "level": "sub_kegiatan", "offered": "false"}
    body = api(kota_editor).get(ITEMS, query).json()
    assert body["count"] > 0
    assert all(not row["offered"] for row in body["results"])
    assert all(row["code"].split(".")[3] != "2" for row in body["results"])


def test_an_item_shows_its_nomenclature_data_ancestors_and_children(api, village_officer):
    client = api(village_officer)
    gladi = kabkota(GLADI)
    response = client.get(f"{ITEMS}{gladi.pk}/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["edition"], body["government"], body["level"], body["bidang"]) == (
        "2027",
        "kabkota",
        "sub_kegiatan",
        "1.05",
    )
    assert (body["parent"], body["parent_code"]) == (gladi.parent_id, "1.05.03.2.02")
    assert body["name"] == "Gladi Kesiapsiagaan Terhadap Bencana kabupaten/kota"
    assert (body["output"], body["indicator"], body["unit"]) == (
        gladi.output,
        gladi.indicator,
        gladi.unit,
    )
    assert body["output"]
    assert [a["code"] for a in body["ancestors"]] == ["1", "1.05", "1.05.03", "1.05.03.2.02"]
    assert [a["level"] for a in body["ancestors"]] == ["urusan", "bidang", "program", "kegiatan"]
    assert body["children"] == []
    parent = client.get(f"{ITEMS}{gladi.parent_id}/").json()
    assert GLADI in [c["code"] for c in parent["children"]]
    top = client.get(f"{ITEMS}{kabkota('1', 'urusan').pk}/").json()
    assert (top["parent"], top["parent_code"], top["ancestors"]) == (None, None, [])


@pytest.mark.parametrize(
    "query",
    [{"edition": "1999"}, {"level": "desa"}, {"government": "papua"}],
)
def test_bad_item_filters_are_400(api, kota_editor, query):
    response = api(kota_editor).get(ITEMS, query)
    assert response.status_code == 400
    assert set(query) <= set(response.json()["error"]["details"])


def test_an_unknown_item_is_404(api, kota_editor):
    assert api(kota_editor).get(f"{ITEMS}987654321/").status_code == 404
    assert api(kota_editor).get(f"{ITEMS}gladi/").status_code == 404


def test_items_are_read_only(api, superuser):
    item = kabkota(GLADI)
    client = api(superuser)
    assert client.post(ITEMS, {"code": "1"}, format="json").status_code == 405
    assert client.patch(f"{ITEMS}{item.pk}/", {"name": "x"}, format="json").status_code == 405
    assert client.delete(f"{EDITIONS}2027/").status_code == 405
    assert kabkota(GLADI).name == item.name


def test_the_openapi_schema_documents_the_nomenclature(api, kota_editor):
    paths = api(kota_editor).get("/api/schema/", {"format": "json"}).json()["paths"]
    assert {EDITIONS, f"{EDITIONS}{{name}}/", ITEMS, f"{ITEMS}{{id}}/"} <= set(paths)
    parameters = {p["name"] for p in paths[ITEMS]["get"]["parameters"]}
    assert {"edition", "government", "level", "parent", "bidang", "offered", "q"} <= parameters


def test_lists_of_items_take_few_queries(api, kota_editor, django_assert_max_num_queries):
    client = api(kota_editor)
    with django_assert_max_num_queries(6):
        body = client.get(ITEMS, {"edition": "2027", "page_size": 500}).json()
    assert len(body["results"]) == 500
