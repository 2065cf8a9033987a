"""The checks of the scope suite, when each applies, and `scope_suite`, which turns a list of
cases into one parametrised test."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest

from tangguh.core.testing.scope.actions import check_action, check_action_cli
from tangguh.core.testing.scope.api import (
    check_api_change,
    check_api_create,
    check_api_delete,
    check_api_detail,
    check_api_foreign,
    check_api_list,
    check_api_methods,
    check_api_move,
)
from tangguh.core.testing.scope.case import ScopeCase, World, make_world
from tangguh.core.testing.scope.cli import check_cli, check_cli_add, check_cli_import
from tangguh.core.testing.scope.pages import (
    check_page_add,
    check_page_change,
    check_page_delete,
    check_page_foreign,
    check_page_list,
    check_page_move,
    check_pages,
)
from tangguh.core.testing.scope.reads import (
    check_change_log,
    check_mentions,
    check_page_export,
    check_region_filter,
    check_search,
)

Check = Callable[[ScopeCase, World], None]

CHECKS: dict[str, tuple[Check, Callable[[ScopeCase], bool]]] = {
    "api-list": (check_api_list, lambda c: bool(c.api)),
    "api-detail": (check_api_detail, lambda c: bool(c.api)),
    "api-change": (check_api_change, lambda c: bool(c.api and c.change is not None)),
    "api-move": (check_api_move, lambda c: bool(c.api and c.move)),
    "api-foreign": (check_api_foreign, lambda c: bool(c.api and c.foreign)),
    "api-create": (check_api_create, lambda c: bool(c.api and c.payload)),
    "api-delete": (check_api_delete, lambda c: bool(c.api and c.deletable)),
    "api-methods": (check_api_methods, lambda c: bool(c.api and c.refused_methods)),
    "pages": (check_pages, lambda c: bool(c.page_detail or c.page_edit)),
    "page-change": (
        check_page_change,
        lambda c: bool(c.page_edit and c.form_values("change") is not None),
    ),
    "page-move": (check_page_move, lambda c: bool(c.page_edit and (c.form_move or c.move))),
    "page-foreign": (
        check_page_foreign,
        lambda c: bool(c.page_edit and (c.form_foreign or c.foreign)),
    ),
    "page-add": (check_page_add, lambda c: bool(c.page_add and (c.page_edit or c.form_payload))),
    "page-delete": (check_page_delete, lambda c: bool(c.page_delete)),
    "page-list": (check_page_list, lambda c: bool(c.page_list)),
    "region-filter": (check_region_filter, lambda c: bool(c.api or c.page_list)),
    "page-export": (check_page_export, lambda c: bool(c.page_list and c.page_export)),
    "search": (check_search, lambda c: c.search is not None),
    "mentions": (check_mentions, lambda c: bool(c.mentioned_on)),
    "change-log": (check_change_log, lambda c: c.logged),
    "cli": (check_cli, lambda c: bool(c.cli)),
    "cli-import": (
        check_cli_import,
        lambda c: bool(c.cli_import and (c.cli or c.cli_import_text)),
    ),
    "cli-add": (check_cli_add, lambda c: c.cli_add is not None),
}


def _checks(case: ScopeCase) -> list[tuple[str, Check]]:
    """(name, check) of every check that applies to the case, its actions' included."""
    found = [(name, check) for name, (check, applies) in CHECKS.items() if applies(case)]
    for action in case.actions:
        found.append((f"action-{action.name}", functools.partial(check_action, action=action)))
        if action.cli is not None:
            cli = functools.partial(check_action_cli, action=action)
            found.append((f"action-{action.name}-cli", cli))
    return found


def scope_suite(cases: list[ScopeCase]) -> Callable[..., None]:
    """A parametrised test running every applicable check for every case."""
    params = [
        pytest.param(case, check, id=f"{case.name}-{name}")
        for case in cases
        for name, check in _checks(case)
    ]

    @pytest.mark.django_db
    @pytest.mark.parametrize(("case", "check"), params)
    def test_scope(
        case: ScopeCase,
        check: Check,
        make_user: Any,
        api: Any,
        web: Any,
        tmp_path: Any,
        request: Any,
    ) -> None:
        """One check of one case, with its own members."""
        if case.setup is not None:
            case.setup(request)
        check(case, make_world(case, make_user, api, web, tmp_path))

    return test_scope
