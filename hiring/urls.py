from django.urls import path

from . import interview_views, offer_views, verification_pages, views

app_name = "hiring"

# The hiring workspace for managers and recruiters, mounted at /manage/ (links in emails already sent use it).
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("postings/<int:pk>/", views.pipeline, name="pipeline"),
    path("postings/<int:pk>/applicants.csv", views.pipeline_csv, name="pipeline_csv"),
    path("postings/<int:pk>/move/", views.bulk_move, name="bulk_move"),
    path("postings/<int:pk>/undo-move/", views.undo_bulk_move, name="undo_bulk_move"),
    path("postings/<int:pk>/views/", views.save_view, name="save_view"),
    path("postings/<int:pk>/views/<int:view_pk>/delete/", views.delete_view, name="delete_view"),
    path("postings/<int:pk>/hiring-managers/", views.hiring_managers, name="hiring_managers"),
    path("postings/<int:pk>/close/", views.fill_posting, name="fill_posting"),
    path("reports/", views.reports, name="reports"),
    path("reports/<slug:slug>/", views.report, name="report"),
    path("reports/<slug:slug>.csv", views.report_csv, name="report_csv"),
    path("credentials/expiring/", verification_pages.expiring_credentials, name="expiring_credentials"),
    path("credentials/expiring.csv", verification_pages.expiring_credentials_csv, name="expiring_credentials_csv"),
    path("verification/audit/", verification_pages.verification_audit, name="verification_audit"),
    path("verification/audit.csv", verification_pages.verification_audit_csv, name="verification_audit_csv"),
    path("applications/<int:pk>/", views.applicant, name="applicant"),
    path("applications/<int:pk>/move/", views.move, name="move"),
    path("applications/<int:pk>/resume/", views.resume, name="resume"),
    path("applications/<int:pk>/email-preview/", views.email_preview, name="email_preview"),
    path("applications/<int:pk>/notes/", views.add_note, name="add_note"),
    path("applications/<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("applications/<int:pk>/interviews/new/", interview_views.schedule_interview, name="schedule_interview"),
    path("applications/<int:pk>/offers/new/", offer_views.draft_offer, name="draft_offer"),
    path("offers/<int:pk>/", offer_views.offer, name="offer"),
    path("interviews/<int:pk>/", interview_views.interview, name="interview"),
    path("interviews/<int:pk>/reschedule/", interview_views.reschedule_interview, name="reschedule_interview"),
    path("interviews/<int:pk>/cancel/", interview_views.cancel_interview, name="cancel_interview"),
    path("interviews/<int:pk>/scorecard/", interview_views.interview_scorecard, name="interview_scorecard"),
]
