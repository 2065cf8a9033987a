"""`tangguh demo` prepares a working installation from nothing, and can do it again."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def demo(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANGGUH_")}
    env.update({"TANGGUH_DATA_DIR": str(data_dir), "TANGGUH_LANGUAGE": "en"})
    return subprocess.run(
        [sys.executable, "-m", "tangguh.cli", "demo", "--no-serve", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_demo_prepares_geography_accounts_and_prints_the_logins(tmp_path: Path) -> None:
    first = demo(tmp_path)
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "http://127.0.0.1:8000/" in out
    assert "1 province, 22 regencies/cities, 315 sub-districts, 3442 villages" in out
    for login in (
        "admin",
        "perencana.kupang",
        "bpbd.kotakupang",
        "desa.nuataus",
        "kec.fatuleubarat",
        "pupr.kupang",
    ):
        assert login in out
    assert "tangguh-demo-2026" in out
    database = sqlite3.connect(tmp_path / "tangguh.sqlite3")
    members = dict(
        database.execute(
            "SELECT u.username, m.region_id FROM accounts_membership m "
            "JOIN accounts_user u ON u.id = m.user_id"
        ).fetchall()
    )
    assert members == {
        "admin": "53",
        "perencana.kupang": "53.01",
        "bpbd.kotakupang": "53.71",
        "desa.nuataus": "53.01.27.2002",
        "kec.fatuleubarat": "53.01.27",
        "pupr.kupang": "53.01",
    }
    assert (
        database.execute(
            "SELECT COUNT(*) FROM accounts_agency WHERE name LIKE '[DEMO]%'"
        ).fetchone()[0]
        >= 9
    )
    events = database.execute(
        "SELECT COUNT(*), MIN(start_date), MAX(start_date) FROM disasters_event"
    )
    count, first, last = events.fetchone()
    assert count > 1000
    assert first.startswith("2015")
    assert last.startswith("2025")
    labelled = "SELECT COUNT(*) FROM disasters_event WHERE description LIKE '[DEMO]%'"
    assert database.execute(labelled).fetchone()[0] == count - 34
    database.close()
    assert "from the BNPB sample file: 34" in out
    assert (tmp_path / "static" / "staticfiles.json").exists()

    again = demo(tmp_path)
    assert again.returncode == 0, again.stderr
    assert "created 0 / updated 0 / unchanged 3780 / deactivated 0" in again.stdout
    assert "Demo agencies created: 0" in again.stdout
    assert "Demo disaster events created: 0; from the BNPB sample file: 0" in again.stdout

    reset = demo(tmp_path, "--reset", "--port", "8765")
    assert reset.returncode == 0, reset.stderr
    assert "Demo database deleted." in reset.stdout
    assert "created 3780" in reset.stdout
    assert "http://127.0.0.1:8765/" in reset.stdout
