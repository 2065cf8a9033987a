"""Region pages."""

from django.urls import path

from tangguh.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.browser, name="browser"),
    path("search/", views.search, name="search"),
    path("load/", views.load, name="load"),
    path("pick/", views.pick, name="pick"),
    path("chosen/", views.chosen, name="chosen"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/children/", views.children, name="children"),
    path("<str:code>/statistics/", views.statistics_section, name="statistics"),
    path("<str:code>/map.geojson", views.map_data, name="map"),
]
