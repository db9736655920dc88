from django.urls import path

app_name = "manage"

# The hiring workspace for managers and recruiters, mounted at /manage/.
urlpatterns = []
