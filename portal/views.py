from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from postings import caching
from postings.models import CareSetting, JobPosting
from roles.models import RoleLevel

from .sitemaps import sitemap_document


@require_GET
def home(request):
    open_postings = JobPosting.objects.open()
    by_setting = open_postings.count_by("setting")
    settings_with_openings = [
        (setting, by_setting[setting.pk]) for setting in CareSetting.objects.all() if by_setting.get(setting.pk)
    ]
    return render(
        request,
        "portal/home.html",
        {
            "levels": RoleLevel.objects.on_ladder(),
            "open_count": sum(by_setting.values()),
            "settings_with_openings": settings_with_openings,
            "latest": open_postings.with_card_data().newest_first()[:3],
        },
    )


@require_GET
def robots_txt(request):
    return render(
        request, "robots.txt", {"sitemap_url": settings.SITE_URL + reverse("sitemap")}, content_type="text/plain"
    )


@require_safe
def sitemap_xml(request):
    """/sitemap.xml, cached until the board changes: crawlers fetch it often and it lists every open posting."""
    content = caching.cached("sitemap", lambda: sitemap_document().encode())
    return HttpResponse(content, content_type="application/xml")
