from django.urls import path

from . import views
from .v1 import api

app_name = "api"

# Versioned: an integration written against v1 keeps working when a v2 comes.
urlpatterns = [
    path("docs", views.docs, name="docs"),
    path("v1/", api.urls),
]
