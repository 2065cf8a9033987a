"""Hostile files give a message in the user's language, never a traceback (issue 14, item 5)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tangguh.core.importing.files import read_file
from tangguh.core.importing.problems import Problems

pytestmark = pytest.mark.django_db


def _problems(path: Path) -> list[str]:
    problems = Problems()
    assert read_file(path, problems) is None
    return [str(problem) for problem in problems.items]


def test_a_csv_field_over_the_limit_is_named_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "wilayah.csv"
    path.write_text('kode,nama\n53.99,"' + "x" * (9 * 2**20) + '"\n', encoding="utf-8")
    with translation.override("id"):
        found = _problems(path)
    assert len(found) == 1
    assert "8.388.608" in found[0]
    assert "field larger" not in found[0]  # Python's English words are not shown
    for command in ("load_regions", "load_nomenclature"):
        args = ["--edition", "2099"] if command == "load_nomenclature" else []
        with translation.override("id"), pytest.raises(CommandError):
            call_command(command, str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_a_40_digit_population_is_refused_with_a_message(tmp_path: Path, capsys) -> None:
    from tangguh.regions.models import Region

    path = tmp_path / "wilayah.csv"
    path.write_text("kode,nama,penduduk_total\n53,Nusa Tenggara Timur," + "9" * 40 + "\n")
    before = Region.objects.get(code="53").population
    with pytest.raises(CommandError):
        call_command("load_regions", str(path), stdout=io.StringIO())
    out = capsys.readouterr()
    assert "larger than any count tangguh stores" in out.out + out.err
    assert Region.objects.get(code="53").population == before


def test_a_truncated_zip_given_to_import_events_is_named(tmp_path: Path, capsys) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "x" * 100_000)
    path = tmp_path / "kejadian.xlsx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(CommandError):
        call_command("import_events", str(path), stdout=io.StringIO())
    out = capsys.readouterr()
    assert "internal error" not in out.out + out.err
    assert "Traceback" not in out.out + out.err
