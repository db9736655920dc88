from django.conf import settings

from portal.links import fixed_url


def site(request):
    # home_url, privacy_url, terms_url: the apps' own pages (sign-up, the apply form's consent) link to the
    # portal's pages through these, naming no page of the portal themselves.
    return {
        "organization": settings.HIRING_ORGANIZATION,
        "home_url": fixed_url(settings.LOGOUT_REDIRECT_URL),
        "privacy_url": fixed_url("portal:privacy"),
        "terms_url": fixed_url("portal:terms"),
    }
