"""Scopes: region subtrees by code prefix, roles and actions."""

import pytest

from tangguh.core.scope import Scope, is_within, role_allows, user_scope


def test_a_code_lies_within_its_ancestors_segment_by_segment() -> None:
    assert is_within("53.01.27.2005", "53.01")
    assert is_within("53.01", "53.01")
    assert is_within("53.01.27.2005", "53")
    assert not is_within("53.71", "53.01")
    assert not is_within("53.01", "53.01.27")
    assert not is_within("53.010", "53.01")


def test_a_scope_drops_roots_inside_other_roots() -> None:
    scope = Scope.of(["53.01.27", "53.01", "53.71.01.1001"])
    assert scope.roots == frozenset({"53.01", "53.71.01.1001"})


def test_a_scope_covers_only_its_subtrees() -> None:
    scope = Scope.of(["53.01"])
    assert scope.covers("53.01.27.2002")
    assert not scope.covers("53.71")
    assert not scope.covers("")
    assert not scope.covers(None)


def test_overlap_includes_ancestors_and_descendants() -> None:
    scope = Scope.of(["53.01.27.2002"])
    assert scope.overlaps("53")
    assert scope.overlaps("53.01.27.2002")
    assert not scope.overlaps("53.71")


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        ("viewer", "view", True),
        ("viewer", "change", False),
        ("editor", "add", True),
        ("editor", "delete", True),
        ("editor", "manage", False),
        ("manager", "manage", True),
    ],
)
def test_roles_allow_actions_in_order(role: str, action: str, allowed: bool) -> None:
    assert role_allows(role, action) is allowed


def test_an_unknown_action_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown action"):
        role_allows("viewer", "fly")


def test_anonymous_users_have_no_scope() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert user_scope(AnonymousUser(), "view").is_empty
    assert user_scope(None, "view").is_empty


@pytest.mark.django_db
def test_a_user_scope_follows_memberships_and_roles(make_user) -> None:
    user = make_user("mixed", {"53.01": "viewer", "53.71": "editor"})
    assert user_scope(user, "view").roots == frozenset({"53.01", "53.71"})
    assert user_scope(user, "change").roots == frozenset({"53.71"})
    assert user_scope(user, "manage").is_empty


@pytest.mark.django_db
def test_inactive_users_have_no_scope(make_user) -> None:
    user = make_user("gone", {"53": "manager"}, is_active=False)
    assert user_scope(user, "view").is_empty


@pytest.mark.django_db
def test_superusers_act_everywhere(superuser) -> None:
    assert user_scope(superuser, "manage").everything
