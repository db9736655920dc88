from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def docs(request):
    """The API's documentation: Swagger UI (vendored by django-ninja) reading /api/v1/openapi.json."""
    return render(request, "api/docs.html", {"openapi_url": reverse("api:v1:openapi-json")})
