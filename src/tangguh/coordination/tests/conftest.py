"""Fixtures of the coordination tests: the provincial coordination meeting of November 2025 with
its commitment, stakeholders of Kota and Kabupaten Kupang, follow-up items."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tangguh.coordination import services
from tangguh.coordination.models import ActionItem, Commitment, Stakeholder
from tangguh.regions.models import Region

MEETING = dt.date(2025, 11, 20)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def regencies(*codes: str) -> list[Region]:
    return list(Region.objects.filter(code__in=codes))


def make_stakeholder(code: str, name: str = "", **extra: Any) -> Stakeholder:
    return services.create_stakeholder(
        actor=None,
        region=region(code),
        name=name or f"BPBD {code}",
        category=extra.pop("category", "government"),
        **extra,
    )


def make_commitment(
    code: str = "53", regions: tuple[str, ...] = ("53.01", "53.71"), **extra: Any
) -> Commitment:
    values: dict[str, Any] = {
        "region": region(code),
        "title": "Komitmen Bersama Rakor PB NTT 2025",
        "text": "1. Memperkuat data bencana.\n2. Menganggarkan Destana.",
        "date": MEETING,
        "place": "Hotel Aston, Kupang",
        **extra,
    }
    return services.create_commitment(actor=None, regions=regencies(*regions), **values)


def action_values(
    commitment: Commitment, code: str, responsible: Stakeholder, **extra: Any
) -> dict[str, Any]:
    base: dict[str, Any] = {
        "commitment": commitment,
        "region": region(code),
        "number": "1",
        "issue": "Data bencana belum diperbarui",
        "phase": "pra",
        "action": "Memutakhirkan data kejadian bencana di DIBI",
        "indicator": "Kejadian dicatat",
        "target": 12,
        "unit": "laporan",
        "responsible": responsible,
        "deadline": dt.date(2030, 3, 31),
        "funding": "apbd",
    }
    return {**base, **extra}


def make_action(code: str, commitment: Commitment | None = None, **extra: Any) -> ActionItem:
    commitment = commitment or make_commitment(regions=(code,) if code != "53" else ("53.01",))
    party = extra.pop("responsible", None) or make_stakeholder(
        code, f"BPBD {code} {Stakeholder.objects.count()}"
    )
    return services.create_action(actor=None, **action_values(commitment, code, party, **extra))


@pytest.fixture
def commitment(db: Any) -> Commitment:
    """The province's commitment, signed by Kabupaten and Kota Kupang."""
    return make_commitment()


@pytest.fixture
def kota_bpbd(db: Any) -> Stakeholder:
    return make_stakeholder("53.71", "BPBD Kota Kupang", email="bpbd@kupangkota.go.id")


@pytest.fixture
def kota_item(commitment: Commitment, kota_bpbd: Stakeholder) -> ActionItem:
    return services.create_action(actor=None, **action_values(commitment, "53.71", kota_bpbd))
