"""Which requests may read from the replica (portal/replica.py); tests/infra/test_read_replica.py runs a real one."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from portal.replica import STICKY_COOKIE, ReplicaReadsMiddleware, ReplicaRouter, end_of_request, reads_from_replica

SIGNED_IN = SimpleNamespace(is_authenticated=True)


def _reads_replica(path, method="GET", user=None, cookies=None):
    """Whether the view for `path` would read from the replica, and the response."""
    seen = {}

    def handler(request):
        # What Django's handler does between the middleware and the view.
        middleware.process_view(request, None, (), {})
        seen["replica"] = reads_from_replica()
        return HttpResponse()

    middleware = ReplicaReadsMiddleware(handler)
    request = RequestFactory().generic(method, path)
    request.resolver_match = resolve(path)
    request.user = user or AnonymousUser()
    request.COOKIES.update(cookies or {})
    response = middleware(request)
    # The server sends the response, then says the request is over (request_finished).
    end_of_request()
    return seen["replica"], response


@pytest.mark.parametrize(
    "path", ["/jobs/", "/jobs/feed/", "/jobs/feed/indeed.xml", "/jobs/7/staff-ot/", "/sitemap.xml", "/api/v1/postings"]
)
def test_anonymous_reads_of_the_public_pages_may_come_from_the_replica(path):
    assert _reads_replica(path)[0] is True


@pytest.mark.parametrize("path", ["/alerts/new/", "/account/sign-in/", "/manage/", "/account/profile/"])
def test_every_other_page_reads_the_primary(path):
    assert _reads_replica(path)[0] is False


def test_a_signed_in_person_reads_the_primary_even_on_the_board():
    assert _reads_replica("/jobs/", user=SIGNED_IN)[0] is False


def test_a_form_sent_keeps_the_visitors_reads_on_the_primary_for_a_while(settings):
    settings.REPLICA_STICKY_SECONDS = 12

    replica, response = _reads_replica("/alerts/new/", method="POST")

    assert response.cookies[STICKY_COOKIE]["max-age"] == 12
    assert response.cookies[STICKY_COOKIE]["httponly"]
    assert _reads_replica("/jobs/", cookies={STICKY_COOKIE: "1"})[0] is False


def test_reading_a_page_sets_no_cookie():
    assert not _reads_replica("/jobs/")[1].cookies


def test_outside_a_request_and_for_every_write_the_primary_is_used():
    router = ReplicaRouter()

    assert reads_from_replica() is False
    assert router.db_for_read(None) == "default"
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "postings") is False
