"""Pages of the spreadsheets: proposals import and template, decisions workbook export and import
(included by planning/urls.py under the namespace "planning")."""

from django.urls import path

from tangguh.planning import views_files as views

urlpatterns = [
    path("proposals/import/", views.proposal_import, name="proposal-import"),
    path("proposals/template/", views.proposal_template, name="proposal-template"),
    path("sync/export/", views.sync_export, name="sync-export"),
    path("decisions/import/", views.decision_import, name="decision-import"),
]
