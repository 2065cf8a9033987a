"""Backups that do not depend on the database engine: the database and uploads in one zip archive.

The archive holds `manifest.json`, one JSON-lines file per model under `data/` (Django's
serialization format, one object per line, in dependency order) and the uploaded files under
`media/`. Transient tables (sessions, task results, failed sign-ins) are left out, and so are
content types and permissions: `migrate` recreates them, and rows that refer to them do so by
natural key. An archive made on SQLite restores on PostgreSQL and the other way round.
"""

from __future__ import annotations

import datetime as dt
import graphlib
import io
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, cast

import django
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.encoding import is_protected_type
from django.utils.translation import gettext as _

import tangguh
from tangguh.core import generations, planner
from tangguh.core.progress import NullProgress, Progress

FORMAT = "tangguh-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_PREFIX = "data/"
MEDIA_PREFIX = "media/"
CHUNK_SIZE = 500
# Left out of every backup: transient rows, and rows `migrate` recreates.
EXCLUDED = frozenset(
    {
        "sessions.session",
        "django_tasks_database.dbtaskresult",
        "core.loginattempt",
        "core.generation",
        "authtoken.token",  # DRF's tokens in clear text: unused (accounts.ApiToken keeps digests)
        "contenttypes.contenttype",
        "auth.permission",
    }
)


def seeded_labels() -> frozenset[str]:
    """Models a data migration fills (`seeded_by_migrations = True`); a restore replaces them."""
    return frozenset(
        model._meta.label_lower
        for model in apps.get_models()
        if getattr(model, "seeded_by_migrations", False)
    )


ModelType = type[models.Model]


class BackupError(Exception):
    """A backup cannot be written or an archive cannot be restored; the message says why."""


@dataclass(frozen=True)
class Entry:
    """One model's file in an archive."""

    label: str
    file: str
    rows: int


@dataclass(frozen=True)
class Manifest:
    """What an archive holds and which tangguh, Django and schema wrote it."""

    format_version: int
    tangguh_version: str
    django_version: str
    created_at: str
    migrations: dict[str, list[str]]
    entries: list[Entry]


@dataclass
class Report:
    """What a backup or restore did: rows per model and uploaded files."""

    rows: dict[str, int] = field(default_factory=dict)
    media_files: int = 0

    @property
    def total(self) -> int:
        """Rows over all models."""
        return sum(self.rows.values())


@dataclass
class Archive:
    """An opened, checked backup archive."""

    path: Path
    zip: zipfile.ZipFile
    manifest: Manifest


# -- which models, in which order ------------------------------------------------------------


def archived_models() -> list[ModelType]:
    """The models a backup holds, each after the models it refers to."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in EXCLUDED
    ]
    return dependency_order(chosen)


def _relations(model: ModelType) -> list[Any]:
    """The model's foreign keys, one-to-one and many-to-many fields."""
    return [
        f for f in [*model._meta.local_fields, *model._meta.local_many_to_many] if f.is_relation
    ]


def _plain_m2m(model: ModelType) -> list[Any]:
    """Many-to-many fields whose link table Django makes (written with the row itself)."""
    fields: list[Any] = list(model._meta.local_many_to_many)
    return [f for f in fields if f.remote_field.through._meta.auto_created]


def dependency_order(chosen: Iterable[ModelType]) -> list[ModelType]:
    """`chosen` sorted so that each model follows the models its relations point at."""
    by_label = {model._meta.label_lower: model for model in chosen}
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for label in sorted(by_label):
        targets = {f.related_model._meta.label_lower for f in _relations(by_label[label])}
        sorter.add(label, *sorted((targets & by_label.keys()) - {label}))
    try:
        order = list(sorter.static_order())
    except graphlib.CycleError:  # foreign keys are checked at commit, so a cycle still loads
        order = sorted(by_label)
    return [by_label[label] for label in order]


def _by_natural_key(relation: Any, archived: frozenset[ModelType]) -> bool:
    """True when a relation's target is left out of the archive and has natural keys."""
    target = relation.related_model
    return target not in archived and hasattr(target, "natural_key")


def _check_references(chosen: list[ModelType]) -> None:
    """Refuse models that point at left-out rows no natural key could find again."""
    archived = frozenset(chosen)
    for model in chosen:
        for relation in _relations(model):
            target = relation.related_model
            if target not in archived and not hasattr(target, "natural_key"):
                raise BackupError(
                    _("%(model)s refers to %(target)s, which backups leave out.")
                    % {"model": model._meta.label, "target": target._meta.label}
                )


# -- writing ---------------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """Django's JSON encoder, but times keep their microseconds so a round trip is exact."""

    def default(self, o: Any) -> Any:
        """Full ISO format for times; Django's rules for everything else."""
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """Django's JSON lines; relations to rows outside the archive are written as natural keys."""

    _current: dict[str, Any]

    def __init__(self, archived: frozenset[ModelType]) -> None:
        super().__init__()
        self.archived = archived
        self.natural_keys: dict[tuple[ModelType, Any], Any] = {}

    def end_object(self, obj: Any) -> None:
        """Write the row as one line; json.dumps takes the C encoder, json.dump would not."""
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = {}

    def handle_fk_field(self, obj: Any, field: Any) -> None:
        """The related row's primary key, or its natural key when the archive leaves it out."""
        value = field.value_from_object(obj)
        if value is not None and _by_natural_key(field, self.archived):
            value = self._natural_key(field.related_model, value)
        elif not is_protected_type(value):
            value = field.value_to_string(obj)
        self._current[field.name] = value

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        """The related rows' keys, sorted; an explicit through model is archived on its own."""
        if not field.remote_field.through._meta.auto_created:
            return
        pks = [related.pk for related in getattr(obj, field.name).all()]
        if _by_natural_key(field, self.archived):
            pks = [self._natural_key(field.related_model, pk) for pk in pks]
        self._current[field.name] = sorted(pks)

    def _natural_key(self, model: ModelType, pk: Any) -> Any:
        """The natural key of a related row (looked up once per backup)."""
        if (model, pk) not in self.natural_keys:
            try:
                row = model._base_manager.get(pk=pk)
            except ObjectDoesNotExist as exc:
                raise BackupError(
                    _("%(model)s %(pk)s is referred to but does not exist.")
                    % {"model": model._meta.label, "pk": pk}
                ) from exc
            self.natural_keys[(model, pk)] = list(row.natural_key())  # type: ignore[attr-defined]
        return self.natural_keys[(model, pk)]


class _Counted:
    """Rows passed through, counted and reported to a progress bar."""

    def __init__(self, rows: Iterable[models.Model], progress: Progress) -> None:
        self.rows = rows
        self.progress = progress
        self.count = 0

    def __iter__(self) -> Iterator[models.Model]:
        """Yield each row, counting it."""
        for row in self.rows:
            self.count += 1
            self.progress.advance()
            yield row


@contextmanager
def _snapshot() -> Iterator[None]:
    """One read transaction for the whole export, so rows that refer to each other agree."""
    outermost = not connection.in_atomic_block
    sqlite = cast(Any, connection)
    saved_mode = None
    if outermost and connection.vendor == "sqlite":
        # A plain (deferred) BEGIN reads a snapshot without locking writers out, unlike the
        # IMMEDIATE mode the settings choose for writes.
        connection.ensure_connection()
        saved_mode, sqlite.transaction_mode = sqlite.transaction_mode, None
    try:
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    finally:
        if saved_mode is not None:
            sqlite.transaction_mode = saved_mode


def _member(name: str) -> zipfile.ZipInfo:
    """A new, compressed archive member stamped with the current local time."""
    now = timezone.localtime()
    info = zipfile.ZipInfo(name, (now.year, now.month, now.day, now.hour, now.minute, now.second))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _data_file(model: ModelType) -> str:
    """The archive member holding a model's rows."""
    return f"{DATA_PREFIX}{model._meta.label_lower}.jsonl"


def _write_model(
    archive: zipfile.ZipFile, model: ModelType, archived: frozenset[ModelType], progress: Progress
) -> int:
    """Write one model's rows as JSON lines; returns how many."""
    queryset = model._base_manager.order_by("pk")
    many = [f.name for f in _plain_m2m(model)]
    if many:
        queryset = queryset.prefetch_related(*many)
    progress.start(queryset.count(), model._meta.label_lower)
    rows = _Counted(queryset.iterator(chunk_size=CHUNK_SIZE), progress)
    with (
        archive.open(_member(_data_file(model)), "w", force_zip64=True) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as text,
    ):
        _Serializer(archived).serialize(rows, stream=text, cls=_Encoder)
    return rows.count


def _media_files(root: Path) -> list[Path]:
    """Every uploaded file under the media folder."""
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def _write_media(archive: zipfile.ZipFile, root: Path, progress: Progress) -> tuple[int, int]:
    """Copy the uploaded files into the archive; returns (files, bytes)."""
    files = _media_files(root)
    progress.start(len(files), _("uploaded files"))
    size = 0
    for path in files:
        archive.write(path, MEDIA_PREFIX + path.relative_to(root).as_posix())
        size += path.stat().st_size
        progress.advance()
    return len(files), size


def applied_migrations() -> dict[str, list[str]]:
    """The migrations applied to the database, per app."""
    found: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        found.setdefault(app_label, []).append(name)
    return found


def write_backup(path: Path, progress: Progress | None = None) -> Report:
    """Write the database and uploaded files to a zip archive at `path` (replaced if present)."""
    progress = progress or NullProgress()
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    if path.is_dir():
        raise BackupError(_("%(path)s is a folder; name the archive file.") % {"path": path})
    chosen = archived_models()
    _check_references(chosen)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".partial", dir=path.parent
    )
    os.close(handle)
    report = Report()
    finished = False
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            with _snapshot():
                for model in chosen:
                    report.rows[model._meta.label_lower] = _write_model(
                        archive, model, frozenset(chosen), progress
                    )
                migrations = applied_migrations()
            report.media_files, media_bytes = _write_media(
                archive, Path(settings.MEDIA_ROOT), progress
            )
            manifest = _manifest(chosen, report, migrations, media_bytes)
            archive.writestr(_member(MANIFEST), json.dumps(manifest, indent=2, ensure_ascii=False))
        os.replace(temporary, path)
        finished = True
    except DatabaseError as exc:
        raise BackupError(
            _("Could not read the database (%(error)s). Has it been set up with `tangguh migrate`?")
            % {"error": exc}
        ) from exc
    finally:
        if not finished:
            Path(temporary).unlink(missing_ok=True)
    return report


def _manifest(
    chosen: list[ModelType], report: Report, migrations: dict[str, list[str]], media_bytes: int
) -> dict[str, Any]:
    """The manifest's content for a finished backup."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tangguh_version": tangguh.__version__,
        "django_version": django.get_version(),
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "migrations": migrations,
        "models": [
            {
                "label": model._meta.label_lower,
                "file": _data_file(model),
                "rows": report.rows[model._meta.label_lower],
            }
            for model in chosen
        ],
        "media": {"files": report.media_files, "bytes": media_bytes},
    }


# -- reading and checking --------------------------------------------------------------------


@contextmanager
def _reading(path: Path, member: str) -> Iterator[None]:
    """Turn a damaged archive's low-level errors into a BackupError naming the file."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as exc:
        raise BackupError(
            _("%(path)s is damaged (%(member)s: %(error)s).")
            % {"path": path, "member": member, "error": exc}
        ) from exc


@contextmanager
def open_archive(path: Path) -> Iterator[Archive]:
    """Open a backup archive and read its manifest; BackupError says what is wrong with it."""
    if not path.exists():
        raise BackupError(_("%(path)s: no such file.") % {"path": path})
    if not path.is_file():
        raise BackupError(_("%(path)s is not a file.") % {"path": path})
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(
            _(
                "%(path)s is not a zip archive; a tangguh backup is the zip file that "
                "`tangguh backup` writes."
            )
            % {"path": path}
        ) from exc
    with archive:
        manifest = _read_manifest(path, archive)
        names = set(archive.namelist())
        for entry in manifest.entries:
            if entry.file not in names:
                raise BackupError(
                    _("%(path)s lacks %(file)s, which its manifest lists.")
                    % {"path": path, "file": entry.file}
                )
        yield Archive(path=path, zip=archive, manifest=manifest)


def _read_manifest(path: Path, archive: zipfile.ZipFile) -> Manifest:
    """The archive's manifest, checked."""
    try:
        with _reading(path, MANIFEST):
            data = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError as exc:
        raise BackupError(
            _("%(path)s has no %(manifest)s, so it is not a tangguh backup.")
            % {"path": path, "manifest": MANIFEST}
        ) from exc
    except ValueError as exc:
        raise BackupError(
            _("%(path)s: %(manifest)s is not valid JSON (%(error)s).")
            % {"path": path, "manifest": MANIFEST, "error": exc}
        ) from exc
    except RecursionError as exc:
        raise BackupError(
            _("%(path)s: %(manifest)s is nested too deeply to be a tangguh manifest.")
            % {"path": path, "manifest": MANIFEST}
        ) from exc
    try:
        return _parse_manifest(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupError(
            _("%(path)s: %(manifest)s is not a tangguh backup manifest (%(error)s).")
            % {"path": path, "manifest": MANIFEST, "error": repr(exc)}
        ) from exc


def _parse_manifest(data: Any) -> Manifest:
    """A Manifest from the decoded JSON (KeyError, TypeError or ValueError if malformed)."""
    if data["format"] != FORMAT:
        raise ValueError(f"format {data['format']!r}")
    version = data["format_version"]
    if not isinstance(version, int):
        raise TypeError(f"format_version {version!r}")
    if version > FORMAT_VERSION:
        raise BackupError(
            _(
                "This backup has format version %(found)s, written by tangguh %(tangguh)s; this "
                "tangguh reads up to version %(known)s. Upgrade tangguh, then restore."
            )
            % {"found": version, "tangguh": data.get("tangguh_version"), "known": FORMAT_VERSION}
        )
    migrations = {
        str(app): [str(name) for name in names] for app, names in data["migrations"].items()
    }
    entries = [Entry(str(e["label"]), str(e["file"]), int(e["rows"])) for e in data["models"]]
    return Manifest(
        format_version=version,
        tangguh_version=str(data["tangguh_version"]),
        django_version=str(data["django_version"]),
        created_at=str(data["created_at"]),
        migrations=migrations,
        entries=entries,
    )


def check_schema(manifest: Manifest) -> None:
    """Refuse an archive whose database schema is newer than this tangguh's migrations."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            _(
                "This backup was made by tangguh %(version)s with a newer database schema than "
                "this installation knows (%(migrations)s). Install tangguh %(version)s or later, "
                "then restore."
            )
            % {"version": manifest.tangguh_version, "migrations": ", ".join(unknown[:5])}
        )
    models_of(manifest)


def models_of(manifest: Manifest) -> list[ModelType]:
    """The archive's models in dependency order; BackupError names any this tangguh lacks."""
    known = {model._meta.label_lower: model for model in apps.get_models()}
    strangers = [entry.label for entry in manifest.entries if entry.label not in known]
    if strangers:
        raise BackupError(
            _("This backup holds records of %(models)s, which this installation does not know.")
            % {"models": ", ".join(strangers)}
        )
    return dependency_order(known[entry.label] for entry in manifest.entries)


def check_empty() -> None:
    """Refuse to restore into a database that already holds data (tables not yet made count 0)."""
    tables = set(connection.introspection.table_names())
    filled = [
        f"{model._meta.label_lower} ({model._base_manager.count()})"
        for model in archived_models()
        if model._meta.label_lower not in seeded_labels()
        and model._meta.db_table in tables
        and model._base_manager.exists()
    ]
    if filled:
        raise BackupError(
            _(
                "The database already holds data: %(tables)s. A restore only fills an empty "
                "database. Point TANGGUH_DATABASE_URL at a new, empty database (for PostgreSQL, "
                "e.g. `createdb tangguh_new`), or for the embedded SQLite database set "
                "TANGGUH_DATA_DIR to an empty folder, and run the restore again."
            )
            % {"tables": ", ".join(filled)}
        )


# -- restoring -------------------------------------------------------------------------------

STAGING_PREFIX = ".restore-media-"


def remove_staging_leftovers(media_root: Path) -> int:
    """Remove the staging folders that restores killed while staging their files left beside
    the media folder (only one restore runs at a time: it needs an empty database); returns how
    many."""
    parent = media_root.parent
    if not parent.is_dir():
        return 0
    found = [path for path in parent.glob(STAGING_PREFIX + "*") if path.is_dir()]
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    return len(found)


def restore_archive(archive: Archive, progress: Progress | None = None) -> Report:
    """Load an archive into the (migrated, empty) database in one transaction, then its files."""
    progress = progress or NullProgress()
    entries = {entry.label: entry for entry in archive.manifest.entries}
    chosen = models_of(archive.manifest)
    media = _media_members(archive)
    remove_staging_leftovers(Path(settings.MEDIA_ROOT))  # of a restore that was killed
    staging = _stage_media(archive, media, Path(settings.MEDIA_ROOT)) if media else None
    report = Report()
    try:
        try:
            with transaction.atomic():
                _clear_seeded(chosen)
                for model in chosen:
                    label = model._meta.label_lower
                    report.rows[label] = _load_model(archive, model, entries[label], progress)
                connection.check_constraints(table_names=[m._meta.db_table for m in chosen])
                _reset_sequences(chosen)
                generations.bump_all(chosen)  # figures kept for the old data are not served
                planner.refresh()
        except DatabaseError as exc:
            raise BackupError(
                _("The database refused the backup's records; nothing was restored (%(error)s).")
                % {"error": exc}
            ) from exc
        if staging is not None:
            report.media_files = _install_media(staging, Path(settings.MEDIA_ROOT))
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _clear_seeded(chosen: list[ModelType]) -> None:
    """Delete the rows migrations put in tables the archive refills."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in chosen:
            if model._meta.label_lower in seeded_labels():
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608


def _rows(lines: Iterable[str], entry: Entry) -> Iterator[dict[str, Any]]:
    """The JSON objects of a model file, one a line, checked to belong to the model."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except RecursionError as exc:
            raise BackupError(
                _("%(file)s, line %(line)s: nested too deeply to be a record.")
                % {"file": entry.file, "line": number}
            ) from exc
        except ValueError as exc:
            raise BackupError(
                _("%(file)s, line %(line)s: not valid JSON (%(error)s).")
                % {"file": entry.file, "line": number, "error": exc}
            ) from exc
        if not isinstance(row, dict) or row.get("model") != entry.label:
            raise BackupError(
                _("%(file)s, line %(line)s: not a %(model)s record.")
                % {"file": entry.file, "line": number, "model": entry.label}
            )
        if not isinstance(row.get("fields"), dict):
            raise BackupError(
                _("%(file)s, line %(line)s: the record has no fields.")
                % {"file": entry.file, "line": number}
            )
        yield row


def _load_model(archive: Archive, model: ModelType, entry: Entry, progress: Progress) -> int:
    """Insert one model's rows as they are stored (raw: no signals, no timestamps)."""
    progress.start(entry.rows, entry.label)
    count = 0
    with (
        _reading(archive.path, entry.file),
        archive.zip.open(entry.file) as raw,
        io.TextIOWrapper(raw, encoding="utf-8") as lines,
    ):
        try:
            for obj in Deserializer(_rows(lines, entry), using=connection.alias):
                obj.save(using=connection.alias, force_insert=True)
                count += 1
                progress.advance()
        except (DeserializationError, FieldDoesNotExist) as exc:
            raise BackupError(f"{entry.file}: {exc}") from exc
    if count != entry.rows:
        raise BackupError(
            _("%(file)s holds %(found)s records but the manifest says %(rows)s.")
            % {"file": entry.file, "found": count, "rows": entry.rows}
        )
    return count


def _reset_sequences(chosen: list[ModelType]) -> None:
    """Move PostgreSQL's id sequences past the restored ids, never backwards.

    A sequence only moves forward, so an id once handed out is never handed out again, even when
    the restored backup is older than what this database had already numbered (a change record
    naming a deleted record can never come to name a different one).
    """
    if connection.vendor != "postgresql":
        return
    through = [f.remote_field.through for model in chosen for f in _plain_m2m(model)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in [*chosen, *through]:
            pk = model._meta.pk
            if pk is None or pk.get_internal_type() not in {
                "AutoField",
                "BigAutoField",
                "SmallAutoField",
            }:
                continue
            table, column = quote(model._meta.db_table), quote(pk.column)
            sql = (
                f"SELECT setval(seq, GREATEST(COALESCE((SELECT MAX({column}) FROM {table}), 0),"  # noqa: S608
                " COALESCE(pg_sequence_last_value(seq::regclass), 0), 1))"
                " FROM (SELECT pg_get_serial_sequence(%s, %s) AS seq) AS found"
                " WHERE seq IS NOT NULL"
            )
            cursor.execute(sql, [table, pk.column])


def _media_members(archive: Archive) -> list[str]:
    """The archive's uploaded files, refusing names that would escape the media folder."""
    names = [
        name
        for name in archive.zip.namelist()
        if name.startswith(MEDIA_PREFIX) and not name.endswith("/")
    ]
    for name in names:
        parts = PurePosixPath(name).parts[1:]
        if not parts or ".." in parts or "\\" in name or ":" in name:
            raise BackupError(
                _("%(path)s holds a file with an unsafe name: %(name)s")
                % {"path": archive.path, "name": name}
            )
    return names


def _stage_media(archive: Archive, names: list[str], media_root: Path) -> Path:
    """Unpack uploaded files next to the media folder, to move into place after the database."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=media_root.parent))
    try:
        for name in names:
            target = staging.joinpath(*PurePosixPath(name).parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            with (
                _reading(archive.path, name),
                archive.zip.open(name) as source,
                target.open("wb") as sink,
            ):
                shutil.copyfileobj(source, sink)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _install_media(staging: Path, media_root: Path) -> int:
    """Move staged files into the media folder; returns how many."""
    count = 0
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = media_root / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        count += 1
    return count
