"""Pages of the planning calendar, partner programmes and work plans (included by planning/urls.py
under the namespace "planning")."""

from django.urls import path

from tangguh.planning import views_workplans as views

urlpatterns = [
    path("calendar/", views.calendar_index, name="calendar"),
    path("calendar/<str:region>/<int:year>/", views.calendar, name="calendar"),
    path(
        "calendar/<str:region>/<int:year>/<str:stage>/delete/",
        views.calendar_stage_delete,
        name="calendar-stage-delete",
    ),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/new/", views.programme_edit, name="programme-add"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("workplans/", views.workplans, name="workplans"),
    path("workplans/<int:agency>/<int:year>/", views.workplan, name="workplan"),
    path("workplans/<int:agency>/<int:year>/new/", views.item_add, name="item-add"),
    path("workplans/<int:agency>/<int:year>/copy/", views.workplan_copy, name="workplan-copy"),
    path(
        "workplans/<int:agency>/<int:year>/finalise/",
        views.workplan_finalise,
        name="workplan-finalise",
    ),
    path(
        "workplans/<int:agency>/<int:year>/sub-activities/",
        views.sub_activity_search,
        name="workplan-sub-activities",
    ),
    path(
        "workplans/<int:agency>/<int:year>/sub-activity/",
        views.sub_activity_choose,
        name="workplan-sub-activity",
    ),
    path("workplans/<int:agency>/locations/", views.location_search, name="workplan-locations"),
    path("workplans/<int:agency>/location/", views.location_choose, name="workplan-location"),
    path("workplan-items/<int:pk>/", views.item_detail, name="item-detail"),
    path("workplan-items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("workplan-items/<int:pk>/delete/", views.item_delete, name="item-delete"),
]
