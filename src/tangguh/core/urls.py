"""Core pages."""

from django.urls import path

from tangguh.core import views

urlpatterns = [
    path("changes/", views.change_log, name="change-log"),
    path("changes/<str:model>/<str:object_id>/", views.history, name="history"),
    path("jobs/<uuid:job_id>/", views.job_progress, name="job"),
    path("jobs/<uuid:job_id>/confirm/", views.job_confirm, name="job-confirm"),
    path("search/", views.search, name="search"),
]
