"""Add, change and delete pages of stakeholders, commitments, signatories and follow-up items,
declared once per kind. Signatories and follow-up items are added from their commitment's page
and return to it."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tangguh.coordination import services
from tangguh.coordination.forms import (
    ActionForm,
    AttendanceForm,
    CommitmentForm,
    ForumForm,
    MeetingForm,
    MemberForm,
    SignatoryForm,
    StakeholderForm,
    SupportForm,
)
from tangguh.coordination.models import (
    ActionItem,
    Attendance,
    Commitment,
    Forum,
    ForumMember,
    Meeting,
    Signatory,
    Stakeholder,
    SupportDelivery,
)
from tangguh.core.crud import RecordPages

STAKEHOLDER = RecordPages(
    model=Stakeholder,
    form=StakeholderForm,
    create=services.create_stakeholder,
    update=services.update_stakeholder,
    delete=services.delete_stakeholder,
    add_title=_("Register a stakeholder"),
    edit_title=_("Edit stakeholder"),
    list_url=reverse_lazy("coordination:stakeholder-list"),
    permission_field="region",
)
COMMITMENT = RecordPages(
    model=Commitment,
    form=CommitmentForm,
    create=services.create_commitment,
    update=services.update_commitment,
    delete=services.delete_commitment,
    add_title=_("Record a commitment"),
    edit_title=_("Edit commitment"),
    list_url=reverse_lazy("coordination:commitment-list"),
    permission_field="region",
)
SIGNATORY = RecordPages(
    model=Signatory,
    form=SignatoryForm,
    create=services.create_signatory,
    update=services.update_signatory,
    delete=services.delete_signatory,
    add_title=_("Record a signatory"),
    edit_title=_("Edit signatory"),
    parent_model=Commitment,
    parent_field="commitment",
    anchor="signatories",
)
ACTION = RecordPages(
    model=ActionItem,
    form=ActionForm,
    create=services.create_action,
    update=services.update_action,
    delete=services.delete_action,
    add_title=_("Add a follow-up item"),
    edit_title=_("Edit follow-up item"),
    parent_model=Commitment,
    parent_field="commitment",
    anchor="actions",
    permission_field="region",
)
FORUM = RecordPages(
    model=Forum,
    form=ForumForm,
    create=services.create_forum,
    update=services.update_forum,
    delete=services.delete_forum,
    add_title=_("Record a forum"),
    edit_title=_("Edit forum"),
    list_url=reverse_lazy("coordination:forum-list"),
    permission_field="region",
)
MEMBER = RecordPages(
    model=ForumMember,
    form=MemberForm,
    create=services.create_member,
    update=services.update_member,
    delete=services.delete_member,
    add_title=_("Add a member"),
    edit_title=_("Edit member"),
    parent_model=Forum,
    parent_field="forum",
    anchor="members",
)
MEETING = RecordPages(
    model=Meeting,
    form=MeetingForm,
    create=services.create_meeting,
    update=services.update_meeting,
    delete=services.delete_meeting,
    add_title=_("Record a meeting"),
    edit_title=_("Edit meeting"),
    list_url=reverse_lazy("coordination:meeting-list"),
    permission_field="region",
    prefill=("forum",),
)
ATTENDANCE = RecordPages(
    model=Attendance,
    form=AttendanceForm,
    create=services.create_attendance,
    update=services.update_attendance,
    delete=services.delete_attendance,
    add_title=_("Record attendance"),
    edit_title=_("Edit attendance"),
    parent_model=Meeting,
    parent_field="meeting",
    anchor="attendance",
)
SUPPORT = RecordPages(
    model=SupportDelivery,
    form=SupportForm,
    create=services.create_support,
    update=services.update_support,
    delete=services.delete_support,
    add_title=_("Record support delivered"),
    edit_title=_("Edit support delivered"),
    list_url=reverse_lazy("coordination:support-list"),
    permission_field="region",
    prefill=("region",),
)
