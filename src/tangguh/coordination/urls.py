"""Pages of coordination: stakeholders, commitments, follow-up items."""

from django.urls import path
from django.views.generic import RedirectView

from tangguh.coordination import views
from tangguh.coordination.record_pages import ACTION, COMMITMENT, SIGNATORY, STAKEHOLDER

app_name = "coordination"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="coordination:commitment-list"), name="index"),
    path("home/", views.home_section, name="home-section"),
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
]
