from django.urls import path

from . import views

app_name = "alerts"

# Mounted at the site root. The links in emails (confirm, unsubscribe) are public: the signed token is the
# credential. The candidate's alerts and saved jobs are in their area, under /account/.
urlpatterns = [
    path("alerts/new/", views.alert_create, name="alert_create"),
    path("alerts/confirm/<str:token>/", views.alert_confirm, name="alert_confirm"),
    path("alerts/unsubscribe/<str:token>/", views.alert_unsubscribe, name="alert_unsubscribe"),
    path("account/alerts/", views.alert_list, name="alert_list"),
    path("account/alerts/<int:pk>/", views.alert_edit, name="alert_edit"),
    path("account/alerts/<int:pk>/delete/", views.alert_delete, name="alert_delete"),
    path("account/saved-jobs/", views.saved_jobs, name="saved_jobs"),
    path("account/saved-jobs/<int:pk>/save/", views.save_job, name="save_job"),
    path("account/saved-jobs/<int:pk>/remove/", views.unsave_job, name="unsave_job"),
]
