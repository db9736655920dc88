"""Faults on PostgreSQL: many submits at once, and the database dropping every connection."""

import threading

import psycopg
import pytest
from django.db import connection, connections
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, RequestFactory
from django.urls import reverse

from applications import services
from applications.models import Application
from tests.applications.apply_helpers import apply_data

pytestmark = pytest.mark.postgres_only

SUBMITS = 20


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Racing connections and server-side disconnects need PostgreSQL.")


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_submits_store_one_application_and_answer_each_sensibly(posting, candidate, monkeypatch):
    # Every request passes the "already applied?" check before any inserts: the barrier holds each
    # inside its transaction until all twenty have got that far.
    barrier = threading.Barrier(SUBMITS, timeout=60)
    real_screening = services.screening

    def wait_for_the_others(**kwargs):
        barrier.wait()
        return real_screening(**kwargs)

    monkeypatch.setattr(services, "screening", wait_for_the_others)
    url = reverse("applications:apply", args=[posting.pk])
    responses, errors = [], []

    def submit():
        try:
            browser = Client()
            browser.force_login(candidate)
            responses.append(browser.post(url, apply_data(posting)))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(SUBMITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    application = Application.objects.get(posting=posting, candidate=candidate)
    assert len(responses) == SUBMITS
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
