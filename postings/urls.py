from django.urls import path

app_name = "postings"

# Filled in by the job-board work: board, posting page, feeds.
urlpatterns = []
