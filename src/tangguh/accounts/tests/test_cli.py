"""Provisioning from the command line: create-user (idempotent) and create-token."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tangguh.accounts import services
from tangguh.accounts.models import ApiToken, Membership, User
from tangguh.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_user_creates_a_user_with_memberships_and_a_password(monkeypatch) -> None:
    out = run(
        "create_user",
        "siti",
        "--email",
        "siti@example.org",
        "--password-stdin",
        "--member",
        "53.01:editor",
        "--member",
        "5371:viewer",
        stdin="a-very-long-passphrase\n",
        monkeypatch=monkeypatch,
    )
    assert "created siti" in out
    user = User.objects.get(username="siti")
    assert user.check_password("a-very-long-passphrase")
    assert set(user.memberships.values_list("region_id", "role")) == {
        ("53.01", "editor"),
        ("53.71", "viewer"),
    }
    assert (
        ChangeRecord.objects.filter(
            model="accounts.membership", actor_name="system", source="cli"
        ).count()
        == 2
    )


def test_create_user_is_idempotent_and_adds_memberships() -> None:
    run("create_user", "budi", "--member", "53.01:viewer")
    out = run("create_user", "budi", "--member", "53.01:viewer", "--member", "53.18:manager")
    assert "updated budi" in out
    assert Membership.objects.filter(user__username="budi").count() == 2
    run("create_user", "budi", "--member", "53.01:editor")
    assert Membership.objects.get(user__username="budi", region_id="53.01").role == "editor"


def test_create_user_links_an_agency(kupang_agency) -> None:
    run("create_user", "ani", "--agency", f"53.01/{kupang_agency.code}")
    assert User.objects.get(username="ani").agency == kupang_agency


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("53.01", "REGION_CODE:ROLE"),
        ("53.01:boss", "viewer, editor, manager"),
        ("99.99:viewer", "99.99"),
    ],
)
def test_create_user_explains_a_bad_membership(member: str, message: str) -> None:
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        run("create_user", "x", "--member", member)
    assert not User.objects.filter(username="x").exists()


def test_create_user_refuses_a_weak_password(monkeypatch) -> None:
    with pytest.raises(CommandError):
        run("create_user", "weak", "--password-stdin", stdin="123\n", monkeypatch=monkeypatch)
    assert not User.objects.filter(username="weak").exists()


def test_create_user_refuses_an_unknown_agency() -> None:
    with pytest.raises(CommandError, match="no such agency"):
        run("create_user", "x", "--agency", "nope")


def test_create_token_shows_a_token_once_and_keeps_only_its_digest(kupang_editor) -> None:
    first = run("create_token", "kupang.editor").strip()
    stored = ApiToken.objects.get(user=kupang_editor)
    assert stored.digest == hashlib.sha256(first.encode()).hexdigest()
    assert first not in repr(list(ApiToken.objects.values()))
    with pytest.raises(CommandError, match="shown once"):
        run("create_token", "kupang.editor")
    rotated = run("create_token", "kupang.editor", "--rotate").strip()
    assert rotated != first
    assert ApiToken.objects.get(user=kupang_editor).digest != stored.digest


def test_a_printed_token_opens_the_api(api, kupang_editor, client) -> None:
    from rest_framework.test import APIClient

    key = run("create_token", "kupang.editor").strip()
    caller = APIClient()
    caller.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = caller.get("/api/v1/me/").json()
    assert body["username"] == "kupang.editor"
    assert body["memberships"][0]["region"] == "53.01"


def test_create_token_refuses_an_unknown_user() -> None:
    with pytest.raises(CommandError, match="ghost"):
        run("create_token", "ghost")


def test_the_console_script_maps_hyphenated_names() -> None:
    from tangguh.cli import _command_name

    assert _command_name(["tangguh", "load-regions", "--dry-run"]) == [
        "tangguh",
        "load_regions",
        "--dry-run",
    ]
    assert _command_name(["tangguh", "--help"]) == ["tangguh", "--help"]


def test_list_agencies_prints_csv_that_spreadsheets_cannot_run(kupang_agency, capsys) -> None:
    kupang_agency.name = '=HYPERLINK("http://x")'
    kupang_agency.save()
    call_command("list_agencies", "--region", "53.01")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,region,code,short_name,name,bidang_codes"
    assert (
        f'{kupang_agency.pk},53.01,{kupang_agency.code},BPBD,"\'=HYPERLINK(""http://x"")"'
        in lines[1]
    )


def test_a_manager_cannot_take_over_a_user_without_memberships(make_user) -> None:
    make_user("orphan")
    make_user("mgr71", {"53.71": "manager"})
    with pytest.raises(CommandError):
        call_command("create_token", "orphan", "--actor", "mgr71", stdout=io.StringIO())
    assert not services.can_manage_user(
        User.objects.get(username="mgr71"), User.objects.get(username="orphan")
    )
