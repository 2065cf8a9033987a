"""`tangguh demo` prepares a working installation from nothing, and can do it again."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


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


@pytest.mark.slow
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
        "bappeda.kotakupang",
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
        "bappeda.kotakupang": "53.71",  # the poverty demo's manager of Kota Kupang
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
    # NTT's events as BNPB's DIBI recorded them: 716 + 532 + the sample's one NTT row
    assert count == 1249
    assert first.startswith("1928")
    assert last.startswith("2024")
    generated = "SELECT COUNT(*) FROM disasters_event WHERE description LIKE '[DEMO]%'"
    assert database.execute(generated).fetchone()[0] == 0
    outside = "SELECT COUNT(*) FROM regions_region WHERE code NOT LIKE '53%'"
    assert database.execute(outside).fetchone()[0] == 0  # no stub regions of other provinces
    database.close()
    assert (
        "Disaster events from BNPB's DIBI created: 1249 (rows of other provinces skipped: 33)"
        in out
    )
    assert (tmp_path / "static" / "staticfiles.json").exists()

    again = demo(tmp_path)
    assert again.returncode == 0, again.stderr
    assert "created 0 / updated 0 / unchanged 3780 / deactivated 0" in again.stdout
    assert "Demo agencies created: 0" in again.stdout
    assert "Disaster events from BNPB's DIBI created: 0" in again.stdout

    reset = demo(tmp_path, "--reset", "--port", "8765")
    assert reset.returncode == 0, reset.stderr
    assert "Demo database deleted." in reset.stdout
    assert "created 3780" in reset.stdout
    assert "http://127.0.0.1:8765/" in reset.stdout


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.add(int(status.parent.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_a_demo_stopped_by_a_signal_stops_its_worker_too(tmp_path: Path) -> None:
    import signal
    import socket
    import time
    import urllib.request

    assert demo(tmp_path).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANGGUH_")}
    env.update({"TANGGUH_DATA_DIR": str(tmp_path), "TANGGUH_LANGUAGE": "en"})
    server = subprocess.Popen(
        [sys.executable, "-m", "tangguh.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(1)
        workers = _children(server.pid)
        assert workers, "the demo starts a worker for background jobs"
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        time.sleep(1)
        alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
        assert not alive, "the worker must stop with the demo"
    finally:
        if server.poll() is None:
            server.kill()
