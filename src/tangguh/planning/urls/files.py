"""Pages of the spreadsheets: proposals import and template, decisions workbook export and import
(included by planning/urls under the namespace "planning")."""

from django.urls import path

from tangguh.planning.views import files

urlpatterns = [
    path("proposals/import/", files.proposal_import, name="proposal-import"),
    path("proposals/template/", files.proposal_template, name="proposal-template"),
    path("sync/export/", files.sync_export, name="sync-export"),
    path("decisions/import/", files.decision_import, name="decision-import"),
]
