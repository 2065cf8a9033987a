"""Pages of the poverty module."""

from django.urls import path

from tangguh.poverty import programme_views, views
from tangguh.poverty.record_pages import PROGRAMME, TARGET

app_name = "poverty"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("map/<str:code>/", views.map_data, name="map-data"),
    path("villages/", views.villages, name="villages"),
    path("households/", views.household_list, name="household-list"),
    path("households/<int:pk>/", views.household_detail, name="household-detail"),
    path("households/<int:pk>/reveal/", views.household_reveal, name="household-reveal"),
    path("import/", views.import_page, name="import"),
    path("targets/", views.target_list, name="target-list"),
    path("targets/new/", TARGET.add_view(), name="target-add"),
    path("targets/<int:pk>/", views.target_detail, name="target-detail"),
    path("targets/<int:pk>/edit/", TARGET.edit_view(), name="target-edit"),
    path("targets/<int:pk>/delete/", TARGET.delete_view(), name="target-delete"),
    path("programmes/", programme_views.programme_list, name="programme-list"),
    path("programmes/new/", PROGRAMME.add_view(), name="programme-add"),
    path("programmes/import/", programme_views.import_page, name="beneficiary-import"),
    path("programmes/<int:pk>/", programme_views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", PROGRAMME.edit_view(), name="programme-edit"),
    path("programmes/<int:pk>/delete/", PROGRAMME.delete_view(), name="programme-delete"),
]
