"""Reads of the public pages from a PostgreSQL read replica (DATABASE_REPLICA_URL), everything else from the primary.

Only what a crawler or an anonymous visitor reads goes to the replica: the board, a posting's page, the feeds, the
sitemap, the level pages, the home page and the API's public job board (PUBLIC_READS). They are most of the
traffic, and a replica a moment behind shows them a moment late, which harms no one. Everything else stays on the
primary: a signed-in person's every page (candidates must see their own application at once, staff their pipeline
as it is), every write, every read inside a transaction (a read that decides a write), and anything outside a
request (cron jobs, the task worker).

Read your writes: a visitor who has just sent a form (any POST, PUT, PATCH or DELETE: an alert made, a sign-out)
gets a cookie for REPLICA_STICKY_SECONDS, and while it lasts their reads stay on the primary too, so what they
did shows on the next page whatever the replica's lag. The cookie says nothing but "recently wrote"; a visitor
who drops it only sees the replica's copy, and one who forges it only reads from the primary.
"""

import contextvars

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
STICKY_COOKIE = "recent_write"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# The URL names whose anonymous reads may come from the replica.
PUBLIC_READS = {
    "portal:home",
    "postings:board",
    "postings:posting_detail",
    "postings:feed_rss",
    "postings:feed_indeed",
    "sitemap",
    "roles:role_list",
    "roles:role_detail",
    "api:v1:postings",
    "api:v1:posting",
    "api:v1:roles",
    "api:v1:role",
}

# True while the request being handled in this thread may read from the replica. Reset at the start and the end of
# each request: the end is when its response has been sent, so a streamed feed reads its rows where it began.
_replica_reads = contextvars.ContextVar("replica_reads", default=False)


def end_of_request(**kwargs):
    _replica_reads.set(False)


request_finished.connect(end_of_request, dispatch_uid="portal.replica.end_of_request")


def reads_from_replica():
    """Whether a read made now may go to the replica."""
    return _replica_reads.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block


class ReplicaRouter:
    """DATABASE_ROUTERS entry, set only when DATABASE_REPLICA_URL is."""

    def db_for_read(self, model, **hints):
        return REPLICA if reads_from_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read from either is the same row.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema by replication; `migrate` never runs on it.
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Decides, per request, whether its reads may go to the replica (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _replica_reads.set(False)
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method in SAFE_METHODS
            and request.resolver_match.view_name in PUBLIC_READS
            and STICKY_COOKIE not in request.COOKIES
            # Read from the primary: the session (if any) is looked up before the replica is allowed.
            and not request.user.is_authenticated
        ):
            _replica_reads.set(True)
