from django.conf import settings
from django.shortcuts import resolve_url


def site(request):
    # home_url: the apps' own pages link home through it, naming no page of the portal themselves.
    return {"organization": settings.HIRING_ORGANIZATION, "home_url": resolve_url(settings.LOGOUT_REDIRECT_URL)}
