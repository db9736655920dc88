"""With DEBUG on (`make run`), a page that is not found shows the site's own 404 page, as in production.

Django's technical 404 lists every URL pattern, which is not what a demo of
the product should show; its tracebacks for 500s stay, as they help. An
unknown address leaves the request without a resolver match, a view's
Http404 reaches process_exception: both get templates/404.html. Placed after
the CSP middleware, so the page's script nonce is in the header; answers under
/api/ become problem documents in ApiMiddleware as before.
"""

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class SiteNotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and request.resolver_match is None
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
