"""Pages of the resilience app."""

from django.urls import path

from tangguh.resilience import views
from tangguh.resilience.record_pages import ASSESSMENT

app_name = "resilience"
urlpatterns = [
    path("", views.assessment_list, name="assessment-list"),
    path("assessments/new/", ASSESSMENT.add_view(), name="assessment-add"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/edit/", ASSESSMENT.edit_view(), name="assessment-edit"),
    path("assessments/<int:pk>/delete/", ASSESSMENT.delete_view(), name="assessment-delete"),
    path("assessments/<int:pk>/answers/", views.save_answers, name="assessment-answers"),
    path("assessments/<int:pk>/<slug:step>/", views.workflow, name="assessment-step"),
    path("assessments/upload/", views.upload_workbook, name="assessment-upload"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("overview/", views.overview, name="overview"),
    path("overview/map.geojson", views.overview_map, name="overview-map"),
    path("loss-report/xlsform.xlsx", views.loss_form, name="loss-form"),
    path("loss-report/submissions/", views.upload_loss_reports, name="loss-reports"),
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("instruments/<slug:code>/", views.instrument_detail, name="instrument-detail"),
    path(
        "instruments/<slug:code>/indicators/<str:key>/edit/",
        views.indicator_edit,
        name="indicator-edit",
    ),
    path("instruments/<slug:code>/template.xlsx", views.workbook_template, name="template"),
    path("instruments/<slug:code>/xlsform.xlsx", views.xlsform, name="xlsform"),
    path("instruments/<slug:code>/submissions/", views.upload_submissions, name="submissions"),
]
