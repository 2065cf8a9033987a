"""A throwaway tangguh site for HTTP benchmarks.

`Site` makes a temporary data directory (embedded SQLite), runs `tangguh` commands in it and
serves it with gunicorn on a free loopback port. It always stops the server and deletes the
directory on the way out, also after an error or Ctrl-C.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class SiteError(RuntimeError):
    """Setting up or serving the benchmark site failed."""


def log(message: str) -> None:
    """Progress goes to stderr, so that stdout carries only the figures (or the JSON)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    """A TCP port on the loopback interface that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def site_environment(data_dir: Path, settings_module: str) -> dict[str, str]:
    """The environment of every command and of the server: nothing inherited from TANGGUH_*."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TANGGUH_") and key != "DJANGO_SETTINGS_MODULE"
    }
    python_path = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env.update(
        {
            "TANGGUH_DATA_DIR": str(data_dir),
            "TANGGUH_HTTPS": "false",
            "TANGGUH_DEBUG": "false",
            "TANGGUH_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": settings_module,
            "PYTHONPATH": os.pathsep.join(python_path),
        }
    )
    return env


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def _cpu_ticks(pid: int) -> tuple[int, int] | None:
    """(parent pid, user+system clock ticks) of a process, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, ...
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _process_group(pid: int) -> int | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return int(raw.rsplit(")", 1)[1].split()[2])


class Site:
    """A temporary tangguh installation; use as a context manager."""

    def __init__(
        self,
        *,
        settings_module: str = "bench.settings",
        keep: bool = False,
        database_url: str | None = None,
    ) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="tangguh-bench-"))
        self.env = site_environment(self.data_dir, settings_module)
        if database_url:  # PostgreSQL (see scratch_database); embedded SQLite otherwise
            self.env["TANGGUH_DATABASE_URL"] = database_url
        self.keep = keep
        self.host = HOST
        self.port = 0
        self.server: subprocess.Popen[bytes] | None = None
        self.server_log = self.data_dir / "gunicorn.log"
        self.server_config: dict[str, Any] = {}

    def __enter__(self) -> Site:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Commands

    def manage(self, *args: str, stdin: str | None = None) -> str:
        """Run `tangguh ARGS…` (same interpreter and virtualenv) in the site; its stdout."""
        command = [sys.executable, "-m", "tangguh.cli", *args]
        started = time.monotonic()
        try:
            done = subprocess.run(
                command,
                env=self.env,
                cwd=ROOT,
                input=stdin,
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SiteError(f"tangguh {' '.join(args)} took longer than 15 minutes") from exc
        if done.returncode != 0:
            raise SiteError(
                f"tangguh {' '.join(args)} failed (exit {done.returncode}):\n"
                f"{done.stderr.strip() or done.stdout.strip()}"
            )
        log(f"tangguh {' '.join(args)}: {time.monotonic() - started:.1f} s")
        return done.stdout

    def python(self, module: str, *args: str, stdin: str | None = None) -> str:
        """Run `python -m MODULE ARGS…` with the site's environment; its stdout."""
        done = subprocess.run(
            [sys.executable, "-m", module, *args],
            env=self.env,
            cwd=ROOT,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if done.returncode != 0:
            raise SiteError(f"python -m {module} failed (exit {done.returncode}):\n{done.stderr}")
        return done.stdout

    # The server

    def start(
        self,
        *,
        workers: int = 2,
        threads: int = 2,
        worker_class: str = "gthread",
        ready_timeout: float = 60.0,
        options: tuple[str, ...] = (),
    ) -> None:
        """Serve the site with gunicorn on a free loopback port (more gunicorn `options` if
        given); return when it answers."""
        if self.server is not None:
            raise SiteError("the server is already running")
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "tangguh.wsgi",
            f"--bind={self.host}:{self.port}",
            f"--workers={workers}",
            f"--worker-class={worker_class}",
            f"--threads={threads}",
            f"--chdir={ROOT}",
            "--timeout=120",
            "--graceful-timeout=5",
            "--keep-alive=10",
            "--log-level=warning",
            *options,
        ]
        self.server_config = {
            "command": "gunicorn tangguh.wsgi " + " ".join(command[4:]),
            "workers": workers,
            "threads": threads,
            "worker_class": worker_class,
        }
        with self.server_log.open("ab") as output:
            # A session of its own: the whole server (master and workers) can be signalled.
            self.server = subprocess.Popen(
                command,
                env=self.env,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        log(f"gunicorn (pid {self.server.pid}) on http://{self.host}:{self.port}/")
        self._wait_ready(workers, ready_timeout)

    def _wait_ready(self, workers: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.server is not None
            code = self.server.poll()
            if code is not None:
                self.server = None
                raise SiteError(
                    f"gunicorn exited with code {code} before serving. Its log:\n"
                    f"{_tail(self.server_log)}"
                )
            if self._healthy() and len(self.worker_pids()) >= workers:
                return
            if time.monotonic() > deadline:
                raise SiteError(
                    f"gunicorn did not answer on port {self.port} within {timeout:.0f} s. "
                    f"Its log:\n{_tail(self.server_log)}"
                )
            time.sleep(0.1)

    def _healthy(self) -> bool:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()

    def worker_pids(self) -> list[int]:
        """Process ids of gunicorn's workers (children of the master)."""
        if self.server is None:
            return []
        master = self.server.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                info = _cpu_ticks(int(entry.name))
                if info is not None and info[0] == master:
                    pids.append(int(entry.name))
        return pids

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server's master and live workers."""
        if self.server is None:
            return 0.0
        ticks = 0
        for pid in [self.server.pid, *self.worker_pids()]:
            info = _cpu_ticks(pid)
            ticks += info[1] if info else 0
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Stop gunicorn: SIGTERM to the master, SIGKILL to what is left after 15 s."""
        if self.server is None:
            return
        server, workers = self.server, self.worker_pids()
        self.server = None
        if server.poll() is None:
            server.terminate()  # gunicorn stops its workers, then itself
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                log("gunicorn did not stop within 15 s; killing it")
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(server.pid, signal.SIGKILL)  # its own session: master and workers
                server.wait(timeout=15)
        for pid in workers:  # a worker outliving its master (still in the server's group)
            if _process_group(pid) == server.pid:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
        log("gunicorn stopped")

    def close(self) -> None:
        """Stop the server and delete the data directory (unless asked to keep it)."""
        try:
            self.stop()
        finally:
            if self.keep:
                log(f"kept the data directory {self.data_dir}")
            else:
                shutil.rmtree(self.data_dir, ignore_errors=True)

    # Clients

    def login(self, username: str, password: str) -> dict[str, str]:
        """Sign in through the /login/ form, like a browser; the cookies of the session."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request("GET", "/login/")
            response = conn.getresponse()
            body = response.read()
            cookies = _cookies(response)
            found = CSRF_INPUT.search(body)
            if response.status != 200 or found is None or "csrftoken" not in cookies:
                raise SiteError(f"GET /login/ answered {response.status} without a CSRF token")
            form = {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": found.group(1).decode(),
                "next": "/",
            }
            conn.request(
                "POST",
                "/login/",
                body=urlencode(form),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie_header(cookies),
                    "Referer": f"http://{self.host}:{self.port}/login/",
                },
            )
            response = conn.getresponse()
            response.read()
            cookies.update(_cookies(response))
        finally:
            conn.close()
        if response.status != 302 or "sessionid" not in cookies:
            raise SiteError(f"signing in as {username} failed (POST /login/: {response.status})")
        return cookies

    def count_queries(self, requests: list[dict[str, Any]]) -> dict[str, Any]:
        """SQL queries per request, measured in a separate Django process (see querycount)."""
        return dict(json.loads(self.python("bench.querycount", stdin=json.dumps(requests))))


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def cookie_header(cookies: dict[str, str]) -> str:
    """A Cookie request header."""
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _server(url: str) -> tuple[dict[str, str], str]:
    """libpq parameters of the PostgreSQL server of `url` (its maintenance database), and the
    database `url` names."""
    import psycopg.conninfo

    params = psycopg.conninfo.conninfo_to_dict(url)
    name = str(params.get("dbname") or "")
    if not name or name == "postgres":
        raise RuntimeError(f"--database-url must name a database for the benchmark: {url}")
    return {**{k: str(v) for k, v in params.items()}, "dbname": "postgres"}, name


@contextmanager
def scratch_database(url: str | None) -> Iterator[None]:
    """A database made for this run and dropped after it (nothing to do for embedded SQLite).
    A PostgreSQL database that already exists is refused: the benchmark never drops data it
    did not make."""
    if not url:
        yield
        return
    import psycopg
    from psycopg import sql

    server, name = _server(url)
    with psycopg.connect(**server, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found:
            raise RuntimeError(
                f"database {name!r} exists: the benchmark makes and drops its own; drop it "
                "or name another"
            )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
