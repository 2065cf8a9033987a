"""Backups: the archive's contents, round trips in-process and between SQLite and PostgreSQL, and
clear refusals of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql

from tangguh.accounts import services
from tangguh.accounts.models import User
from tangguh.core import audit, backup
from tangguh.core.models import ChangeRecord, Job, LoginAttempt
from tangguh.regions.models import Region

POSTGRES_ADMIN_URL = os.environ.get(
    "TANGGUH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "a-long-test-password-1"


# -- helpers ---------------------------------------------------------------------------------


def _lines(archive: zipfile.ZipFile, member: str) -> list[dict[str, Any]]:
    """The JSON objects of one model file."""
    # Lines end at "\n" only (splitlines would also split text at U+0085 and U+2028).
    text = archive.read(member).decode("utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def _records(path: Path) -> dict[str, Any]:
    """Every record in an archive by model and primary key (row and key order do not matter),
    with the names of the uploaded files."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        records: dict[str, Any] = {
            entry["label"]: {
                json.dumps(row["pk"]): row["fields"] for row in _lines(archive, entry["file"])
            }
            for entry in manifest["models"]
        }
        records["media"] = sorted(n for n in archive.namelist() if n.startswith("media/"))
    return records


def _through_models() -> list[Any]:
    """The link tables Django makes for the archived models' many-to-many fields."""
    return [
        field.remote_field.through
        for model in backup.archived_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def _table_rows() -> dict[str, list[dict[str, Any]]]:
    """Every archived row as the ORM reads it (independent of the archive format)."""
    rows = {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in backup.archived_models()
    }
    for through in _through_models():
        links = through._base_manager.values_list(*[f.attname for f in through._meta.fields[1:]])
        rows[through._meta.label_lower] = sorted(links)
    return rows


def _empty_the_database() -> None:
    """Delete every archived row inside the test's transaction (rolled back afterwards)."""
    quote = connection.ops.quote_name
    models = [*_through_models(), *reversed(backup.archived_models())]
    with connection.cursor() as cursor:
        for model in models:
            if model._meta.label_lower not in backup.seeded_labels():
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608


def _rewrite(source: Path, target: Path, changes: dict[str, bytes | None]) -> Path:
    """A copy of an archive with some members replaced or added (None: left out)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        members = {name: old.read(name) for name in old.namelist()} | changes
        for name, content in members.items():
            if content is not None:
                new.writestr(name, content)
    return target


@pytest.fixture
def office(small_geography, make_user, kota_agency, settings, tmp_path) -> User:
    """An office's records: users, memberships, a group, a token, a job, an upload and logs."""
    settings.MEDIA_ROOT = tmp_path / "media"
    editor = make_user("kota.editor", {"53.71": "editor"}, agency=kota_agency)
    make_user("viewer", {"53.01": "viewer", "53.71.01": "viewer"})
    group = Group.objects.create(name="Operators")
    group.permissions.add(Permission.objects.get(codename="view_region"))
    editor.groups.add(group)
    editor.user_permissions.add(Permission.objects.get(codename="change_agency"))
    services.issue_token(editor, actor=None)
    audit.update_record(kota_agency, actor=editor, name="BPBD Kota Kupang")
    Job.objects.create(kind="regions.load", title="Load", owner=editor, params={"files": ["a"]})
    LoginAttempt.objects.create(username="guess", address="10.0.0.1")
    session = SessionStore()
    session["seen"] = True
    session.create()
    upload = settings.MEDIA_ROOT / "uploads" / "peta.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("peta", encoding="utf-8")
    return editor


# -- in-process ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_archive_holds_every_record_and_its_manifest_counts_them(office, tmp_path) -> None:
    path = tmp_path / "office.zip"
    report = backup.write_backup(path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        rows = {entry["label"]: _lines(archive, entry["file"]) for entry in manifest["models"]}
        names = archive.namelist()
    assert manifest["format"] == "tangguh-backup"
    assert manifest["format_version"] == backup.FORMAT_VERSION
    assert "0001_initial" in manifest["migrations"]["regions"]
    assert manifest["media"] == {"files": 1, "bytes": 4}
    for entry in manifest["models"]:
        count = apps.get_model(entry["label"])._base_manager.count()
        assert entry["rows"] == count == len(rows[entry["label"]]) == report.rows[entry["label"]]
    assert manifest["models"][0]["label"] == "regions.region"
    assert rows["regions.region"][0]["pk"] == "53"
    assert len(rows["regions.region"]) > 50  # the province, its regencies and Kota Kupang
    assert "media/uploads/peta.txt" in names
    assert not set(rows) & backup.EXCLUDED
    order = list(rows)
    assert order.index("accounts.agency") < order.index("accounts.user")
    assert order.index("accounts.user") < order.index("accounts.membership")


@pytest.mark.django_db
def test_rows_refer_to_content_types_and_permissions_by_natural_key(office, tmp_path) -> None:
    path = tmp_path / "office.zip"
    backup.write_backup(path)
    with zipfile.ZipFile(path) as archive:
        users = {
            row["fields"]["username"]: row for row in _lines(archive, "data/accounts.user.jsonl")
        }
        (group,) = _lines(archive, "data/auth.group.jsonl")
        (token,) = _lines(archive, "data/accounts.apitoken.jsonl")
        assert "data/authtoken.token.jsonl" not in archive.namelist()
    editor = users["kota.editor"]["fields"]
    assert editor["groups"] == [group["pk"]]
    assert editor["user_permissions"] == [["change_agency", "accounts", "agency"]]
    assert group["fields"]["permissions"] == [["view_region", "regions", "region"]]
    assert token["fields"]["user"] == office.pk
    assert set(token["fields"]) == {"user", "digest", "prefix", "created_at"}  # no token itself
    assert editor["date_joined"] == office.date_joined.isoformat()  # microseconds kept


@pytest.mark.django_db
def test_a_restore_rebuilds_identical_records_and_files(office, tmp_path, settings) -> None:
    first = tmp_path / "first.zip"
    backup.write_backup(first)
    before = _table_rows()
    _empty_the_database()
    backup.check_empty()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with backup.open_archive(first) as archive:
        report = backup.restore_archive(archive)
    assert _table_rows() == before
    assert report.rows["accounts.user"] == User.objects.count()
    assert report.media_files == 1
    assert (tmp_path / "restored-media" / "uploads" / "peta.txt").read_text("utf-8") == "peta"
    assert not list(tmp_path.glob(".restore-media-*"))
    second = tmp_path / "second.zip"
    backup.write_backup(second)
    assert _records(first) == _records(second)
    assert User.objects.get(username="kota.editor").check_password(PASSWORD)


@pytest.mark.django_db
def test_an_id_handed_out_before_an_older_backup_is_restored_is_never_handed_out_again(
    office, tmp_path
) -> None:
    older = tmp_path / "older.zip"
    backup.write_backup(older)
    later = Group.objects.create(name="Later")
    _empty_the_database()
    with backup.open_archive(older) as archive:
        backup.restore_archive(archive)
    assert not Group.objects.filter(pk=later.pk).exists()
    fresh = Group.objects.create(name="Fresh")
    assert fresh.pk > later.pk


@pytest.mark.django_db
def test_the_commands_report_what_they_did(office, tmp_path, capsys) -> None:
    path = tmp_path / "office.zip"
    call_command("backup", str(path), "--no-progress")
    out = capsys.readouterr().out
    assert "regions.region" in out
    assert "1 uploaded files" in out
    assert str(path) in out
    assert not list(tmp_path.glob(".office.zip.*"))


# -- bad input -------------------------------------------------------------------------------


@pytest.fixture
def archive(small_geography, tmp_path, settings) -> Path:
    """A good backup of the test database to break in various ways."""
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "good.zip"
    backup.write_backup(path)
    return path


def _manifest_with(path: Path, **changes: Any) -> bytes:
    """The archive's manifest with some keys changed."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest.update(changes)
    return json.dumps(manifest).encode()


def test_a_missing_file_is_named(tmp_path) -> None:
    with pytest.raises(CommandError, match=r"nothing\.zip: no such file"):
        call_command("restore", str(tmp_path / "nothing.zip"))


def test_a_file_that_is_not_a_zip_is_refused(tmp_path) -> None:
    path = tmp_path / "notes.zip"
    path.write_text("just some notes", encoding="utf-8")
    with pytest.raises(CommandError, match="is not a zip archive"):
        call_command("restore", str(path))


def test_a_zip_without_manifest_is_refused(archive, tmp_path) -> None:
    broken = _rewrite(archive, tmp_path / "broken.zip", {"manifest.json": None})
    with pytest.raises(CommandError, match=r"has no manifest\.json, so it is not a tangguh backup"):
        call_command("restore", str(broken))


def test_a_manifest_that_is_not_json_is_refused(archive, tmp_path) -> None:
    broken = _rewrite(archive, tmp_path / "broken.zip", {"manifest.json": b"{oops"})
    with pytest.raises(CommandError, match=r"manifest\.json is not valid JSON"):
        call_command("restore", str(broken))


def test_a_manifest_without_the_expected_keys_is_refused(archive, tmp_path) -> None:
    broken = _rewrite(archive, tmp_path / "broken.zip", {"manifest.json": b'{"format": 1}'})
    with pytest.raises(CommandError, match="is not a tangguh backup manifest"):
        call_command("restore", str(broken))


def test_a_missing_data_file_is_named(archive, tmp_path) -> None:
    broken = _rewrite(archive, tmp_path / "broken.zip", {"data/accounts.user.jsonl": None})
    with pytest.raises(CommandError, match=r"lacks data/accounts\.user\.jsonl"):
        call_command("restore", str(broken))


def test_an_archive_in_a_newer_format_is_refused(archive, tmp_path) -> None:
    manifest = _manifest_with(archive, format_version=99, tangguh_version="9.0")
    broken = _rewrite(archive, tmp_path / "newer.zip", {"manifest.json": manifest})
    with pytest.raises(CommandError, match=r"format version 99, written by tangguh 9\.0"):
        call_command("restore", str(broken))


def test_an_archive_from_a_newer_schema_is_refused(archive, tmp_path) -> None:
    with zipfile.ZipFile(archive) as opened:
        migrations = json.loads(opened.read("manifest.json"))["migrations"]
    migrations["regions"].append("0099_future")
    manifest = _manifest_with(archive, migrations=migrations, tangguh_version="9.0")
    broken = _rewrite(archive, tmp_path / "newer.zip", {"manifest.json": manifest})
    with pytest.raises(CommandError, match=r"newer database schema .*regions\.0099_future"):
        call_command("restore", str(broken))


def test_a_database_with_data_is_refused_and_left_alone(archive) -> None:
    counts = (Region.objects.count(), ChangeRecord.objects.count())
    with pytest.raises(CommandError, match=r"already holds data: regions\.region \(\d+\)"):
        call_command("restore", str(archive))
    assert (Region.objects.count(), ChangeRecord.objects.count()) == counts


def test_corrupt_json_is_named_and_nothing_is_written(office, tmp_path, settings) -> None:
    good = tmp_path / "good.zip"
    backup.write_backup(good)
    with zipfile.ZipFile(good) as opened:
        users = opened.read("data/accounts.user.jsonl")
    broken = _rewrite(good, tmp_path / "broken.zip", {"data/accounts.user.jsonl": b"{" + users})
    _empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with (
        backup.open_archive(broken) as opened,
        pytest.raises(backup.BackupError, match=r"data/accounts\.user\.jsonl, line 1: not valid"),
    ):
        backup.restore_archive(opened)
    assert not Region.objects.exists()
    assert not ChangeRecord.objects.exists()
    assert not (tmp_path / "restored-media").exists()
    assert not list(tmp_path.glob(".restore-media-*"))


def test_a_record_count_that_disagrees_with_the_manifest_is_refused(office, tmp_path) -> None:
    good = tmp_path / "good.zip"
    backup.write_backup(good)
    with zipfile.ZipFile(good) as opened:
        users = opened.read("data/accounts.user.jsonl").splitlines(keepends=True)
    broken = _rewrite(good, tmp_path / "short.zip", {"data/accounts.user.jsonl": users[0]})
    _empty_the_database()
    with (
        backup.open_archive(broken) as opened,
        pytest.raises(backup.BackupError, match="holds 1 records but the manifest says"),
    ):
        backup.restore_archive(opened)
    assert not Region.objects.exists()


@pytest.mark.parametrize("name", ["media/../evil.txt", "media/a/../../evil.txt", "media/C:/x"])
def test_uploaded_files_that_would_escape_the_media_folder_are_refused(
    archive, tmp_path, settings, name
) -> None:
    broken = _rewrite(archive, tmp_path / "evil.zip", {name: b"evil"})
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with (
        backup.open_archive(broken) as opened,
        pytest.raises(backup.BackupError, match="a file with an unsafe name"),
    ):
        backup.restore_archive(opened)
    assert not (tmp_path / "evil.txt").exists()
    assert not (tmp_path / "restored-media").exists()


def test_a_backup_into_a_missing_folder_is_refused(tmp_path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "no" / "such" / "office.zip"))


# -- across database engines, in separate processes --------------------------------------------


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; skipped when no server answers
    (but failed on CI)."""
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}")
    name = f"tangguh_backup_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
            yield f"{base}/{name}"
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _environment(database_url: str, data_dir: Path) -> dict[str, str]:
    """The environment of a tangguh process on its own database and data directory."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TANGGUH_")}
    env.update(
        TANGGUH_DATABASE_URL=database_url,
        TANGGUH_DATA_DIR=str(data_dir),
        TANGGUH_LANGUAGE="en",
        TANGGUH_SECRET_KEY="backup-test-secret-key",
    )
    return env


def _tangguh(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """Run a tangguh command in a new process; its output, or a failure showing it."""
    done = subprocess.run(
        [sys.executable, "-m", "tangguh.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"tangguh {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _signs_in(env: dict[str, str]) -> bool:
    """True when siti's password still works in that database."""
    code = (
        "from django.contrib.auth import authenticate; "
        f"print(authenticate(username='siti', password='{PASSWORD}') is not None)"
    )
    return _tangguh(env, "shell", "-c", code).strip().endswith("True")


@pytest.mark.slow
@pytest.mark.postgres
def test_an_office_moves_from_sqlite_to_postgresql_and_back(tmp_path, postgres_url) -> None:
    office = _environment(f"sqlite:///{tmp_path / 'office.sqlite3'}", tmp_path / "office")
    _tangguh(office, "migrate", "--verbosity", "0")
    _tangguh(office, "load-regions", "--no-progress")
    _tangguh(
        office,
        "create-user",
        "siti",
        "--member",
        "53.01:editor",
        "--password-stdin",
        stdin=PASSWORD,
    )
    _tangguh(office, "create-token", "siti")
    upload = tmp_path / "office" / "media" / "uploads" / "peta.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("peta", encoding="utf-8")
    _tangguh(office, "backup", str(tmp_path / "sqlite.zip"))

    server = _environment(postgres_url, tmp_path / "server")
    output = _tangguh(server, "restore", str(tmp_path / "sqlite.zip"))
    assert "Restored" in output
    _tangguh(server, "backup", str(tmp_path / "postgres.zip"))
    assert _records(tmp_path / "sqlite.zip") == _records(tmp_path / "postgres.zip")
    assert (tmp_path / "server" / "media" / "uploads" / "peta.txt").read_text("utf-8") == "peta"
    assert _signs_in(server)
    _tangguh(server, "create-user", "budi", "--member", "53.71:viewer")  # ids do not collide

    laptop = _environment(f"sqlite:///{tmp_path / 'laptop.sqlite3'}", tmp_path / "laptop")
    _tangguh(laptop, "restore", str(tmp_path / "postgres.zip"))
    _tangguh(laptop, "backup", str(tmp_path / "laptop.zip"))
    assert _records(tmp_path / "postgres.zip") == _records(tmp_path / "laptop.zip")
    assert (tmp_path / "laptop" / "media" / "uploads" / "peta.txt").read_text("utf-8") == "peta"
    assert _signs_in(laptop)
    _tangguh(laptop, "create-user", "budi", "--member", "53.71:viewer")


# Every kind of hostile text a person or a file might bring (issue 14, item 4).
HOSTILE_TEXTS = [
    "nul\x00byte",
    "c0 \x01\x02\x1b[31m\x7f end",
    "c1 \x85\x9b end",
    "line\u2028sep\u2029end",
    "rtl \u202eevil\u202c",
    "zero\u200bwidth\u200d\ufeff",
    "emoji 🙂 🏳️‍🌈 𝔘𝔫𝔦",
    "combining e\u0301 a\u0308",
    "quotes ' \" \\ \\u0000 %s {0} $1 %(x)s",
    "<script>alert(1)</script>",
    "'; DROP TABLE accounts_agency; --",
    "tab\tnew\nline\r\nend",
    "   spaces   ",
    '=HYPERLINK("http://x")',
]

_HOSTILE_SCRIPT = """
from tangguh.accounts import services
from tangguh.accounts.models import User
from tangguh.regions.models import Region
from django.db import connection
texts = {texts!r}
region = Region.objects.get(code="53.01")
for number, text in enumerate(texts):
    services.create_agency(actor=None, region=region, code=f"H{{number}}", name=text[:255])
siti = User.objects.get(username="siti")
services.update_user(siti, actor=None, first_name=texts[0], last_name=texts[1])
# Data stored before text was cleaned: NUL written around the kit, in text and in JSON.
old = services.create_agency(actor=None, region=region, code="OLD", name="lama")
with connection.cursor() as cursor:
    cursor.execute("UPDATE accounts_agency SET name = 'la' || char(0) || 'ma' WHERE code = 'OLD'")
    cursor.execute(
        "UPDATE core_changerecord SET changes = %s "
        "WHERE id = (SELECT max(id) FROM core_changerecord)",
        ['{{"name": [null, "la\\\\u0000ma"]}}'],
    )
"""


def _cleaned(records: dict[str, Any]) -> dict[str, Any]:
    """The records as they are stored once control characters are removed."""
    from tangguh.core.text import clean_json

    return clean_json(json.loads(json.dumps(records, default=str)))


@pytest.mark.slow
@pytest.mark.postgres
def test_hostile_text_moves_from_sqlite_to_postgresql_and_back(tmp_path, postgres_url) -> None:
    """Every kind of hostile text the product accepts moves SQLite → PostgreSQL → SQLite
    identically; text stored before cleaning existed (NUL in text and in JSON) restores into
    PostgreSQL without its control characters."""
    office = _environment(f"sqlite:///{tmp_path / 'office.sqlite3'}", tmp_path / "office")
    _tangguh(office, "migrate", "--verbosity", "0")
    _tangguh(office, "load-regions", "--no-progress")
    _tangguh(office, "create-user", "siti", "--member", "53.01:editor")
    _tangguh(office, "shell", "-c", _HOSTILE_SCRIPT.format(texts=HOSTILE_TEXTS))
    _tangguh(office, "backup", str(tmp_path / "sqlite.zip"))
    sqlite_records = _records(tmp_path / "sqlite.zip")
    assert "\x00" in json.dumps(sqlite_records, ensure_ascii=False, default=str) or (
        "\\u0000" in json.dumps(sqlite_records, default=str)
    )

    server = _environment(postgres_url, tmp_path / "server")
    assert "Restored" in _tangguh(server, "restore", str(tmp_path / "sqlite.zip"))
    _tangguh(server, "backup", str(tmp_path / "postgres.zip"))
    postgres_records = _records(tmp_path / "postgres.zip")
    assert postgres_records == _cleaned(sqlite_records)
    names = _tangguh(
        server,
        "shell",
        "-c",
        "from tangguh.accounts.models import Agency; import json; "
        "print(json.dumps(sorted(Agency.objects.filter(code__startswith='H')"
        ".values_list('name', flat=True))))",
    )
    from tangguh.core.text import clean

    found = json.loads(names.strip().split("\n")[-1])  # after the shell's own notes
    assert found == sorted(clean(text) for text in HOSTILE_TEXTS)

    laptop = _environment(f"sqlite:///{tmp_path / 'laptop.sqlite3'}", tmp_path / "laptop")
    _tangguh(laptop, "restore", str(tmp_path / "postgres.zip"))
    _tangguh(laptop, "backup", str(tmp_path / "laptop.zip"))
    assert _records(tmp_path / "laptop.zip") == postgres_records


@pytest.mark.django_db
def test_a_record_nested_200000_deep_is_named_not_a_crash(office, tmp_path, settings) -> None:
    good = tmp_path / "good.zip"
    backup.write_backup(good)
    deep = b"[" * 200_000 + b"]" * 200_000 + b"\n"
    broken = _rewrite(good, tmp_path / "deep.zip", {"data/accounts.user.jsonl": deep})
    _empty_the_database()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with (
        backup.open_archive(broken) as opened,
        pytest.raises(
            backup.BackupError, match=r"accounts\.user\.jsonl, line 1: nested too deeply"
        ),
    ):
        backup.restore_archive(opened)
    assert not Region.objects.exists()


def test_a_manifest_nested_200000_deep_is_named(archive, tmp_path) -> None:
    deep = _rewrite(archive, tmp_path / "deep.zip", {"manifest.json": b"[" * 200_000})
    with pytest.raises(backup.BackupError, match="nested too deeply"), backup.open_archive(deep):
        pass
