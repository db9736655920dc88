from django.urls import path

app_name = "applications"

# Candidate side: apply, the candidate area, profile, resume downloads.
urlpatterns = []
