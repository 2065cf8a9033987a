"""Pages of the risk app."""

from django.urls import path

from tangguh.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("map/", views.risk_map, name="map"),
    path("map/<str:code>.geojson", views.map_data, name="map-data"),
    path("regions/<str:code>/", views.region_page, name="region"),
    path("regions/<str:code>/section/", views.region_section, name="region-section"),
    path("profiles/", views.profile_list, name="profile-list"),
    path("profiles/new/", views.profile_edit, name="profile-add"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("profiles/<int:pk>/edit/", views.profile_edit, name="profile-edit"),
    path("profiles/<int:pk>/delete/", views.profile_delete, name="profile-delete"),
    path("climate/", views.climate_list, name="climate-list"),
    path("import/", views.import_page, name="import"),
    path("methods/", views.methods, name="methods"),
]
