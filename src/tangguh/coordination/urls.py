"""Pages of coordination: stakeholders, commitments, follow-up items."""

from django.urls import path
from django.views.generic import RedirectView

from tangguh.coordination import views
from tangguh.coordination.record_pages import (
    ACTION,
    ATTENDANCE,
    COMMITMENT,
    FORUM,
    MEETING,
    MEMBER,
    SIGNATORY,
    STAKEHOLDER,
    SUPPORT,
)

app_name = "coordination"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="coordination:commitment-list"), name="index"),
    path("home/", views.home_section, name="home-section"),
    path("workspace/", views.workspace_table, name="workspace"),
    path("workspace/<str:code>/", views.workspace_region, name="workspace-region"),
    path("stakeholders/", views.stakeholder_list, name="stakeholder-list"),
    path("stakeholders/new/", STAKEHOLDER.add_view(), name="stakeholder-add"),
    path("stakeholders/<int:pk>/", views.stakeholder_detail, name="stakeholder-detail"),
    path("stakeholders/<int:pk>/edit/", STAKEHOLDER.edit_view(), name="stakeholder-edit"),
    path("stakeholders/<int:pk>/delete/", STAKEHOLDER.delete_view(), name="stakeholder-delete"),
    path("commitments/", views.commitment_list, name="commitment-list"),
    path("commitments/new/", COMMITMENT.add_view(), name="commitment-add"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("commitments/<int:pk>/edit/", COMMITMENT.edit_view(), name="commitment-edit"),
    path("commitments/<int:pk>/delete/", COMMITMENT.delete_view(), name="commitment-delete"),
    path(
        "commitments/<int:parent_pk>/signatories/new/",
        SIGNATORY.add_view(),
        name="signatory-add",
    ),
    path("signatories/<int:pk>/edit/", SIGNATORY.edit_view(), name="signatory-edit"),
    path("signatories/<int:pk>/delete/", SIGNATORY.delete_view(), name="signatory-delete"),
    path("commitments/<int:parent_pk>/actions/new/", ACTION.add_view(), name="action-add"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/upload/", views.action_upload, name="action-upload"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", ACTION.edit_view(), name="action-edit"),
    path("actions/<int:pk>/delete/", ACTION.delete_view(), name="action-delete"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action-progress"),
    path("forums/", views.forum_list, name="forum-list"),
    path("forums/new/", FORUM.add_view(), name="forum-add"),
    path("forums/<int:pk>/", views.forum_detail, name="forum-detail"),
    path("forums/<int:pk>/edit/", FORUM.edit_view(), name="forum-edit"),
    path("forums/<int:pk>/delete/", FORUM.delete_view(), name="forum-delete"),
    path("forums/<int:parent_pk>/members/new/", MEMBER.add_view(), name="member-add"),
    path("members/<int:pk>/edit/", MEMBER.edit_view(), name="member-edit"),
    path("members/<int:pk>/delete/", MEMBER.delete_view(), name="member-delete"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", MEETING.add_view(), name="meeting-add"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", MEETING.edit_view(), name="meeting-edit"),
    path("meetings/<int:pk>/delete/", MEETING.delete_view(), name="meeting-delete"),
    path("meetings/<int:parent_pk>/attendance/new/", ATTENDANCE.add_view(), name="attendance-add"),
    path("attendance/<int:pk>/edit/", ATTENDANCE.edit_view(), name="attendance-edit"),
    path("attendance/<int:pk>/delete/", ATTENDANCE.delete_view(), name="attendance-delete"),
    path("support/", views.support_list, name="support-list"),
    path("support/new/", SUPPORT.add_view(), name="support-add"),
    path("support/<int:pk>/", views.support_detail, name="support-detail"),
    path("support/<int:pk>/edit/", SUPPORT.edit_view(), name="support-edit"),
    path("support/<int:pk>/delete/", SUPPORT.delete_view(), name="support-delete"),
    path(
        "regions/<str:code>/support/", views.village_support_section, name="village-support-section"
    ),
]
