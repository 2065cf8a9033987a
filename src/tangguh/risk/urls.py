"""Pages of the risk app."""

from django.urls import path

from tangguh.risk import views
from tangguh.risk.record_pages import PROFILE

app_name = "risk"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("map/", views.risk_map, name="map"),
    path("map/<str:code>/shapes.geojson", views.map_shapes, name="map-shapes"),
    path("map/<str:code>/classes.json", views.map_classes, name="map-classes"),
    path("regions/<str:code>/", views.region_page, name="region"),
    path("regions/<str:code>/section/", views.region_section, name="region-section"),
    path("profiles/", views.profile_list, name="profile-list"),
    path("profiles/new/", PROFILE.add_view(), name="profile-add"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("profiles/<int:pk>/edit/", PROFILE.edit_view(), name="profile-edit"),
    path("profiles/<int:pk>/delete/", PROFILE.delete_view(), name="profile-delete"),
    path("climate/", views.climate_list, name="climate-list"),
    path("import/", views.import_page, name="import"),
    path("methods/", views.methods, name="methods"),
]
