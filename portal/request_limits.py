"""How much, and how slowly, a request may send: refused before the site reads what it cannot use.

- `RequestSizeLimitMiddleware` answers 413 from the Content-Length header
  alone, before anything reads the body: a 40 MB "resume" is never read.
- `BodyDeadline` (wrapped around the WSGI application in wsgi.py) gives a
  request's body a total time to arrive under gunicorn: a client that sends
  headers and then stalls, or trickles, loses its request (400) instead of
  holding a worker thread for as long as it likes.

Uploads are kept in memory up to the same size (FILE_UPLOAD_MAX_MEMORY_SIZE),
so no temporary file is ever written: a worker killed mid-upload leaves
nothing behind on disk.
"""

import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import context_processors as django_context
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string

from . import context_processors


class RequestSizeLimitMiddleware:
    """413 for a body larger than MAX_REQUEST_BYTES, said by its Content-Length; first in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest("The Content-Length header is not a number.")
        if size > settings.MAX_REQUEST_BYTES:
            context = {
                **context_processors.site(request),
                **django_context.csp(request),
                "limit": filesizeformat(settings.MAX_REQUEST_BYTES),
            }
            # Rendered without the session or the user: nothing of the request is read, not even its cookie's session.
            return HttpResponse(render_to_string("413.html", context), status=413)
        return self.get_response(request)


class _DeadlineInput:
    """wsgi.input whose reads fail once the request's time for its body has run out."""

    def __init__(self, stream, sock, deadline):
        self.stream, self.sock, self.deadline = stream, sock, deadline

    def _arm(self):
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("The request body did not arrive in time.")
        self.sock.settimeout(remaining)

    def read(self, *args):
        self._arm()
        return self.stream.read(*args)

    def readline(self, *args):
        self._arm()
        return self.stream.readline(*args)

    def readlines(self, *args):
        self._arm()
        return self.stream.readlines(*args)

    def __iter__(self):
        while line := self.readline():
            yield line


class BodyDeadline:
    """WSGI middleware: under gunicorn, a request body must arrive within `seconds` of the headers."""

    def __init__(self, application, seconds):
        self.application, self.seconds = application, seconds

    def __call__(self, environ, start_response):
        sock = environ.get("gunicorn.socket")
        if sock is None or not self.seconds:
            return self.application(environ, start_response)
        environ["wsgi.input"] = _DeadlineInput(environ["wsgi.input"], sock, time.monotonic() + self.seconds)
        try:
            return self.application(environ, start_response)
        finally:
            sock.settimeout(None)  # gunicorn writes the response, and reads a kept-alive next request, blocking
