from django.urls import path

from . import views

app_name = "applications"

# Candidate side: apply, the candidate area, profile, resume downloads. Mounted at the site root.
urlpatterns = [
    path("jobs/<int:pk>/apply/", views.apply, name="apply"),
    path("account/applications/", views.application_list, name="application_list"),
    path("account/applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("account/applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("account/profile/", views.profile, name="profile"),
    path("account/profile/resume/", views.profile_resume, name="profile_resume"),
    path("account/my-data/", views.data_export, name="data_export"),
    path("account/delete/", views.delete_account, name="delete_account"),
    # Resumes are never served from MEDIA_ROOT: this view checks who asks (owner or a reviewer of the posting).
    path("resumes/applications/<int:pk>/", views.application_resume, name="application_resume"),
]
