"""Faults on PostgreSQL: many submits at once, and the database dropping every connection."""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from applications.models import Application
from tests.applications.apply_helpers import submit_at_once

pytestmark = pytest.mark.postgres_only

SUBMITS = 20


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Racing connections and server-side disconnects need PostgreSQL.")


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_submits_store_one_application_and_answer_each_sensibly(posting, candidate, monkeypatch):
    responses = submit_at_once(posting, candidate, SUBMITS, monkeypatch)

    application = Application.objects.get(posting=posting, candidate=candidate)
    # Every one of the twenty lands on the one application: the winner as "submitted", the rest as "already applied".
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, application.get_absolute_url())}
    assert application.answers.count() == posting.requirements.count()


def _serve(path):
    """One request through Django's real WSGI handler, request signals and all (the test client skips them)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, QUERY_STRING="state=TX", REQUEST_METHOD="GET")
    status = []
    body = b"".join(WSGIHandler()(environ, lambda line, headers, exc_info=None: status.append(line)))
    return int(status[0].split()[0]), body.decode()


def _drop_connection(pid):
    """What a database restart does to a worker: the server ends its connection under it."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)


@pytest.mark.django_db(transaction=True)
def test_the_site_keeps_answering_after_the_database_drops_its_connections(posting):
    # Workers keep their connection between requests (CONN_MAX_AGE), which is when a restart bites;
    # the health check at the start of each request notices a dead one and reconnects.
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    board = reverse("postings:board")
    assert _serve(board)[0] == 200
    _drop_connection(connection.connection.info.backend_pid)

    status, body = _serve(board)

    assert status == 200
    assert posting.display_title in body
