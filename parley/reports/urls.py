from django.urls import path

from parley.reports import api, views

app_name = "reports"

urlpatterns = [
    path("d/<slug:slug>/reports/<int:report_id>/", views.report, name="report"),
    path("d/<slug:slug>/reports/<int:report_id>/report.pdf", views.report_pdf, name="pdf"),
    path("d/<slug:slug>/reports/<int:report_id>/snapshot.json", views.snapshot_json, name="snapshot"),
    path("d/<slug:slug>/reports.atom", views.reports_feed, name="feed"),
]

api_urlpatterns = [
    path("dialogues/<slug:slug>/reports/", api.reports, name="api_reports"),
]
