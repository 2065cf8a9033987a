"""Pages of the preparedness app: contingency plans, preparedness teams and the overview."""

from django.urls import path
from django.views.generic import RedirectView

from tangguh.preparedness import views
from tangguh.preparedness.record_pages import ITEMS, PLAN, TEAM

app_name = "preparedness"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="preparedness:overview"), name="index"),
    path("overview/", views.overview, name="overview"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", PLAN.add_view(), name="plan-add"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", PLAN.edit_view(), name="plan-edit"),
    path("plans/<int:pk>/delete/", PLAN.delete_view(), name="plan-delete"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/new/", TEAM.add_view(), name="team-add"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("teams/<int:pk>/edit/", TEAM.edit_view(), name="team-edit"),
    path("teams/<int:pk>/delete/", TEAM.delete_view(), name="team-delete"),
]

# Items of a plan or team: /plans/1/exercises/new/, /exercises/5/edit/, /exercises/5/delete/ ...
for kind, parent, plural in (
    ("exercise", "plans", "exercises"),
    ("training", "teams", "trainings"),
    ("equipment", "teams", "equipment"),
    ("activation", "teams", "activations"),
):
    pages = ITEMS[kind]
    urlpatterns += [
        path(f"{parent}/<int:parent_pk>/{plural}/new/", pages.add_view(), name=f"{kind}-add"),
        path(f"{plural}/<int:pk>/edit/", pages.edit_view(), name=f"{kind}-edit"),
        path(f"{plural}/<int:pk>/delete/", pages.delete_view(), name=f"{kind}-delete"),
    ]
