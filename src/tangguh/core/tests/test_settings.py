"""Settings come from the environment; production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tangguh import conf


def run_tangguh(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TANGGUH_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "-m", "tangguh.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = run_tangguh(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "TANGGUH_SECRET_KEY": "k" * 20 + "-Random-Secret-Key-For-Tests-0123456789-abcdefghij",
            "TANGGUH_ALLOWED_HOSTS": "tangguh.example.go.id",
            "TANGGUH_DATA_DIR": str(tmp_path),
            "TANGGUH_DEBUG": "false",
            "TANGGUH_LANGUAGE": "en",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr


def test_the_openapi_schema_is_valid_without_warnings(tmp_path: Path) -> None:
    result = run_tangguh(
        "spectacular", "--validate", "--fail-on-warn", env={"TANGGUH_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert "/api/v1/regions/{code}/" in result.stdout


def test_the_default_database_is_sqlite_in_the_data_dir_with_wal(tmp_path: Path) -> None:
    result = run_tangguh(
        "shell",
        "-c",
        "from django.db import connection as c; c.ensure_connection(); "
        "print(c.vendor, c.settings_dict['NAME']); "
        "print(c.cursor().execute('PRAGMA journal_mode').fetchone()[0])",
        env={"TANGGUH_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert f"sqlite {tmp_path / 'tangguh.sqlite3'}" in result.stdout
    assert "wal" in result.stdout


def test_a_database_url_selects_postgresql(tmp_path: Path) -> None:
    result = run_tangguh(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])",
        env={
            "TANGGUH_DATABASE_URL": "postgres://u:p@db.example:5432/x",
            "TANGGUH_DATA_DIR": str(tmp_path),
        },
    )
    assert "django.db.backends.postgresql" in result.stdout


def test_yes_no_settings_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANGGUH_DEBUG", "maybe")
    with pytest.raises(conf.ConfigError, match="TANGGUH_DEBUG"):
        conf.env_bool("DEBUG")
    monkeypatch.setenv("TANGGUH_DEBUG", "Yes")
    assert conf.env_bool("DEBUG") is True


def test_lists_and_numbers_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANGGUH_ALLOWED_HOSTS", "a.example, b.example,,")
    assert conf.env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.setenv("TANGGUH_HSTS_SECONDS", "ten")
    with pytest.raises(conf.ConfigError):
        conf.env_int("HSTS_SECONDS", 1)


def test_a_secret_key_is_made_once_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TANGGUH_SECRET_KEY", raising=False)
    first = conf.secret_key(tmp_path)
    assert len(first) >= 50
    assert conf.secret_key(tmp_path) == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
