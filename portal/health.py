"""/healthz and /readyz, for the load balancer in front of several app servers.

/healthz (liveness) says the process answers; it touches nothing else, so a database outage never gets every
server restarted at once. /readyz (readiness) says this server can do its work: the database answers a query,
the cache takes a write and gives it back, the file storage (the folder or the bucket) answers a look-up, and the
read replica (DATABASE_REPLICA_URL), if there is one, answers a query too. A part
that fails makes it 503, naming the part, so the balancer stops sending this server traffic until it recovers.

Both are answered by HealthCheckMiddleware, first in MIDDLEWARE, before anything else runs: a balancer probes a
server by its own address (so ALLOWED_HOSTS would refuse it) over plain HTTP (so SECURE_SSL_REDIRECT would send it
away), and a probe every few seconds must neither read nor make a session, set a cookie, nor be cached anywhere.
The same views are in the URL configuration so they have names, but requests never get that far.
"""

import json
import logging
import secrets

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from portal.replica import REPLICA

logger = logging.getLogger(__name__)


def _answer(status, body):
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    # Nothing may keep a probe's answer: each must say how the server is now.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def liveness(request):
    """/healthz: the process is up and answering. Nothing else is checked."""
    return _answer(200, {"status": "ok"})


def _query(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    # The Redis backend (portal/cache.py) swallows its errors and answers a miss: a value written and read back
    # is the only proof that the cache works. The key is the process's own, and goes in a few seconds.
    if isinstance(caches["default"], DummyCache):
        return  # CACHE_URL=dummy://: no cache, so nothing to reach
    key, value = f"readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _storage():
    # One look-up (a HEAD request on S3): a missing object is an answer; an unreachable bucket, or one refused
    # to this server's credentials, raises.
    default_storage.exists("readyz-probe")


def _checks():
    checks = {"database": lambda: _query(DEFAULT_DB_ALIAS), "cache": _cache, "storage": _storage}
    if REPLICA in connections:
        # The public pages read from it (portal/replica.py): without it they fail here.
        checks["replica"] = lambda: _query(REPLICA)
    return checks


@require_safe
def readiness(request):
    """/readyz: 200 when every part this server needs answers; 503 naming each part that does not."""
    results = {}
    for name, check in _checks().items():
        try:
            check()
        except Exception as error:
            # A readiness probe must answer, whatever fails: the failure is the answer.
            logger.warning("Readiness check failed: %s (%s)", name, type(error).__name__)
            results[name] = "failed"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return _answer(200 if healthy else 503, {"status": "ok" if healthy else "failed", "checks": results})


PATHS = {"/healthz": liveness, "/readyz": readiness}


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before host checks, HTTPS redirects, sessions or cookies (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = PATHS.get(request.path_info)
        return view(request) if view is not None else self.get_response(request)
