from django.urls import path

from . import manage_views

app_name = "manage"

# The hiring workspace for managers and recruiters, mounted at /manage/.
urlpatterns = [
    path("", manage_views.dashboard, name="dashboard"),
    path("postings/<int:pk>/", manage_views.pipeline_view, name="pipeline"),
    path("postings/<int:pk>/applicants.csv", manage_views.pipeline_csv, name="pipeline_csv"),
    path("postings/<int:pk>/move/", manage_views.bulk_move, name="bulk_move"),
    path("postings/<int:pk>/hiring-managers/", manage_views.assign_managers, name="assign_managers"),
    path("postings/<int:pk>/close/", manage_views.close_posting, name="close_posting"),
    path("applications/<int:pk>/", manage_views.applicant, name="applicant"),
    path("applications/<int:pk>/move/", manage_views.move, name="move"),
    path("applications/<int:pk>/notes/", manage_views.add_note, name="add_note"),
    path("applications/<int:pk>/scorecard/", manage_views.scorecard, name="scorecard"),
]
