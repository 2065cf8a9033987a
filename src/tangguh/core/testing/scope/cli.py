"""The scope suite's CLI checks: an export with `--actor`, an import and an add with `--actor`."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tangguh.core.testing.scope.case import ROLES, ScopeCase, World
from tangguh.core.testing.scope.case import count as _count


def check_cli(case: ScopeCase, world: World) -> None:
    """An export with --actor shows the record to its readers only (a refusal shows nothing)."""
    obj = case.make(case.home)
    for where in case.places():
        for role in ROLES:
            expected = case.reads(obj, where, role)
            try:
                text = cli_text(case, world.user(where, role).username, world.folder)
            except CommandError:
                assert not expected, (where, role, "refused")
                continue
            assert case.cli_shows(obj, text) is expected, (where, role, text[:300])


def cli_text(case: ScopeCase, username: str, folder: Any) -> str:
    """What the case's command writes for one actor ("": the system)."""
    command, *args = case.cli
    actor = ["--actor", username] if username else []
    out = io.StringIO()
    if not case.cli_output:
        call_command(command, *args, *actor, stdout=out)
        return out.getvalue()
    target = folder / f"{username or 'system'}.csv"
    call_command(command, *args, case.cli_output, str(target), *actor, stdout=out)
    return case.cli_read(target)


def run(command: tuple[str, ...], username: str) -> None:
    """Run a command as a user, its output swallowed."""
    name, *args = command
    out = io.StringIO()
    call_command(name, *args, "--actor", username, stdout=out, stderr=out)


def _refused_commands(world: World, attempts: list[Any], model_of: Any) -> None:
    """Each (who, command) fails with a CommandError and writes nothing."""
    count = _count(model_of)
    for who, command in attempts:
        with pytest.raises(CommandError):
            run(command, world.user(*who).username)
        assert _count(model_of) == count, f"{who} wrote a record with {command}"


def _import_text(case: ScopeCase, obj: Any, folder: Any) -> str:
    """An import file holding the record: `cli_import_text`, or what `cli` exports."""
    if case.cli_import_text is not None:
        return case.cli_import_text(obj)
    return cli_text(case, "", folder)


def check_cli_import(case: ScopeCase, world: World) -> None:
    """Importing with --actor a file of the record: refused for members without the writing
    role at home and for sibling members (and below), for a home writer's file of the sibling
    regency and for one referring to another region's objects; a home writer's file of the home
    regency is imported."""
    files = {}
    for where in ("other", "home"):
        obj = case.make(getattr(case, where))
        texts = {where: _import_text(case, obj, world.folder)}
        if where == "home" and case.cli_import_foreign is not None:
            texts["foreign"] = case.cli_import_foreign(obj, case.other)
        type(obj)._default_manager.filter(pk=obj.pk).delete()
        for name, text in texts.items():
            files[name] = world.folder / f"import-{name}.csv"
            files[name].write_text(text, encoding="utf-8")
    attempts = [(who, (*case.cli_import, str(files["home"]))) for who in case.refused()]
    writer = ("home", case.write_role)
    attempts += [(writer, (*case.cli_import, str(files[n]))) for n in files if n != "home"]
    _refused_commands(world, attempts, obj)
    count = _count(obj)
    run((*case.cli_import, str(files["home"])), world.user(*writer).username)
    assert _count(obj) == count + 1
    assert type(obj)._default_manager.within(case.home).count() == 1


def check_cli_add(case: ScopeCase, world: World) -> None:
    """Adding with --actor: refused for members without the writing role at home, for sibling
    members, and for a home writer in the sibling regency; a home writer adds at home."""
    assert case.cli_add is not None
    obj = case.make(case.home)
    attempts = [(who, case.cli_add(case.home)) for who in case.refused()]
    attempts.append((("home", case.write_role), case.cli_add(case.other)))
    _refused_commands(world, attempts, obj)
    count = _count(obj)
    run(case.cli_add(case.home), world.user("home", case.write_role).username)
    assert _count(obj) == count + 1
