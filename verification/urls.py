from django.urls import path

from . import views

app_name = "verification"

# Mounted at the site's root: the reviewers' pages sit beside the hiring workspace under /manage/.
urlpatterns = [
    path("manage/applications/<int:pk>/verification/", views.application_verification, name="application_verification"),
    path("manage/applications/<int:pk>/verification/override/", views.override, name="override"),
    path("manage/verification/evidence/<int:pk>/", views.evidence, name="evidence"),
]
