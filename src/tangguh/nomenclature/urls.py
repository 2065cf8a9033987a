"""Nomenclature pages: editions, the tree and search per government, items, agencies' bidang."""

from django.urls import path

from tangguh.nomenclature import views

app_name = "nomenclature"
urlpatterns = [
    path("", views.editions, name="editions"),
    path("agencies/<int:pk>/bidang/", views.agency_bidang, name="agency-bidang"),
    path("<slug:edition>/", views.edition, name="edition"),
    path("<slug:edition>/search/", views.search, name="search"),
    path(
        "<slug:edition>/<str:government>/<str:level>/<str:code>/",
        views.item,
        name="item",
    ),
    path(
        "<slug:edition>/<str:government>/<str:level>/<str:code>/children/",
        views.children,
        name="children",
    ),
]
