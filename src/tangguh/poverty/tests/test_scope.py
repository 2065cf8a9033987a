"""Region scope of households, targets, programmes and beneficiaries on page, API and CLI (the
shared scope suite)."""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tangguh.accounts.tests.factories import AgencyFactory
from tangguh.core.testing.scope import ScopeCase, scope_suite
from tangguh.poverty import services
from tangguh.poverty.models import Beneficiary, Household
from tangguh.regions.models import Region

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _any_year(settings: Any) -> None:
    """The scope suite makes many records, each of a new year: every year is plausible here
    (the plausible ranges have tests of their own)."""
    settings.PLAUSIBLE_YEARS = {
        **settings.PLAUSIBLE_YEARS,
        **dict.fromkeys(("plans", "assessments"), (1900, 300)),
    }


VILLAGE = {"53.71": "53.71.01.1001", "53.01": "53.01.27.2002"}
HEADER = "household_id,region_code,members,expenditure_per_capita\n"


def _line(code: str, number: int) -> str:
    return f"SCOPE-{number},{VILLAGE[code]},4,{300_000 + number}\n"


def make_household(code: str) -> Household:
    number = next(_numbers)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one.csv"
        path.write_text(HEADER + _line(code, number), encoding="utf-8")
        services.import_households(path, year=2023).raise_if_failed()
    return Household.objects.get(household_id=f"SCOPE-{number}")


def household_file(obj: Household) -> str:
    return HEADER + f"{obj.household_id},{obj.region_id},4,300000\n"


def make_target(code: str) -> Any:
    return services.create_target(
        actor=None,
        region=Region.objects.get(code=code),
        measure="p0",
        target_rate="5.00",
        target_year=2030 + next(_numbers),
        basis="RPJMD",
    )


def make_programme(code: str) -> Any:
    return services.create_programme(
        actor=None,
        region=Region.objects.get(code=code),
        code=f"P{next(_numbers)}",
        name="Program Keluarga Harapan",
        kind="national",
        max_decile=4,
    )


def _agency(code: str) -> dict[str, Any]:
    agency: Any = AgencyFactory(region_id=code, code=f"1.06.0.00.0.00.{next(_numbers):02d}.0000")
    return {"agency": agency.pk}


def make_beneficiary(code: str) -> Beneficiary:
    household = make_household(code)
    programme = make_programme(code)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.csv"
        path.write_text(beneficiary_text(programme.code, household.household_id), "utf-8")
        services.import_beneficiaries(path, year=2023).raise_if_failed()
    return Beneficiary.objects.get(programme=programme, household=household)


def beneficiary_text(programme: str, household: str) -> str:
    return f"programme,household_id,benefit\n{programme},{household},100000\n"


CASES = [
    ScopeCase(
        name="household",
        make=make_household,
        api="/api/v1/poverty/households/",
        page_list="poverty:household-list",
        page_detail="poverty:household-detail",
        page_export="export=csv",
        search=lambda obj: obj.household_id,
        cli=("export_households",),
        cli_import=("import_households", "--year", "2023"),
        cli_import_text=household_file,
        refused_methods=("post", "put", "patch", "delete"),
        deletable=False,
        logged=False,  # the registry logs one record per import, not per household
        api_queries=8,
        list_queries=10,
    ),
    ScopeCase(
        name="target",
        make=make_target,
        api="/api/v1/poverty/targets/",
        payload=lambda code: {
            "region": code,
            "measure": "p0",
            "target_rate": "4.50",
            "target_year": 2030 + next(_numbers),
            "basis": "RPJMD",
        },
        change={"basis": "RPD 2024-2026"},
        move=lambda code: {"region": code},
        page_list="poverty:target-list",
        page_detail="poverty:target-detail",
        page_add="poverty:target-add",
        page_edit="poverty:target-edit",
        page_delete="poverty:target-delete",
        page_export="export=csv",
        api_queries=8,
        list_queries=12,
    ),
]

CASES += [
    ScopeCase(
        name="programme",
        make=make_programme,
        api="/api/v1/poverty/programmes/",
        payload=lambda code: {
            "region": code,
            "code": f"P{next(_numbers)}",
            "name": "Sembako",
            "kind": "national",
            "max_decile": 4,
        },
        change={"name": "Program Sembako (BPNT)"},
        move=lambda code: {"region": code},
        foreign=_agency,
        page_list="poverty:programme-list",
        page_detail="poverty:programme-detail",
        page_add="poverty:programme-add",
        page_edit="poverty:programme-edit",
        page_delete="poverty:programme-delete",
        api_queries=8,
        list_queries=12,
    ),
    ScopeCase(
        name="beneficiary",
        make=make_beneficiary,
        api="/api/v1/poverty/beneficiaries/",
        cli_import=("import_beneficiaries", "--year", "2023"),
        cli_import_text=lambda obj: beneficiary_text(
            obj.programme.code, obj.household.household_id
        ),
        refused_methods=("post", "put", "patch", "delete"),
        deletable=False,
        logged=False,  # one change record per import
        api_queries=8,
    ),
]


# Revolving funds (in a kelurahan), their loans and repayments; programme outputs and findings;
# livelihood potentials.


def make_fund(code: str) -> Any:
    return services.create_fund(
        actor=None,
        region=Region.objects.get(code=VILLAGE[code]),
        name=f"Dana bergulir {next(_numbers)}",
        capital=10_000_000,
        capital_source="APBD",
    )


def make_loan(code: str) -> Any:
    return services.create_loan(
        actor=None,
        fund=make_fund(code),
        borrower=f"Kelompok {next(_numbers)}",
        amount=1_200_000,
        issued_on=dt.date(2024, 1, 1),
        instalments=12,
    )


def make_repayment(code: str) -> Any:
    return services.create_repayment(
        actor=None, loan=make_loan(code), paid_on=dt.date(2024, 2, 1), amount=100_000
    )


def make_output(code: str) -> Any:
    return services.create_output(
        actor=None,
        programme=make_programme(code),
        year=2024,
        quarter=1,
        indicator=f"Keluarga penerima {next(_numbers)}",
        unit="keluarga",
        target=100,
        achieved=90,
    )


def make_finding(code: str) -> Any:
    return services.create_finding(
        actor=None,
        programme=make_programme(code),
        found_on=dt.date(2024, 1, 10),
        source="Monev",
        finding=f"Temuan konsumtif nomor {next(_numbers)}",
        action="Pendampingan usaha",
        owner="Bappeda",
        due_on=dt.date(2024, 3, 31),
    )


def make_livelihood(code: str) -> Any:
    return services.create_livelihood(
        actor=None,
        region=Region.objects.get(code=VILLAGE[code]),
        commodity=f"kunyit {next(_numbers)}",
        sector="forest",
        source="Laporan lapangan 000",
    )


CASES += [
    ScopeCase(
        name="revolving fund",
        make=make_fund,
        api="/api/v1/poverty/revolving-funds/",
        payload=lambda code: {
            "region": VILLAGE[code],
            "name": f"Dana {next(_numbers)}",
            "capital": "5000000",
            "capital_source": "APBD",
        },
        change={"capital_source": "Dana Desa"},
        move=lambda code: {"region": VILLAGE[code]},
        foreign=lambda code: {"programme": make_programme(code).pk},
        page_list="poverty:fund-list",
        page_detail="poverty:fund-detail",
        page_add="poverty:fund-add",
        page_edit="poverty:fund-edit",
        page_delete="poverty:fund-delete",
        api_queries=8,
        list_queries=14,
    ),
    ScopeCase(
        name="loan",
        make=make_loan,
        api="/api/v1/poverty/fund-loans/",
        payload=lambda code: {
            "fund": make_fund(code).pk,
            "borrower": "Kelompok tenun",
            "amount": 2_000_000,
            "issued_on": "2024-03-01",
            "instalments": 10,
        },
        change={"purpose": "Modal tenun"},
        move=lambda code: {"fund": make_fund(code).pk},
        page_add="poverty:loan-add",
        page_add_args=lambda loan: (loan.fund_id,),
        page_edit="poverty:loan-edit",
        page_delete="poverty:loan-delete",
        api_queries=8,
    ),
    ScopeCase(
        name="repayment",
        make=make_repayment,
        api="/api/v1/poverty/fund-repayments/",
        payload=lambda code: {"loan": make_loan(code).pk, "paid_on": "2024-03-01", "amount": 1},
        change={"notes": "Setoran tunai"},
        move=lambda code: {"loan": make_loan(code).pk},
        page_add="poverty:repayment-add",
        page_add_args=lambda repayment: (repayment.loan_id,),
        page_edit="poverty:repayment-edit",
        page_delete="poverty:repayment-delete",
        api_queries=8,
    ),
    ScopeCase(
        name="programme output",
        make=make_output,
        api="/api/v1/poverty/programme-outputs/",
        payload=lambda code: {
            "programme": make_programme(code).pk,
            "year": 2024,
            "quarter": 2,
            "indicator": "Rumah direhabilitasi",
            "unit": "rumah",
            "target": "20",
        },
        change={"achieved": "18"},
        move=lambda code: {"programme": make_programme(code).pk},
        page_add="poverty:output-add",
        page_add_args=lambda output: (output.programme_id,),
        page_edit="poverty:output-edit",
        page_delete="poverty:output-delete",
        api_queries=8,
    ),
    ScopeCase(
        name="finding",
        make=make_finding,
        api="/api/v1/poverty/findings/",
        payload=lambda code: {
            "programme": make_programme(code).pk,
            "found_on": "2024-02-01",
            "source": "Evaluasi",
            "finding": "Bantuan dipakai untuk konsumsi",
            "action": "Pelatihan keuangan",
            "owner": "Dinas Sosial",
            "due_on": "2024-05-01",
        },
        change={"status": "in_progress"},
        move=lambda code: {"programme": make_programme(code).pk},
        page_list="poverty:monitoring",
        page_shows=lambda obj, html: obj.finding in html,
        page_add="poverty:finding-add",
        page_add_args=lambda finding: (finding.programme_id,),
        page_edit="poverty:finding-edit",
        page_delete="poverty:finding-delete",
        page_export="export=csv",
        api_queries=8,
        list_queries=12,
    ),
    ScopeCase(
        name="livelihood",
        make=make_livelihood,
        api="/api/v1/poverty/livelihoods/",
        payload=lambda code: {
            "region": VILLAGE[code],
            "commodity": f"jahe {next(_numbers)}",
            "sector": "forest",
            "source": "Laporan lapangan 000",
        },
        change={"description": "Tumbuh di hutan"},
        move=lambda code: {"region": VILLAGE[code]},
        page_list="poverty:livelihood-list",
        page_detail="poverty:livelihood-detail",
        page_add="poverty:livelihood-add",
        page_edit="poverty:livelihood-edit",
        page_delete="poverty:livelihood-delete",
        page_export="export=csv",
        api_queries=8,
        list_queries=12,
    ),
]

test_scope = scope_suite(CASES)
