from django.urls import path

from . import reference_views, views

app_name = "verification"

# Mounted at the site's root: the reviewers' pages sit beside the hiring workspace under /manage/.
urlpatterns = [
    path("manage/applications/<int:pk>/verification/", views.application_verification, name="application_verification"),
    path("manage/applications/<int:pk>/verification/override/", views.override, name="override"),
    path("manage/verification/evidence/<int:pk>/", views.evidence, name="evidence"),
    # The candidate's referees (their account area) and the referee's form (a signed link, no account).
    path("account/references/", reference_views.reference_list, name="reference_list"),
    path("account/references/<int:pk>/resend/", reference_views.reference_resend, name="reference_resend"),
    path("account/references/<int:pk>/remove/", reference_views.reference_remove, name="reference_remove"),
    path("references/<str:token>/", reference_views.reference_answer, name="reference_answer"),
]
