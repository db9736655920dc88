"""A request id on every request, its response and every log line written while it is handled.

With several app servers behind a balancer, one visitor's trouble is spread over many machines' logs: the id
ties them together. Behind a trusted proxy (TRUSTED_PROXIES > 0) the id is the proxy's `X-Request-ID`, so its
access log and ours share it (nginx: `proxy_set_header X-Request-ID $request_id;`, which replaces whatever a
client sent); otherwise, or when the header is missing or malformed, a new one is made. A client cannot choose
the id of its own log lines unless a proxy we trust passed it on.

`RequestIdFilter` (on every log handler, settings.LOGGING) gives each record a `request_id`: the one being
handled in this thread or task, "-" outside a request. gunicorn's access lines are written after the response,
outside it: they take the id from the response's own header.
"""

import contextlib
import contextvars
import logging
import re
import uuid

from django.conf import settings

HEADER = "X-Request-ID"
# What a proxy's id looks like (nginx: 32 hex digits; others: UUIDs, dotted or colon-separated traces). Anything
# else (spaces, quotes, a line break, a novel) could forge or break a log line, and is replaced.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")

_current = contextvars.ContextVar("request_id", default=None)


def current():
    """The id of the request being handled, or None outside one."""
    return _current.get()


@contextlib.contextmanager
def running_as(value):
    """Log as part of request `value` (a task the request queued, run by the worker), or of none if None."""
    token = _current.set(value)
    try:
        yield
    finally:
        _current.reset(token)


def _from_proxy(request):
    if settings.TRUSTED_PROXIES <= 0:
        return None
    value = request.headers.get(HEADER, "")
    return value if _WELL_FORMED.fullmatch(value) else None


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every other part's log lines carry the id, and every response its header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _from_proxy(request) or uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record; never drops one."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current() or _from_access_line(record) or "-"
        return True


def _from_access_line(record):
    # gunicorn's access records carry the response's headers among their atoms, as "{x-request-id}o".
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        value = record.args.get("{x-request-id}o")
        return value if value and value != "-" else None
    return None
