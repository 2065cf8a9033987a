"""Pages of the preparedness app: contingency plans, preparedness teams and the overview."""

from django.urls import path
from django.views.generic import RedirectView

from tangguh.preparedness import item_views, views

app_name = "preparedness"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="preparedness:overview"), name="index"),
    path("overview/", views.overview, name="overview"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_edit, name="plan-add"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/delete/", views.plan_delete, name="plan-delete"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/new/", views.team_edit, name="team-add"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team-edit"),
    path("teams/<int:pk>/delete/", views.team_delete, name="team-delete"),
]

# Items of a plan or team: /plans/1/exercises/new/, /exercises/5/edit/, /exercises/5/delete/ ...
for kind, parent, plural in (
    ("exercise", "plans", "exercises"),
    ("training", "teams", "trainings"),
    ("equipment", "teams", "equipment"),
    ("activation", "teams", "activations"),
):
    urlpatterns += [
        path(
            f"{parent}/<int:parent_pk>/{plural}/new/",
            item_views.item_add,
            {"kind": kind},
            name=f"{kind}-add",
        ),
        path(f"{plural}/<int:pk>/edit/", item_views.item_edit, {"kind": kind}, name=f"{kind}-edit"),
        path(
            f"{plural}/<int:pk>/delete/",
            item_views.item_delete,
            {"kind": kind},
            name=f"{kind}-delete",
        ),
    ]
