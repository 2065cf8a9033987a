"""Pages of the preparedness app."""

from django.urls import path  # noqa: F401

app_name = "preparedness"
urlpatterns: list = []
