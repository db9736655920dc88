"""What every answer under /api/ gets: CORS on the public job board, and JSON where Django would answer HTML.

A URL that matches no operation (404), a method an operation does not take
(405) or an error outside an operation would otherwise be Django's HTML page:
an integration gets a problem document instead.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse

from . import problems

logger = logging.getLogger(__name__)

# The public operations (api/public.py), by URL name: open to any origin for GET.
PUBLIC = {"postings", "posting", "roles", "role", "openapi-json"}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("api:v1:api-root")
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        response = self.get_response(request)
        match = request.resolver_match
        public = match is not None and match.namespace == "api:v1" and match.url_name in PUBLIC
        if public and request.method == "OPTIONS":
            response = _preflight()
        elif response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            ("application/json", problems.CONTENT_TYPE)
        ):
            response = _as_problem(response)
        if public:
            for name, value in CORS_HEADERS.items():
                response[name] = value
        return response

    def process_exception(self, request, exception):
        # A 404 or 403 raised outside an operation becomes Django's page first, then a problem (above).
        if isinstance(exception, (Http404, PermissionDenied)):
            return None
        if self.prefix and request.path.startswith(self.prefix):
            logger.exception("API error on %s %s", request.method, request.path)
            return problems.response(500, "server_error", "Something went wrong on our side; it has been logged.")
        return None


def _preflight():
    response = HttpResponse(status=204)
    for name, value in PREFLIGHT_HEADERS.items():
        response[name] = value
    return response


def _as_problem(response):
    status = response.status_code
    code = {404: "not_found", 405: "method_not_allowed"}.get(status, "error")
    detail = {
        404: "No such URL in the API: see /api/docs.",
        405: "This URL does not take that method.",
    }.get(status, problems.TITLES.get(status, "Error") + ".")
    answer = problems.response(status, code, detail)
    if "Allow" in response:
        answer["Allow"] = response["Allow"]
    return answer
