"""What the planning calendar allows on a given day.

Each function returns None when the action is open, or the reason it is closed (in the user's
language). The services call these before writing; pages and the API show the calendar's state
(`Calendar.state`): each stage with where today stands, and what is open or closed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tangguh.planning.models import (
    STAGE_ORDER,
    VILLAGE_SOURCES,
    PlanningStage,
    SourceKind,
    Stage,
)

_AS_OF: ContextVar[dt.date | None] = ContextVar("planning_as_of", default=None)


def today() -> dt.date:
    """The current date in the site's time zone, or the date set by `as_of`."""
    return _AS_OF.get() or timezone.localdate()


def budget_year() -> int:
    """The budget year being planned now: next year (the RKPD of year n is prepared in n-1)."""
    return today().year + 1


def open_year(region: object, source_kind: str, years: int = 3) -> int | None:
    """The first budget year from the one being planned now whose calendar (of a regency, a
    Region or its code) still accepts proposals of a source (None when none of the next
    `years` does)."""
    start = budget_year()
    return next(
        (
            year
            for year in range(start, start + years)
            if Calendar.of(region, year).proposals_closed(source_kind) is None
        ),
        None,
    )


@contextmanager
def as_of(day: dt.date) -> Iterator[None]:
    """Apply the calendar as it stood on `day` (for loading the records of past cycles, e.g. the
    demo's or a migration from SIPD, by the system itself; never used for users' requests)."""
    token = _AS_OF.set(day)
    try:
        yield
    finally:
        _AS_OF.reset(token)


@dataclass(frozen=True)
class Window:
    """The dates of one stage."""

    stage: Stage
    starts: dt.date
    ends: dt.date
    note: str = ""


STATE_LABELS = {
    "done": gettext_lazy("done"),
    "current": gettext_lazy("under way"),
    "ahead": gettext_lazy("ahead"),
    "unset": gettext_lazy("no dates yet"),
}


@dataclass(frozen=True)
class StageRow:
    """One stage of a calendar as shown: its dates (if set) and where a day stands."""

    stage: Stage
    window: Window | None
    state: str

    @property
    def state_label(self) -> str:
        """The state in the user's language."""
        return str(STATE_LABELS[self.state])


@dataclass(frozen=True)
class CalendarState:
    """What a calendar allows on a day, for pages and the API: every stage in the order of the
    cycle with its state, the stage under way, and why each kind of entry is closed (None:
    open)."""

    calendar: Calendar
    today: dt.date
    current: Stage | None
    stages: list[StageRow]
    closed: dict[str, str | None]

    @property
    def village_closed(self) -> str | None:
        """Why proposals of villages and sub-district forums are closed."""
        return self.closed["village_proposals"]

    @property
    def others_closed(self) -> str | None:
        """Why proposals of partner programmes and DPRD members are closed."""
        return self.closed["other_proposals"]

    @property
    def decisions_closed(self) -> str | None:
        """Why recommendations, coding and decisions are closed."""
        return self.closed["decisions"]

    @property
    def work_plans_closed(self) -> str | None:
        """Why the agencies' work plans are closed."""
        return self.closed["work_plans"]

    def openness(self) -> list[tuple[str, str | None]]:
        """What can be entered or changed, each with the reason when it is closed."""
        return [
            (_("Proposals of villages and sub-district forums"), self.village_closed),
            (_("Proposals of partner programmes and DPRD members"), self.others_closed),
            (_("Recommendations, coding and decisions"), self.decisions_closed),
            (_("Agency work plans"), self.work_plans_closed),
        ]


@dataclass(frozen=True)
class Calendar:
    """A regency's planning calendar for one budget year."""

    region_code: str
    region_name: str
    year: int
    windows: dict[Stage, Window] = field(default_factory=dict)

    @classmethod
    def of(cls, region: object, year: int) -> Calendar:
        """The calendar stored for a regency (a Region) and budget year."""
        code = str(getattr(region, "code", region))
        name = str(getattr(region, "name", code))
        stages = PlanningStage.objects.filter(region_id=code, year=year)
        windows = {Stage(s.stage): Window(Stage(s.stage), s.starts, s.ends, s.note) for s in stages}
        return cls(code, name, year, windows)

    def state(self, on: dt.date | None = None) -> CalendarState:
        """Every stage with where a day (today) stands, and what is open or closed then."""
        on = on or today()
        rows = []
        for stage in STAGE_ORDER:
            window = self.windows.get(stage)
            if window is None:
                state = "unset"
            elif on > window.ends:
                state = "done"
            elif on >= window.starts:
                state = "current"
            else:
                state = "ahead"
            rows.append(StageRow(stage, window, state))
        closed = {
            "village_proposals": self.proposals_closed(SourceKind.MUSRENBANG_DESA, on),
            "other_proposals": self.proposals_closed(SourceKind.PARTNER, on),
            "decisions": self.decisions_closed(on),
            "work_plans": self.work_plans_closed(on),
        }
        return CalendarState(self, on, self.current(on), rows, closed)

    @property
    def is_set(self) -> bool:
        """True when at least one stage has dates."""
        return bool(self.windows)

    def ordered(self) -> list[Window]:
        """The stages that have dates, in the order of the cycle."""
        return [self.windows[s] for s in STAGE_ORDER if s in self.windows]

    def current(self, on: dt.date | None = None) -> Stage | None:
        """The stage under way on a day (the last one started), or None before the first."""
        on = on or today()
        started = [w for w in self.ordered() if w.starts <= on]
        return started[-1].stage if started else None

    def _missing(self) -> str:
        return _(
            "There is no planning calendar for %(region)s, budget year %(year)d: Bappeda must "
            "set the dates of its stages first."
        ) % {"region": self.region_name, "year": self.year}

    def _closed(self, stage: Stage, on_date: dt.date, what: str) -> str:
        return _("%(stage)s for %(year)d closed on %(date)s: %(what)s") % {
            "stage": stage.label,
            "year": self.year,
            "date": date_format(on_date, "DATE_FORMAT"),
            "what": what,
        }

    def proposals_closed(self, source_kind: str, on: dt.date | None = None) -> str | None:
        """Why proposals of this source cannot be added or changed now (None: they can).

        Village and sub-district proposals close when the sub-district forum ends; partner
        programmes' and DPRD members' proposals when the regency/city forum ends."""
        if not self.is_set:
            return self._missing()
        on = on or today()
        if source_kind in VILLAGE_SOURCES:
            order: tuple[Stage, ...] = (Stage.MUSRENBANG_KECAMATAN, Stage.MUSRENBANG_DESA)
            what = _("villages can no longer add or change proposals for this year.")
        else:
            order = (Stage.MUSRENBANG_KABKOTA, Stage.FORUM_PD, Stage.MUSRENBANG_KECAMATAN)
            what = _("proposals can no longer be added or changed for this year.")
        for stage in order:
            window = self.windows.get(stage)
            if window is not None:
                return self._closed(stage, window.ends, what) if on > window.ends else None
        return self.decisions_closed(on)

    def decisions_closed(self, on: dt.date | None = None) -> str | None:
        """Why recommendations and decisions are frozen now (None: they are open)."""
        if not self.is_set:
            return self._missing()
        on = on or today()
        adopted = self.windows.get(Stage.RKPD_ADOPTED)
        if adopted is not None and on >= adopted.starts:
            return _(
                "The RKPD for %(year)d was adopted on %(date)s: decisions on its proposals are "
                "frozen."
            ) % {"year": self.year, "date": date_format(adopted.starts, "DATE_FORMAT")}
        return None

    def work_plans_closed(self, on: dt.date | None = None) -> str | None:
        """Why work-plan items of this year cannot be changed now (None: they can)."""
        if not self.is_set:
            return self._missing()
        on = on or today()
        final = self.windows.get(Stage.RENJA_FINAL)
        if final is not None and on > final.ends:
            return _(
                "The agencies' work plans (Renja) for %(year)d were finalised on %(date)s and can "
                "no longer be changed."
            ) % {"year": self.year, "date": date_format(final.ends, "DATE_FORMAT")}
        return None


def check_order(windows: list[Window]) -> list[str]:
    """Problems with the order of stage dates: each stage starts no earlier than the one before
    it starts and ends no earlier than the one before it ends (so villages cannot still be adding
    proposals once the RKPD is adopted)."""
    problems = []
    ordered = sorted(windows, key=lambda w: STAGE_ORDER.index(w.stage))
    for earlier, later in itertools.pairwise(ordered):
        if later.starts < earlier.starts:
            problems.append(
                _("%(later)s starts before %(earlier)s.")
                % {"later": later.stage.label, "earlier": earlier.stage.label}
            )
        elif earlier.ends > later.ends:
            problems.append(
                _("%(earlier)s ends after %(later)s.")
                % {"later": later.stage.label, "earlier": earlier.stage.label}
            )
    return problems
