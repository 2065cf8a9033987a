"""Loading nomenclature editions: the shipped 2027 update, a later edition beside it, renumbered
sub-activities found again, and bad files refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from tangguh.core.importing import ImportFailed
from tangguh.core.models import ChangeRecord
from tangguh.nomenclature.loading import load_nomenclature
from tangguh.nomenclature.models import Edition, Government, Item, Level, offered_to

pytestmark = pytest.mark.django_db

HEADER = "jenis_pemda,level,code,name,parent_code,output,indicator,unit,tag,spm,jenis_sub_kegiatan,pelaksana,kode_sub_kegiatan_sebelumnya,nama_sub_kegiatan_sebelumnya\n"  # noqa: E501
TREE = (
    "KABKOT,urusan,1,URUSAN WAJIB PELAYANAN DASAR,,,,,,,,,,\n"
    "KABKOT,bidang,1.05,URUSAN PEMERINTAHAN BIDANG TRANTIBUM,1,,,,,,,,,\n"
    "KABKOT,program,1.05.03,PROGRAM PENANGGULANGAN BENCANA,1.05,,,,,,,,,\n"
    "KABKOT,kegiatan,1.05.03.2.01,Pelayanan Informasi Rawan Bencana Kabupaten/Kota,1.05.03"
    ",,,,,,,,,\n"
)


def write(tmp_path: Path, body: str, name: str = "nomen_2030.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_the_shipped_edition_is_loaded_with_its_counts_and_marked_provisional() -> None:
    edition = Edition.objects.get(name="2027")
    assert edition.provisional
    assert edition.budget_year == 2027
    subs = Item.objects.filter(edition=edition, level=Level.SUB_KEGIATAN)
    assert subs.filter(government=Government.KABKOTA).count() == 3550
    assert subs.filter(government=Government.PROVINSI).count() == 4031
    item = subs.get(government=Government.KABKOTA, code="1.05.03.2.01.0008")
    assert item.name == "Penyusunan Kajian Risiko Bencana Kabupaten/Kota"
    assert item.parent is not None
    assert item.parent.code == "1.05.03.2.01"
    assert item.bidang == "1.05"
    assert item.unit
    assert item.indicator
    assert "Kajian Risiko Bencana" in item.definition
    assert [a.level for a in item.ancestors()] == ["urusan", "bidang", "program", "kegiatan"]


def test_only_items_of_ordinary_governments_are_offered() -> None:
    assert offered_to("1.05.03.2.01.0008", Government.KABKOTA)
    assert not offered_to("1.05.03.1.01.0001", Government.KABKOTA)
    assert offered_to("1.05.03.1.01.0001", Government.PROVINSI)
    assert not offered_to("2.13.02.7.01.0001", Government.KABKOTA)  # Aceh
    assert offered_to("X.XX.01.2.02.0001", Government.KABKOTA)
    assert not offered_to("X.XX.01.3.02.0001", Government.KABKOTA)  # Papua
    special = Item.objects.filter(
        edition__name="2027", government=Government.KABKOTA, level=Level.SUB_KEGIATAN, offered=False
    )
    assert special.exists()
    assert all(item.code.split(".")[3] not in ("1", "2") for item in special)


def test_a_later_edition_loads_beside_and_finds_renumbered_sub_activities(tmp_path: Path) -> None:
    body = TREE + (
        "KABKOT,sub_kegiatan,1.05.03.2.01.0099,Penyusunan Kajian Risiko Bencana Kabupaten/Kota,"
        "1.05.03.2.01,Dokumen,Jumlah Dokumen,Dokumen,,NON-SPM,Aktifitas,BPBD,,\n"
        "KABKOT,sub_kegiatan,1.05.03.2.01.0100,Sosialisasi Baru,"
        "1.05.03.2.01,,,Orang,,NON-SPM,Layanan,BPBD,1.05.03.2.01.0007,Lama\n"
    )
    report = load_nomenclature(write(tmp_path, body), edition="2030", title="Uji 2030")
    assert report.created == 6
    later = Edition.objects.get(name="2030")
    assert later.budget_year == 2030
    assert Edition.objects.filter(name="2027").exists()
    old = Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code="1.05.03.2.01.0008"
    )
    found = old.counterpart_in(later)
    assert found is not None
    assert found.code == "1.05.03.2.01.0099"
    linked = Item.objects.get(
        edition__name="2027", government="kabkota", level="sub_kegiatan", code="1.05.03.2.01.0007"
    )
    counterpart = linked.counterpart_in(later)
    assert counterpart is not None
    assert counterpart.code == "1.05.03.2.01.0100"
    # a code that does not exist in the 2027 update (data/SOURCES.md)
    assert not Item.objects.filter(edition__name="2027", code="1.05.03.2.01.0001").exists()
    assert Edition.for_year(2031) == later
    assert Edition.for_year(2028).name == "2027"
    load = ChangeRecord.objects.filter(model="nomenclature.item", action="import").first()
    assert load.changes["created"][1] >= 6
    assert load.object_repr.endswith(".csv")


def test_reloading_is_idempotent_and_updates_what_changed(tmp_path: Path) -> None:
    path = write(tmp_path, TREE)
    load_nomenclature(path, edition="2030")
    again = load_nomenclature(path, edition="2030")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    renamed = write(tmp_path, TREE.replace("Pelayanan Informasi", "Layanan Informasi"))
    changed = load_nomenclature(renamed, edition="2030")
    assert (changed.updated, changed.unchanged) == (1, 3)
    shorter = write(tmp_path, "\n".join(TREE.splitlines()[:3]) + "\n")
    assert load_nomenclature(shorter, edition="2030").removed == 1
    assert Item.objects.filter(edition__name="2030").count() == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (TREE + "KABKOT,kegiatan,1.05.03.2.01,Dua Kali,1.05.03,,,,,,,,,\n", "appears twice"),
        (TREE + "KOTA,bidang,1.06,SOSIAL,1,,,,,,,,,\n", "unknown government 'KOTA'"),
        (TREE + "KABKOT,seksi,1.06,SOSIAL,1,,,,,,,,,\n", "unknown level 'seksi'"),
        (TREE + "KABKOT,sub_kegiatan,1.05.03.2.01.8,Pendek,1.05.03.2.01,,,,,,,,,\n", "is not a"),
        (TREE + "KABKOT,program,1.06.02,PROGRAM,1.05,,,,,,,,,\n", "does not lie under"),
        (TREE + "KABKOT,program,1.06.02,PROGRAM,1.06,,,,,,,,,\n", "is not in the file"),
        (TREE + "KABKOT,program,1.05.04,,1.05,,,,,,,,,\n", "the name is empty"),
    ],
)
def test_bad_rows_are_reported_with_their_line_and_nothing_is_written(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(ImportFailed) as failure:
        load_nomenclature(write(tmp_path, body), edition="2030")
    assert any(message in p.message for p in failure.value.problems), failure.value.problems
    assert all(p.line for p in failure.value.problems)
    assert not Edition.objects.filter(name="2030").exists()


def test_missing_columns_and_wrong_encoding_are_named(tmp_path: Path) -> None:
    path = tmp_path / "x_2030.csv"
    path.write_text("jenis_pemda,level,kode\nKABKOT,urusan,1\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        load_nomenclature(path, edition="2030")
    assert "missing column(s) name, parent_code" in str(failure.value)
    path.write_bytes((HEADER + TREE.replace("WAJIB", "WAJİB")).encode("cp1254"))
    with pytest.raises(ImportFailed) as failure:
        load_nomenclature(path, edition="2030")
    assert "is not UTF-8" in str(failure.value)


def test_only_an_administrator_loads(tmp_path: Path, kupang_editor: object) -> None:
    with pytest.raises(PermissionDenied):
        load_nomenclature(write(tmp_path, TREE), edition="2030", actor=kupang_editor)


def test_the_command_prints_counts_and_refuses_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("load_nomenclature", str(write(tmp_path, TREE)), "--edition", "2030")
    assert (
        "edition 2030: created 4 / updated 0 / unchanged 0 / removed 0" in capsys.readouterr().out
    )
    call_command("load_nomenclature", str(write(tmp_path, TREE)), "--dry-run", "--json")
    assert '"created": 0' in capsys.readouterr().out  # edition name "2030" from the file name
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "load_nomenclature",
            str(write(tmp_path, TREE + "X,urusan,2,Y,,,,,,,,,,\n")),
            "--edition",
            "2030",
        )
    with pytest.raises(CommandError, match="file not found"):
        call_command("load_nomenclature", str(tmp_path / "none.csv"))
    with pytest.raises(CommandError, match="--edition"):
        call_command("load_nomenclature", str(write(tmp_path, TREE, name="nomen.csv")))


def test_the_command_keeps_its_json_keys_and_dry_run_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    path = str(write(tmp_path, TREE))
    call_command("load_nomenclature", path, "--edition", "2030", "--dry-run", "--json")
    body = json.loads(capsys.readouterr().out)
    assert {"edition", "items", "created", "updated", "unchanged", "removed", "dry_run"} <= set(
        body
    )
    assert (body["edition"], body["created"], body["dry_run"]) == ("2030", 4, True)
    call_command("load_nomenclature", path, "--edition", "2030", "--dry-run")
    assert capsys.readouterr().out.startswith(
        "[dry run] edition 2030: created 4 / updated 0 / unchanged 0 / removed 0 (urusan 1, "
    )
    assert not Edition.objects.filter(name="2030").exists()


def test_the_command_lists_at_most_200_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = "".join(f"X,urusan,{n},Y,,,,,,,,,,\n" for n in range(250))
    with pytest.raises(CommandError, match="250 problem"):
        call_command("load_nomenclature", str(write(tmp_path, TREE + bad)), "--edition", "2030")
    err = capsys.readouterr().err
    assert "… and 50 more" in err
    assert err.count("unknown government") == 200


def test_the_command_refuses_an_actor_who_is_not_an_administrator(
    tmp_path: Path, kupang_editor: object
) -> None:
    with pytest.raises(CommandError, match="Only an administrator"):
        call_command(
            "load_nomenclature",
            str(write(tmp_path, TREE)),
            "--edition",
            "2030",
            "--actor",
            "kupang.editor",
        )
