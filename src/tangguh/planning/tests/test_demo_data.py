"""The planning demo data (planning/demo_data/*.csv): real places and codes, no dangling links.

Pure file checks: no database.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pytest

from tangguh.accounts.demo import AGENCIES

PACKAGE = Path(__file__).resolve().parents[2]
DATA = PACKAGE / "planning" / "demo_data"
NTT = PACKAGE / "regions" / "data" / "ntt"
NOMENCLATURE = PACKAGE / "nomenclature" / "data" / "nomenklatur_2027.csv.gz"
HAZARDS = PACKAGE / "catalogues" / "data" / "hazards.csv"

HEADERS = {
    "programmes.csv": "region,name,partner,first_year,last_year,description,practices",
    "calendars.csv": "region,year,stage,starts,ends",
    "proposals.csv": (
        "ref,village_code,source_kind,title,description,problem,volume,unit,estimated_cost,"
        "priority,women,men,disabled,elderly,children,hazards,phases,poverty,climate_adaptation,"
        "livelihood,partner_programme,year"
    ),
    "work_plans.csv": (
        "region,agency_code,year,sub_activity_code,locations,indicator,target,unit,budget,"
        "funding_source,partner_programme,phases,climate,poverty,inclusion,status,note,practice"
    ),
    "decisions.csv": (
        "region,year,ref,outcome,reason,deferred_to,agency_code,sub_activity_code,budget,location"
    ),
    "recommendations.csv": "region,year,ref,level,verdict,note",
}
STAGES = [
    "musrenbang_desa",
    "musrenbang_kecamatan",
    "forum_pd",
    "musrenbang_kabkota",
    "rkpd_adopted",
    "renja_final",
]
SOURCES = {
    "musrenbang_desa",
    "musrenbang_kecamatan",
    "livelihood_plan",
    "risk_plan",
    "partner",
    "pokir",
}
VILLAGE_SOURCES = {"musrenbang_desa", "musrenbang_kecamatan", "livelihood_plan", "risk_plan"}
PHASES = {"pra", "saat", "pasca"}
TRAIL = ["village", "district", "agency", "bappeda"]


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def regions() -> dict[str, str]:
    """Every region code of NTT with its regency/city ('53' for the province)."""
    found = {"53": "53"}
    for name in ("ntt_provinsi_kabkota.csv", "ntt_kecamatan.csv", "ntt_desa_kelurahan.csv"):
        with (NTT / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                found[row["kode"]] = row["kode"][:5]
    return found


@cache
def sub_activities() -> set[str]:
    with gzip.open(NOMENCLATURE, "rt", encoding="utf-8", newline="") as handle:
        return {
            row["code"]
            for row in csv.DictReader(handle)
            if row["jenis_pemda"] == "KABKOT"
            and row["level"] == "sub_kegiatan"
            and row["code"].split(".")[3] == "2"
        }


@cache
def nomenclature_names() -> set[str]:
    with gzip.open(NOMENCLATURE, "rt", encoding="utf-8", newline="") as handle:
        return {row["name"].strip().lower() for row in csv.DictReader(handle)}


@cache
def hazard_keys() -> set[str]:
    with HAZARDS.open(encoding="utf-8", newline="") as handle:
        return {row["key"] for row in csv.DictReader(handle)}


def agencies() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(item.region, item.code): item.bidang for item in AGENCIES}


def programmes() -> dict[tuple[str, str], dict[str, str]]:
    return {(row["region"], row["name"]): row for row in read("programmes.csv")}


def proposals() -> dict[tuple[str, int, str], dict[str, str]]:
    """Proposals by (regency, year, ref)."""
    return {
        (regions()[row["village_code"]], int(row["year"]), row["ref"]): row
        for row in read("proposals.csv")
    }


def items() -> dict[tuple[str, int, str, str], dict[str, str]]:
    return {
        (row["region"], int(row["year"]), row["agency_code"], row["sub_activity_code"]): row
        for row in read("work_plans.csv")
    }


def is_decimal(value: str) -> bool:
    try:
        Decimal(value)
    except InvalidOperation:
        return False
    return True


def within(code: str, places: list[str]) -> bool:
    """`code` is one of `places` or lies inside one of them."""
    return any(code == place or code.startswith(place + ".") for place in places)


def assert_programme(region: str, name: str) -> None:
    if name:
        known = programmes()
        assert (region, name) in known or ("53", name) in known, (region, name)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_files_have_the_agreed_columns(name: str) -> None:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == HEADERS[name].split(",")
    assert read(name), f"{name} is empty"


def test_readme_says_it_is_demo_data() -> None:
    text = (DATA / "README.md").read_text(encoding="utf-8")
    assert "DEMO" in text


def test_programmes() -> None:
    rows = read("programmes.csv")
    assert len({(r["region"], r["name"]) for r in rows}) == len(rows)
    for row in rows:
        assert row["region"] in regions()
        assert len(row["region"]) <= 5, "a programme belongs to a regency/city or the province"
        assert row["partner"]
        assert row["description"]
        assert len(row["practices"].split(" | ")) >= 2
        first = int(row["first_year"])
        if row["last_year"]:
            assert int(row["last_year"]) >= first


def test_calendars_are_complete_and_in_order() -> None:
    stages: dict[tuple[str, int], dict[str, tuple[dt.date, dt.date]]] = defaultdict(dict)
    for row in read("calendars.csv"):
        key = (row["region"], int(row["year"]))
        assert row["stage"] in STAGES
        assert row["stage"] not in stages[key], f"{key} {row['stage']} twice"
        stages[key][row["stage"]] = (
            dt.date.fromisoformat(row["starts"]),
            dt.date.fromisoformat(row["ends"]),
        )
    required = {("53.18", 2024), ("53.18", 2025), ("53.01", 2026), ("53.01", 2027)}
    required |= {("53.71", 2026), ("53.71", 2027)}
    assert required <= set(stages)
    for (region, year), dates in stages.items():
        assert region in regions()
        assert list(dates) == STAGES, (region, year)
        previous_end = None
        for stage in STAGES:
            starts, ends = dates[stage]
            assert starts <= ends, (region, year, stage)
            assert starts.year == year - 1, "the RKPD of year n is prepared in year n-1"
            if previous_end is not None:
                assert starts >= previous_end, (region, year, stage)
            previous_end = ends


def test_proposals_are_well_formed() -> None:
    rows = read("proposals.csv")
    keys = [(regions().get(r["village_code"]), r["year"], r["ref"]) for r in rows]
    assert len(set(keys)) == len(keys), "a ref is unique per regency and year"
    names = nomenclature_names()
    for row in rows:
        code = row["village_code"]
        assert code in regions(), code
        assert len(code.split(".")) >= 3, f"{code} is not a village or sub-district"
        assert row["source_kind"] in SOURCES
        assert row["year"] in row["ref"]
        assert row["title"].strip().lower() not in names, "titles are the villages' own words"
        for field in ("estimated_cost", "priority", "women", "men", "disabled", "elderly"):
            assert row[field] == "" or row[field].isdigit(), (row["ref"], field)
        assert row["children"] == "" or row["children"].isdigit()
        assert row["volume"] == "" or is_decimal(row["volume"])
        assert set(row["hazards"].split()) <= hazard_keys(), row["hazards"]
        assert set(row["phases"].split()) <= PHASES
        for flag in ("poverty", "climate_adaptation", "livelihood"):
            assert row[flag] in {"0", "1"}
        assert_programme(regions()[code], row["partner_programme"])


def test_the_stories_have_enough_proposals() -> None:
    rows = list(proposals().values())
    fatuleu = Counter(
        r["village_code"]
        for r in rows
        if r["year"] == "2027" and r["village_code"].startswith(("53.01.27.", "53.01.28."))
    )
    assert len(fatuleu) >= 5
    assert all(4 <= n <= 6 for n in fatuleu.values()), fatuleu
    sbd = [
        r for r in rows if r["village_code"].startswith("53.18.") and r["year"] in {"2024", "2025"}
    ]
    assert 25 <= len(sbd) <= 40
    assert 6 <= len({r["village_code"] for r in sbd}) <= 8
    kota = [r for r in rows if r["village_code"].startswith("53.71.") and r["year"] == "2026"]
    assert 20 <= len(kota) <= 30


def test_work_plan_items() -> None:
    rows = read("work_plans.csv")
    known = agencies()
    subs = sub_activities()
    assert len(items()) == len(rows), "an item is identified by region, year, agency, sub-activity"
    for row in rows:
        region, code = row["region"], row["sub_activity_code"]
        assert (region, row["agency_code"]) in known, (region, row["agency_code"])
        assert code in subs, code
        bidang = ".".join(code.split(".")[:2])
        assert bidang in known[(region, row["agency_code"])], (row["agency_code"], code)
        places = row["locations"].split()
        assert places
        for place in places:
            assert regions().get(place) == region, place
        assert row["budget"].isdigit()
        assert int(row["budget"]) > 0
        assert row["target"] == "" or is_decimal(row["target"])
        assert row["funding_source"] in {"apbd", "dak", "dana_desa", "partner", "other"}
        assert row["climate"] in {"", "adaptation", "mitigation", "both"}
        assert row["status"] in {"draft", "final"}
        assert set(row["phases"].split()) <= PHASES
        assert row["poverty"] in {"0", "1"}
        assert row["inclusion"] in {"0", "1"}
        assert_programme(region, row["partner_programme"])
        if row["funding_source"] == "partner":
            assert row["partner_programme"]


def test_an_agency_finalises_its_whole_work_plan_for_a_year() -> None:
    status: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in read("work_plans.csv"):
        status[(row["region"], row["year"], row["agency_code"])].add(row["status"])
    mixed = {key: found for key, found in status.items() if len(found) > 1}
    assert not mixed, mixed


def test_decisions_point_at_proposals_and_items() -> None:
    props = proposals()
    plan = items()
    outcomes: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    rows_per: Counter[tuple[str, int, str]] = Counter()
    linked: dict[tuple[str, int, str, str], int] = defaultdict(int)
    seen_links = set()
    for row in read("decisions.csv"):
        key = (row["region"], int(row["year"]), row["ref"])
        assert key in props, key
        proposal = props[key]
        outcomes[key].add(row["outcome"])
        rows_per[key] += 1
        if row["outcome"] in {"accommodated", "partly"}:
            item_key = (
                row["region"],
                int(row["year"]),
                row["agency_code"],
                row["sub_activity_code"],
            )
            assert item_key in plan, item_key
            assert (key, item_key) not in seen_links, "one link per proposal and item"
            seen_links.add((key, item_key))
            assert row["budget"].isdigit()
            linked[item_key] += int(row["budget"])
            location = row["location"] or proposal["village_code"]
            assert regions().get(location) == row["region"], location
            assert within(location, plan[item_key]["locations"].split()), (key, location)
            assert row["deferred_to"] == ""
        else:
            assert row["outcome"] in {"deferred", "rejected"}, row["outcome"]
            assert not row["agency_code"]
            assert not row["sub_activity_code"]
            assert not row["budget"]
            assert row["reason"], key
            if row["outcome"] == "deferred":
                assert int(row["deferred_to"]) > int(row["year"])
            else:
                assert row["deferred_to"] == ""
    for key, found in outcomes.items():
        assert len(found) == 1, (key, found)
        if found & {"deferred", "rejected"}:
            assert rows_per[key] == 1, key
    for item_key, total in linked.items():
        assert total <= int(plan[item_key]["budget"]), item_key
    groups = {(region, year) for region, year, _ref in props}
    for group in groups:
        undecided = [k for k in props if k[:2] == group and k not in outcomes]
        decided = [k for k in props if k[:2] == group and k in outcomes]
        assert decided, f"{group} has no decisions"
        if group != ("53.18", 2024):
            assert undecided, f"{group} should keep some proposals undecided"


def test_recommendation_trails() -> None:
    props = proposals()
    decided = {
        (row["region"], int(row["year"]), row["ref"]): row["outcome"]
        for row in read("decisions.csv")
    }
    trails: dict[tuple[str, int, str], list[dict[str, str]]] = defaultdict(list)
    for row in read("recommendations.csv"):
        key = (row["region"], int(row["year"]), row["ref"])
        assert key in props, key
        assert row["level"] in TRAIL
        assert row["verdict"] in {"recommended", "revised", "not_recommended"}
        trails[key].append(row)
    for key, proposal in props.items():
        levels = [row["level"] for row in trails[key]]
        assert levels == sorted(levels, key=TRAIL.index), (key, levels)
        assert len(set(levels)) == len(levels), (key, levels)
        if proposal["source_kind"] in VILLAGE_SOURCES:
            assert levels[:1] == ["village"], key
        outcome = decided.get(key)
        if outcome:
            verdicts = {row["level"]: row["verdict"] for row in trails[key]}
            assert {"agency", "bappeda"} <= set(verdicts), key
            if outcome == "rejected":
                assert verdicts["bappeda"] == "not_recommended", key
            else:
                assert verdicts["bappeda"] != "not_recommended", key
    with_trail = sum(1 for key in props if trails[key])
    assert with_trail == len(props)
