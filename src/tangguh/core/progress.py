"""Progress reporting for long work: a rich bar on the CLI, a Job row for the web."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.progress import Progress as RichBar

    from tangguh.core.models import Job


class Progress(Protocol):
    """Something that can be told how far a piece of work has got."""

    def start(self, total: int, description: str = "") -> None:
        """Begin a stage of `total` steps."""

    def advance(self, steps: int = 1) -> None:
        """Mark `steps` more steps done."""


class NullProgress:
    """Reports nowhere."""

    def start(self, total: int, description: str = "") -> None:
        """Ignore."""

    def advance(self, steps: int = 1) -> None:
        """Ignore."""


class RichProgress:
    """A progress bar on the terminal (use as a context manager)."""

    def __init__(self, enabled: bool = True) -> None:
        from rich.progress import Progress as RichBar

        self._bar: RichBar = RichBar(disable=not enabled, transient=False)
        self._task: int | None = None

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bar.stop()

    def start(self, total: int, description: str = "") -> None:
        """Show a new bar for this stage."""
        self._task = self._bar.add_task(description, total=total)

    def advance(self, steps: int = 1) -> None:
        """Move the current bar."""
        if self._task is not None:
            self._bar.advance(self._task, steps)  # type: ignore[arg-type]


class JobProgress:
    """Writes progress into a Job row, at most every half second, for the progress page."""

    def __init__(self, job: Job, interval: float = 0.5) -> None:
        self.job = job
        self.interval = interval
        self._last = 0.0

    def start(self, total: int, description: str = "") -> None:
        """Reset the counters for a new stage."""
        self.job.total, self.job.done, self.job.message = total, 0, description[:255]
        self._save(force=True)

    def advance(self, steps: int = 1) -> None:
        """Count steps; save now and then."""
        self.job.done += steps
        self._save(force=self.job.done >= self.job.total)

    def _save(self, force: bool) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.interval:
            self._last = now
            type(self.job).objects.filter(pk=self.job.pk).update(
                total=self.job.total, done=self.job.done, message=self.job.message
            )
