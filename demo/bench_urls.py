"""The site's URLs plus a bare page, for `manage.py bench` only (BENCH_URLS=1 or override_settings).

The bare page renders base.html and runs no query: the framework's floor on
this machine, so every page's timing can be read as a ratio to it.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import include, path


def bare(request):
    return render(request, "base.html")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include(settings.SITE_URLCONF)),
]
