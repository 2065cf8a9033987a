"""Region scope of agencies and memberships on page, API and CLI (the shared scope suite).

Memberships are read and written by managers only, and the API offers no change of one (adding
a membership again changes its role).
"""

from __future__ import annotations

import itertools
from typing import Any

from django.urls import reverse

from tangguh.accounts import services
from tangguh.accounts.tests.factories import UserFactory
from tangguh.core.testing.scope import ScopeCase, scope_suite
from tangguh.regions.models import Region

_numbers = itertools.count(1)


def _village(code: str) -> str:
    """A village inside a regency: Kelurahan Fatufeto (Kota Kupang), Nuataus (Kabupaten Kupang)."""
    return {"53.71": "53.71.01.1001", "53.01": "53.01.27.2002"}[code]


def _agency_code() -> str:
    return f"1.05.0.00.0.00.{next(_numbers):02d}.0000"


def make_agency(code: str) -> Any:
    number = next(_numbers)
    return services.create_agency(
        actor=None,
        region=Region.objects.get(code=code),
        code=_agency_code(),
        name=f"Badan Uji {number}",
        short_name=f"BU{number}",
        bidang_codes=["1.05"],
    )


def make_membership(code: str) -> Any:
    return services.add_membership(
        UserFactory(), Region.objects.get(code=_village(code)), "viewer", actor=None
    )


def membership_payload(code: str) -> dict[str, Any]:
    """A new account's membership in a village of the regency."""
    return {"username": f"baru{next(_numbers)}", "region": _village(code), "role": "editor"}


def membership_foreign(code: str) -> list[dict[str, Any]]:
    """Memberships at home of a member of that regency, of an account in no region and of the
    administrator: a manager reaches none of them."""
    home = _village("53.71" if code == "53.01" else "53.01")
    outsiders = [make_membership(code).user, UserFactory(), UserFactory(is_superuser=True)]
    return [{"username": u.username, "region": home, "role": "viewer"} for u in outsiders]


def membership_form(code: str) -> dict[str, Any]:
    """The members page's form for a new user in a village of the regency."""
    return {"username": f"relawan{next(_numbers)}", "region": _village(code), "role": "viewer"}


CASES = [
    ScopeCase(
        name="agency",
        make=make_agency,
        api="/api/v1/agencies/",
        payload=lambda code: {"region": code, "code": _agency_code(), "name": "Dinas Sosial"},
        change={"name": "Badan Penanggulangan Bencana Daerah"},
        move=lambda code: {"region": code},
        page_list="accounts:agency-list",
        page_detail="accounts:agency-detail",
        page_add="accounts:agency-add",
        page_edit="accounts:agency-edit",
        page_delete="accounts:agency-delete",
        search=lambda agency: agency.name,
        cli=("list_agencies",),
        cli_output="",
        cli_add=lambda code: (
            "add_agency",
            "--region",
            code,
            "--code",
            _agency_code(),
            "--name",
            "Dinas Uji",
        ),
        api_queries=5,  # measured 4 with 5 and with 20 agencies
        list_queries=9,  # measured 7 with 5 and with 20 agencies
    ),
    ScopeCase(
        name="membership",
        make=make_membership,
        api="/api/v1/memberships/",
        view_role="manager",
        write_role="manager",
        payload=membership_payload,
        foreign_payload=membership_foreign,
        refused_methods=("put", "patch"),
        page_list="accounts:member-list",
        page_shows=lambda m, html: reverse("accounts:member-remove", args=[m.pk]) in html,
        page_add="accounts:member-add",
        form_payload=membership_form,
        page_delete="accounts:member-remove",
        api_queries=5,  # measured 4 with 5 and with 20 memberships
        list_queries=7,  # measured 5 with 5 and with 20 memberships
    ),
]

test_scope = scope_suite(CASES)
