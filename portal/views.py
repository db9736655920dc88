from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from roles.models import RoleLevel


@require_GET
def home(request):
    levels = RoleLevel.objects.on_ladder().only("title", "short_title", "slug", "ladder_focus", "rank",
                                                "min_years_experience", "max_years_experience")
    return render(request, "portal/home.html", {"levels": levels})


@require_GET
def robots_txt(request):
    return render(
        request, "robots.txt", {"sitemap_url": settings.SITE_URL + reverse("sitemap")}, content_type="text/plain"
    )
