"""Audited writes of the planning cycle, with the calendar and scope rules enforced here (pages,
API, imports and the CLI all come through these functions). This package and `summaries` are
what other apps may use of planning.

Who may do what (on top of the calendar):
- proposals: anyone who may add/change records in the proposal's location (a village officer in
  their village, a facilitator or planner in their regency);
- recommendations: at village level, in the village; at sub-district level, in the sub-district;
  at agency and Bappeda level, in the regency/city;
- coding, decisions, work plans, the calendar and marking suggestions wrong: in the
  regency/city. A user who belongs to an agency edits only that agency's work plan unless they
  are a manager there.
"""

from tangguh.planning.services.calendar import delete_stage, set_stage, update_stage
from tangguh.planning.services.common import (
    agency_holds,
    check_agency_holds,
    check_sub_activity,
    clean_code,
    find_sub_activity,
    government_of,
    regency_code,
    sub_activities_by_code,
)
from tangguh.planning.services.decisions import LinkSpec, decide
from tangguh.planning.services.programmes import create_programme, update_programme
from tangguh.planning.services.proposals import (
    PROPOSAL_CONTENT,
    carry_forward,
    code_proposal,
    create_proposal,
    delete_proposal,
    recommend,
    update_proposal,
)
from tangguh.planning.services.suggestions import mark_wrong, withdraw_wrong_mark
from tangguh.planning.services.workplans import (
    ITEM_FIELDS,
    CopyReport,
    copy_forward,
    create_item,
    delete_item,
    finalise,
    update_item,
    work_plan_refusal,
)

__all__ = [
    "ITEM_FIELDS",
    "PROPOSAL_CONTENT",
    "CopyReport",
    "LinkSpec",
    "agency_holds",
    "carry_forward",
    "check_agency_holds",
    "check_sub_activity",
    "clean_code",
    "code_proposal",
    "copy_forward",
    "create_item",
    "create_programme",
    "create_proposal",
    "decide",
    "delete_item",
    "delete_proposal",
    "delete_stage",
    "finalise",
    "find_sub_activity",
    "government_of",
    "mark_wrong",
    "recommend",
    "regency_code",
    "set_stage",
    "sub_activities_by_code",
    "update_item",
    "update_programme",
    "update_proposal",
    "update_stage",
    "withdraw_wrong_mark",
    "work_plan_refusal",
]
