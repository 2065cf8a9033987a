"""Pages of the planning calendar, partner programmes and work plans (included by planning/urls
under the namespace "planning")."""

from django.urls import path

from tangguh.planning.views import calendar, programmes, workplans

urlpatterns = [
    path("calendar/", calendar.calendar_index, name="calendar"),
    path("calendar/<str:region>/<int:year>/", calendar.calendar, name="calendar"),
    path(
        "calendar/<str:region>/<int:year>/<str:stage>/delete/",
        calendar.calendar_stage_delete,
        name="calendar-stage-delete",
    ),
    path("programmes/", programmes.programmes, name="programmes"),
    path("programmes/new/", programmes.programme_edit, name="programme-add"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme-edit"),
    path("workplans/", workplans.workplans, name="workplans"),
    path("workplans/<int:agency>/<int:year>/", workplans.workplan, name="workplan"),
    path("workplans/<int:agency>/<int:year>/new/", workplans.item_add, name="item-add"),
    path("workplans/<int:agency>/<int:year>/copy/", workplans.workplan_copy, name="workplan-copy"),
    path(
        "workplans/<int:agency>/<int:year>/finalise/",
        workplans.workplan_finalise,
        name="workplan-finalise",
    ),
    path(
        "workplans/<int:agency>/<int:year>/sub-activities/",
        workplans.sub_activity_search,
        name="workplan-sub-activities",
    ),
    path(
        "workplans/<int:agency>/<int:year>/sub-activity/",
        workplans.sub_activity_choose,
        name="workplan-sub-activity",
    ),
    path("workplans/<int:agency>/locations/", workplans.location_search, name="workplan-locations"),
    path("workplans/<int:agency>/location/", workplans.location_choose, name="workplan-location"),
    path("workplan-items/<int:pk>/", workplans.item_detail, name="item-detail"),
    path("workplan-items/<int:pk>/edit/", workplans.item_edit, name="item-edit"),
    path("workplan-items/<int:pk>/delete/", workplans.item_delete, name="item-delete"),
]
