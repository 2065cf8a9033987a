"""Pages of proposals, decisions, the village's view of its proposals and the sync matrix
(included by planning/urls.py under the namespace "planning")."""

from django.urls import path

from tangguh.planning import views_proposals as views

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_edit, name="proposal-add"),
    path("proposals/location/", views.location_choose, name="proposal-location"),
    path("proposals/location/search/", views.location_search, name="proposal-location-search"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_delete, name="proposal-delete"),
    path(
        "proposals/<int:pk>/suggestions/",
        views.proposal_suggestions,
        name="proposal-suggestions",
    ),
    path("proposals/<int:pk>/code/", views.proposal_code, name="proposal-code"),
    path("proposals/<int:pk>/recommend/", views.proposal_recommend, name="proposal-recommend"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal-decide"),
    path(
        "proposals/<int:pk>/carry-forward/",
        views.proposal_carry_forward,
        name="proposal-carry-forward",
    ),
    path("villages/<str:code>/proposals/", views.village_proposals, name="village-proposals"),
    path(
        "villages/<str:code>/proposals/section/",
        views.village_proposals_section,
        name="village-proposals-section",
    ),
    path("sync/", views.sync_matrix, name="sync"),
]
