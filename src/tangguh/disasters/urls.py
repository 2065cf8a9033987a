"""Disaster pages."""

from django.urls import path

from tangguh.disasters import views

app_name = "disasters"
urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events/new/", views.event_edit, name="event-add"),
    path("events/import/", views.event_import, name="event-import"),
    path("events/import/<uuid:job_id>/map/", views.event_import_map, name="event-import-map"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="event-delete"),
    path("sendai/", views.sendai_page, name="sendai"),
    path("profile/<str:code>/", views.hazard_profile_page, name="profile"),
    path("ranking/", views.ranking_page, name="ranking"),
    path("quality/", views.quality_page, name="quality"),
]
