"""Region scope of every coordination record on page, API and CLI (the shared scope suite)."""

from __future__ import annotations

import itertools
from typing import Any

from tangguh.coordination import services
from tangguh.coordination.models import ActionItem
from tangguh.core.testing.scope import Action, ScopeCase, scope_suite
from tangguh.planning import services as planning_services

from .conftest import MEETING, action_values, make_commitment, make_stakeholder, region

_numbers = itertools.count(1)


def make_party(code: str) -> Any:
    return make_stakeholder(code, f"Pihak {next(_numbers)}")


def make_own_commitment(code: str) -> Any:
    return make_commitment(code=code, regions=(code,), title=f"Komitmen {next(_numbers)}")


def make_action(code: str) -> Any:
    values = action_values(make_own_commitment(code), code, make_party(code))
    return services.create_action(actor=None, **values)


def _progress_file(item: ActionItem, folder: Any, status: str = "done") -> tuple[str, ...]:
    path = folder / f"progress-{item.pk}.csv"
    path.write_text(f"id,region_code,status,note\n{item.pk},{item.region_id},{status},Selesai\n")
    return ("import_actions", str(path))


def _status(item: ActionItem) -> str:
    return str(ActionItem.objects.get(pk=item.pk).status)


PROGRESS = Action(
    name="progress",
    api="progress/",
    page="coordination:action-progress",
    body=lambda item: {"status": "in_progress", "note": "Mulai"},
    form=lambda item: {"status": "in_progress", "note": "Mulai", "date": "2026-01-05"},
    effect=_status,
    cli=_progress_file,
)

CASES = [
    ScopeCase(
        name="stakeholder",
        make=make_party,
        api="/api/v1/stakeholders/",
        payload=lambda code: {
            "region": code,
            "name": f"Pihak {next(_numbers)}",
            "category": "business",
        },
        change={"notes": "Mitra CSR"},
        move=lambda code: {"region": code},
        page_list="coordination:stakeholder-list",
        page_detail="coordination:stakeholder-detail",
        page_add="coordination:stakeholder-add",
        page_edit="coordination:stakeholder-edit",
        page_delete="coordination:stakeholder-delete",
        search=lambda s: s.name,
        api_queries=8,
        list_queries=10,
    ),
    ScopeCase(
        name="commitment",
        make=make_own_commitment,
        api="/api/v1/commitments/",
        payload=lambda code: {
            "region": code,
            "title": f"Komitmen {next(_numbers)}",
            "text": "Poin kesepakatan",
            "date": "2025-11-20",
            "regions": [code],
        },
        change={"place": "Tambolaka"},
        move=lambda code: {"region": code, "regions": [code]},
        form_move=lambda code: {"region": code, "regions": [code]},
        foreign=lambda code: {"parties": [make_party(code).pk]},
        page_list="coordination:commitment-list",
        page_detail="coordination:commitment-detail",
        page_add="coordination:commitment-add",
        page_edit="coordination:commitment-edit",
        page_delete="coordination:commitment-delete",
        search=lambda c: c.title,
        api_queries=12,
        list_queries=12,
    ),
    ScopeCase(
        name="action",
        make=make_action,
        api="/api/v1/actions/",
        payload=lambda code: {
            "commitment": make_own_commitment(code).pk,
            "region": code,
            "issue": "Data bencana",
            "action": f"Aksi {next(_numbers)}",
            "responsible": make_party(code).pk,
            "deadline": "2030-01-31",
        },
        form_payload=lambda code: {
            "region": code,
            "issue": "Data bencana",
            "action": f"Aksi {next(_numbers)}",
            "responsible": make_party(code).pk,
            "deadline": "2030-01-31",
            "funding": "apbd",
        },
        change={"indicator": "Laporan per triwulan"},
        move=lambda code: {"region": code},
        foreign=lambda code: [{"responsible": make_party(code).pk}],
        page_detail="coordination:action-detail",
        page_list="coordination:action-list",
        page_add="coordination:action-add",
        page_add_args=lambda item: (item.commitment_id,),
        page_edit="coordination:action-edit",
        page_delete="coordination:action-delete",
        search=lambda item: item.action,
        actions=(PROGRESS,),
        api_queries=10,
        list_queries=12,
    ),
]


def make_forum(code: str) -> Any:
    return services.create_forum(
        actor=None, region=region(code), name=f"Forum {next(_numbers)}", decree_number="1/2023"
    )


def make_meeting(code: str) -> Any:
    return services.create_meeting(
        actor=None, region=region(code), title=f"Rakor {next(_numbers)}", date=MEETING
    )


def make_member(code: str) -> Any:
    return services.create_member(actor=None, forum=make_forum(code), person="Ketua forum")


def make_attendance(code: str) -> Any:
    return services.create_attendance(
        actor=None, meeting=make_meeting(code), region=region(code), agency="BPBD", women=2, men=3
    )


CASES += [
    ScopeCase(
        name="forum",
        make=make_forum,
        api="/api/v1/forums/",
        payload=lambda code: {"region": code, "name": f"Forum {next(_numbers)}"},
        change={"purpose": "Sinergi program penghidupan"},
        move=lambda code: {"region": code},
        page_list="coordination:forum-list",
        page_detail="coordination:forum-detail",
        page_add="coordination:forum-add",
        page_edit="coordination:forum-edit",
        page_delete="coordination:forum-delete",
        api_queries=8,
        list_queries=10,
    ),
    ScopeCase(
        name="meeting",
        make=make_meeting,
        api="/api/v1/meetings/",
        payload=lambda code: {"region": code, "title": "Rakor", "date": "2025-11-20"},
        change={"decisions": "RTL disepakati"},
        move=lambda code: {"region": code},
        foreign=lambda code: {"forum": make_forum(code).pk},
        page_list="coordination:meeting-list",
        page_detail="coordination:meeting-detail",
        page_add="coordination:meeting-add",
        page_edit="coordination:meeting-edit",
        page_delete="coordination:meeting-delete",
        api_queries=8,
        list_queries=12,
    ),
    ScopeCase(
        name="member",
        make=make_member,
        change={"role": "Sekretaris"},
        page_add="coordination:member-add",
        page_add_args=lambda member: (member.forum_id,),
        page_edit="coordination:member-edit",
        page_delete="coordination:member-delete",
    ),
    ScopeCase(
        name="attendance",
        make=make_attendance,
        form_payload=lambda code: {"region": code, "agency": "Bappeda", "women": 1, "men": 1},
        change={"with_disability": 1},
        page_add="coordination:attendance-add",
        page_add_args=lambda row: (row.meeting_id,),
        page_edit="coordination:attendance-edit",
        page_delete="coordination:attendance-delete",
    ),
]


def make_signatory(code: str) -> Any:
    return services.create_signatory(
        actor=None, commitment=make_own_commitment(code), region=region(code), name="Kalaksa"
    )


CASES += [
    ScopeCase(
        name="signatory",
        make=make_signatory,
        api="/api/v1/commitment-signatories/",
        payload=lambda code: {
            "commitment": make_own_commitment(code).pk,
            "region": code,
            "name": "Sekda",
        },
        change={"position": "Kepala Pelaksana BPBD"},
        move=lambda code: {"commitment": make_own_commitment(code).pk, "region": code},
        form_payload=lambda code: {"region": code, "name": "Sekda", "category": "government"},
        page_add="coordination:signatory-add",
        page_add_args=lambda signatory: (signatory.commitment_id,),
        page_edit="coordination:signatory-edit",
        page_delete="coordination:signatory-delete",
        api_queries=8,
    ),
]

VILLAGE = {"53.71": "53.71.01.1001", "53.01": "53.01.27.2002"}


def make_programme(code: str) -> Any:
    return planning_services.create_programme(
        actor=None,
        region=region(code),
        name=f"Program {next(_numbers)}",
        partner="CRS",
        first_year=2021,
    )


def make_support(code: str) -> Any:
    return services.create_support(
        actor=None,
        region=region(VILLAGE[code]),
        kind="training",
        what="Pelatihan",
        date=MEETING,
        women=3,
        men=4,
    )


CASES += [
    ScopeCase(
        name="support",
        make=make_support,
        api="/api/v1/village-support/",
        payload=lambda code: {
            "region": VILLAGE[code],
            "kind": "stimulus",
            "what": "Paket bibit",
            "date": "2024-03-15",
        },
        change={"what": "Paket bibit kunyit"},
        move=lambda code: {"region": VILLAGE[code]},
        foreign=lambda code: {"programme": make_programme(code).pk},
        page_list="coordination:support-list",
        page_detail="coordination:support-detail",
        page_add="coordination:support-add",
        page_edit="coordination:support-edit",
        page_delete="coordination:support-delete",
        api_queries=8,
        list_queries=10,
    ),
]

test_scope = scope_suite(CASES)
