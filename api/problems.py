"""Errors as RFC 9457 problem details (application/problem+json), for every failure the API can answer.

Views raise Problem (or a domain error that a handler here turns into one);
ninja's own errors (a malformed body, a missing parameter, a wrong type) and
Django's 404 are turned into the same shape, so an integration never gets an
HTML page. `type` points at the problem's section of the API documentation.
"""

import logging

from django.http import Http404, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Authentication needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    410: "Gone",
    422: "Invalid input",
    429: "Too many requests",
    500: "Server error",
}


class FieldError(Schema):
    name: str
    detail: str
    code: str


class ProblemSchema(Schema):
    """An RFC 9457 problem: `type`, `title`, `status`, `detail`, with `code` and field `errors` as extensions."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] = []


class Problem(Exception):
    def __init__(self, status, code, detail, *, errors=None, headers=None):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.errors = errors or []
        self.headers = headers or {}


def response(status, code, detail, errors=(), headers=None):
    body = {
        "type": f"/api/docs#problem-{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        "errors": list(errors),
    }
    answer = JsonResponse(body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer


def form_errors(form):
    """A Django form's errors as problem field errors: each field's messages with their codes."""
    return [
        {"name": name if name != "__all__" else "", "detail": " ".join(error.messages), "code": error.code or "invalid"}
        for name, errors in form.errors.as_data().items()
        for error in errors
    ]


def invalid(form, detail="Some fields were not accepted: see errors."):
    return Problem(422, "invalid", detail, errors=form_errors(form))


def not_found(what="No such object."):
    return Problem(404, "not_found", what)


def install(api):
    """Every error the API can meet, as a problem."""

    @api.exception_handler(Problem)
    def on_problem(request, error):
        return response(error.status, error.code, error.detail, error.errors, error.headers)

    @api.exception_handler(NinjaValidationError)
    def on_validation(request, error):
        errors = [
            {
                "name": ".".join(str(part) for part in item.get("loc", ())[1:]) or str(item.get("loc", [""])[0]),
                "detail": item.get("msg", "Invalid value."),
                "code": item.get("type", "invalid"),
            }
            for item in error.errors
        ]
        return response(422, "invalid", "The request was not accepted: see errors.", errors)

    @api.exception_handler(AuthenticationError)
    def on_authentication(request, error):
        return response(
            401,
            "unauthenticated",
            "Send a valid, unrevoked API key: Authorization: Bearer <key>.",
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, error):
        # ninja raises these for bodies it cannot parse (400) among others.
        return response(error.status_code, "bad_request" if error.status_code == 400 else "error", str(error))

    @api.exception_handler(Http404)
    def on_404(request, error):
        return response(404, "not_found", "No such object.")

    @api.exception_handler(Exception)
    def on_anything_else(request, error):
        logger.exception("API error on %s %s", request.method, request.path)
        return response(500, "server_error", "Something went wrong on our side; it has been logged.")
