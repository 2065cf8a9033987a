"""Pages of the poverty module."""

from django.urls import path

from tangguh.poverty import views

app_name = "poverty"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
