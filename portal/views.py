import sys
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import context_processors
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from postings import caching
from postings.models import CareSetting, JobPosting
from roles.models import RoleLevel

from . import context_processors as site_context
from .sitemaps import sitemap_document

# Seconds a visitor (or a crawler) is asked to wait while the database is out of reach.
RETRY_AFTER_SECONDS = 30


@require_safe
def site_page(request, name):
    """Privacy, terms, accessibility and contact: what the site does with people's data and how to reach us."""
    context = {
        "contact_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        "retention_days": settings.RETENTION_DAYS,
    }
    return render(request, f"portal/{name}.html", context)


@require_GET
def home(request):
    """The front door: open positions by care setting and the newest three, cached with the board they count."""
    return render(
        request,
        "portal/home.html",
        {"levels": RoleLevel.objects.on_ladder(), **caching.cached("home-openings", _home_openings)},
    )


def _home_openings():
    open_postings = JobPosting.objects.open()
    by_setting = open_postings.count_by("setting")
    return {
        "open_count": sum(by_setting.values()),
        "settings_with_openings": [
            (setting, by_setting[setting.pk]) for setting in CareSetting.objects.all() if by_setting.get(setting.pk)
        ],
        "latest": list(open_postings.with_card_data().newest_first()[:3]),
    }


@require_GET
@login_required
def signed_in(request):
    """Where a sign-in lands without a `next`: each person where they work (LOGIN_REDIRECT_URL).

    Here, not in accounts, because it names the pages of apps above accounts.
    """
    user = request.user
    if user.is_reviewer:
        return redirect("hiring:dashboard")
    if user.is_staff:
        return redirect("admin:index")
    return redirect("applications:application_list")


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


def server_error(request):
    """handler500: a branded page; 503 with Retry-After when the database is out of reach.

    Rendered without the request's context processors: those read the session
    and the user, which live in the database that may be what failed.
    """
    error = sys.exc_info()[1]
    context = {
        **site_context.site(request),
        **context_processors.csp(request),
        "request_path": request.path if request.path.startswith("/") else "/",
    }
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(_error_page("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(_error_page("500.html", context))


def _error_page(template_name, context):
    """The page, or its words in plain HTML should the page itself fail (a missing static file, say)."""
    try:
        return render_to_string(template_name, context)
    except Exception:
        name = settings.HIRING_ORGANIZATION["name"]
        return (
            f"<!doctype html><html lang='en'><title>{name} OT Careers</title>"
            "<h1>We will be back in a few minutes</h1><p>Please try again in a minute or two.</p></html>"
        )
