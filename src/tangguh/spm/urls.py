"""Pages of the SPM app."""

from django.urls import path

from tangguh.spm import views
from tangguh.spm.record_pages import QUARTER, RECORD

app_name = "spm"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("reporting/", views.completeness, name="completeness"),
    path("report/", views.report_download, name="report"),
    path("services/", views.record_list, name="record-list"),
    path("services/new/", RECORD.add_view(), name="record-add"),
    path("services/quality-field/", views.quality_field, name="quality-field"),
    path("services/<int:pk>/", views.record_detail, name="record-detail"),
    path("services/<int:pk>/edit/", RECORD.edit_view(), name="record-edit"),
    path("services/<int:pk>/delete/", RECORD.delete_view(), name="record-delete"),
    path("services/<int:parent_pk>/quarters/new/", QUARTER.add_view(), name="quarter-add"),
    path("quarters/<int:pk>/edit/", QUARTER.edit_view(), name="quarter-edit"),
    path("quarters/<int:pk>/delete/", QUARTER.delete_view(), name="quarter-delete"),
    path("import/", views.import_page, name="import"),
    path("import/template/", views.template_download, name="template"),
]
