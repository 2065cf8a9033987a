"""Pages of the poverty module."""

from django.urls import path

from tangguh.poverty import fund_views, programme_views, views
from tangguh.poverty.record_pages import FUND, ITEMS, LIVELIHOOD, PROGRAMME, TARGET

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
    path("funds/", fund_views.fund_list, name="fund-list"),
    path("funds/new/", FUND.add_view(), name="fund-add"),
    path("funds/<int:pk>/", fund_views.fund_detail, name="fund-detail"),
    path("funds/<int:pk>/edit/", FUND.edit_view(), name="fund-edit"),
    path("funds/<int:pk>/delete/", FUND.delete_view(), name="fund-delete"),
    path("monitoring/", fund_views.monitoring, name="monitoring"),
    path("livelihoods/", fund_views.livelihood_list, name="livelihood-list"),
    path("livelihoods/new/", LIVELIHOOD.add_view(), name="livelihood-add"),
    path("livelihoods/<int:pk>/", fund_views.livelihood_detail, name="livelihood-detail"),
    path("livelihoods/<int:pk>/edit/", LIVELIHOOD.edit_view(), name="livelihood-edit"),
    path("livelihoods/<int:pk>/delete/", LIVELIHOOD.delete_view(), name="livelihood-delete"),
]

# Items of a parent: /funds/1/loans/new/, /loans/5/edit/, /loans/5/repayments/new/ …
for kind, parent, plural in (
    ("loan", "funds", "loans"),
    ("repayment", "loans", "repayments"),
    ("output", "programmes", "outputs"),
    ("finding", "programmes", "findings"),
):
    pages = ITEMS[kind]
    urlpatterns += [
        path(f"{parent}/<int:parent_pk>/{plural}/new/", pages.add_view(), name=f"{kind}-add"),
        path(f"{plural}/<int:pk>/edit/", pages.edit_view(), name=f"{kind}-edit"),
        path(f"{plural}/<int:pk>/delete/", pages.delete_view(), name=f"{kind}-delete"),
    ]
