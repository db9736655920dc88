"""The site's URLs plus two reference pages, for `manage.py bench` only (BENCH_URLS=1 or override_settings).

`floor` returns a plain HttpResponse through the full middleware stack: the framework's floor on this
machine, which every page is compared against. `base_html` renders base.html (header, footer, context
processors) with no query: a second reference, showing what the site's frame costs on its own.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


def base_html(request):
    return render(request, "base.html")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/base-html/", base_html, name="bench_base_html"),
    path("", include(settings.SITE_URLCONF)),
]
