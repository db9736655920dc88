from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse


def site(request):
    # home_url, privacy_url, terms_url: the apps' own pages (sign-up, the apply form's consent) link to the
    # portal's pages through these, naming no page of the portal themselves.
    return {
        "organization": settings.HIRING_ORGANIZATION,
        "home_url": resolve_url(settings.LOGOUT_REDIRECT_URL),
        "privacy_url": reverse("portal:privacy"),
        "terms_url": reverse("portal:terms"),
    }
