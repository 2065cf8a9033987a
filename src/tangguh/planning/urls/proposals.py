"""Pages of proposals, decisions, the village's view of its proposals and the sync matrix
(included by planning/urls under the namespace "planning")."""

from django.urls import path

from tangguh.planning.views import proposal_page, proposals, suggestions, sync, villages

urlpatterns = [
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("proposals/new/", proposals.proposal_edit, name="proposal-add"),
    path("proposals/location/", proposals.location_choose, name="proposal-location"),
    path("proposals/location/search/", proposals.location_search, name="proposal-location-search"),
    path("proposals/<int:pk>/", proposal_page.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/withdraw/", proposals.proposal_delete, name="proposal-delete"),
    path(
        "proposals/<int:pk>/suggestions/",
        suggestions.proposal_suggestions,
        name="proposal-suggestions",
    ),
    path(
        "proposals/<int:pk>/mark-wrong/",
        suggestions.proposal_mark_wrong,
        name="proposal-mark-wrong",
    ),
    path(
        "proposals/<int:pk>/wrong/<int:mark>/withdraw/",
        suggestions.proposal_withdraw_mark,
        name="proposal-withdraw-mark",
    ),
    path("proposals/<int:pk>/code/", proposal_page.proposal_code, name="proposal-code"),
    path(
        "proposals/<int:pk>/recommend/",
        proposal_page.proposal_recommend,
        name="proposal-recommend",
    ),
    path("proposals/<int:pk>/decide/", proposal_page.proposal_decide, name="proposal-decide"),
    path(
        "proposals/<int:pk>/carry-forward/",
        proposal_page.proposal_carry_forward,
        name="proposal-carry-forward",
    ),
    path("villages/<str:code>/proposals/", villages.village_proposals, name="village-proposals"),
    path(
        "villages/<str:code>/proposals/section/",
        villages.village_proposals_section,
        name="village-proposals-section",
    ),
    path("sync/", sync.sync_matrix, name="sync"),
    path("accuracy/", suggestions.match_accuracy_choose, name="match-accuracy-choose"),
    path("accuracy/<str:code>/", suggestions.match_accuracy, name="match-accuracy"),
]
