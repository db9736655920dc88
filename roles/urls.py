from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("", views.role_list, name="role_list"),
    path("<slug:slug>/", views.role_detail, name="role_detail"),
]
