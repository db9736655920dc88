"""Site-wide rules about signed-in people, applied to every response."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control

from . import two_factor


class PrivatePagesMiddleware:
    """Every page answered to a signed-in person is theirs alone: no browser, proxy or shared cache may keep it.

    Candidates' profiles and applications, the hiring pipelines, applicant pages
    and the CSV all hold personal data; marking by who asks (rather than page by
    page) leaves no page of theirs out, including ones added later.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class TwoFactorMiddleware:
    """A staff session that was not completed with a second factor is signed out and sent to sign in again.

    Sessions are made with both steps (two_factor.py); this catches the rest:
    sessions from before two-factor sign-in existed, and a candidate made staff
    while signed in. It reads the session only, so it costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff and not two_factor.is_verified(request):
            logout(request)
            messages.info(request, "Staff accounts sign in with a second factor: please sign in again.")
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
