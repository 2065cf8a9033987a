"""Pages of the risk app."""

from django.urls import path  # noqa: F401

app_name = "risk"
urlpatterns: list = []
