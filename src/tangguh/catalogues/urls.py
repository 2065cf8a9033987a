"""Catalogue pages."""

from django.urls import path

from tangguh.catalogues import views

app_name = "catalogues"
urlpatterns = [path("", views.hazard_list, name="hazards")]
