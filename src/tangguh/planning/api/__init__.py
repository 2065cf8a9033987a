"""API of the planning cycle, registered in tangguh/api_urls.py through ROUTES and URLS.

- `/api/v1/planning-stages/` (the calendar: POST or PUT sets a stage's dates) and
  `/api/v1/planning-calendar/?region=&year=` (the stages and what is open now)
- `/api/v1/partner-programmes/`
- `/api/v1/proposals/` with `…/{id}/matches/`, `…/{id}/recommendations/`, `…/{id}/code/` and
  `…/{id}/decision/`
- `/api/v1/matches/` (suggestions for free text), `…/proposals/{id}/mark-wrong/`,
  `/api/v1/wrong-suggestions/` (suggestions marked wrong) and
  `/api/v1/match-accuracy/?region=&by=` (how often the first suggestion was chosen)
- `/api/v1/work-plan-items/` with `…/copy-forward/` and `…/finalise/`
- `/api/v1/sync-matrix/?year=&region=&by=`

Every write goes through `planning.services`, which enforce the user's regions and the calendar:
their refusals answer 403 (outside one's regions or role) or 400 (bad input, or a stage whose
window is closed), with the reason in the request's language.
"""

from __future__ import annotations

from tangguh.planning.api.calendars import ProgrammeViewSet, StageViewSet, planning_calendar
from tangguh.planning.api.proposals import ProposalViewSet, matches
from tangguh.planning.api.suggestions import WrongSuggestionViewSet, match_accuracy
from tangguh.planning.api.sync import sync_matrix
from tangguh.planning.api.workplans import WorkPlanItemViewSet

ROUTES: list = [  # (prefix, viewset, basename)
    ("planning-stages", StageViewSet, "planning-stage"),
    ("partner-programmes", ProgrammeViewSet, "partner-programme"),
    ("proposals", ProposalViewSet, "proposal"),
    ("work-plan-items", WorkPlanItemViewSet, "work-plan-item"),
    ("wrong-suggestions", WrongSuggestionViewSet, "wrong-suggestion"),
]
URLS: list = [  # (route, view, name)
    ("planning-calendar/", planning_calendar, "planning-calendar"),
    ("matches/", matches, "matches"),
    ("match-accuracy/", match_accuracy, "match-accuracy"),
    ("sync-matrix/", sync_matrix, "sync-matrix"),
]
