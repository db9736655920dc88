"""Who is calling: an API key in `Authorization: Bearer <key>`, what it may do, and how often.

Each authenticated operation names the scope it needs (`KeyAuth("postings:write")`).
An unknown or revoked key is 401; a key without the scope is 403; a key over
its requests per minute is 429 with Retry-After, counted in Django's cache like
the site's sign-in limits (accounts/throttle.py).
"""

from ninja.security import HttpBearer

from accounts.throttle import Throttle, client_address

from .models import ApiKey, KeyEvent
from .problems import Problem

Scope = ApiKey.Scope


def key_throttle(key):
    return Throttle("api-key", limit=key.requests_per_minute, window_seconds=60)


class KeyAuth(HttpBearer):
    def __init__(self, scope):
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        # Not ninja's: it logs the whole header (the key) when the scheme is not Bearer.
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token):
        key = ApiKey.objects.for_secret(token)
        if key is None:
            return None
        throttle = key_throttle(key)
        if throttle.hit(key.pk) > key.requests_per_minute:
            wait = throttle.seconds_left(key.pk)
            raise Problem(
                429,
                "rate_limited",
                f"This key may make {key.requests_per_minute} requests a minute. Try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
        key.record_use()
        if not key.has_scope(self.scope):
            raise Problem(403, "insufficient_scope", f"This key does not have the {self.scope} scope.")
        return key


def log_event(request, action, *, application=None, posting=None):
    """Keep a line of what the key did, for the admin's page of the key."""
    address = client_address(request)
    KeyEvent.objects.create(
        key=request.auth, action=action, application=application, posting=posting, address=address[:64]
    )


POSTINGS_READ = KeyAuth(Scope.POSTINGS_READ)
POSTINGS_WRITE = KeyAuth(Scope.POSTINGS_WRITE)
APPLICATIONS_READ = KeyAuth(Scope.APPLICATIONS_READ)
APPLICATIONS_WRITE = KeyAuth(Scope.APPLICATIONS_WRITE)
