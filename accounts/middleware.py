"""Site-wide rules about signed-in people, applied to every response."""

from django.utils.cache import patch_cache_control


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
