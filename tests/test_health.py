"""/healthz and /readyz: what a load balancer asks each app server, and what it is told."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from portal.settings import env_cache
from tests.servers import free_port


def test_liveness_answers_ok_without_touching_the_database(client):
    # No `db` fixture: pytest-django makes any database access here an error.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_liveness_answers_while_the_database_is_down(db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("Connection refused")
    ):
        response = Client(raise_request_exception=False).get("/healthz")

    assert response.status_code == 200


def test_readiness_answers_ok_when_every_part_answers(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}}


def test_readiness_names_the_database_when_it_is_down(db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("Connection refused")
    ):
        response = Client(raise_request_exception=False).get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "failed", "cache": "ok", "storage": "ok"}
    assert "Connection refused" not in response.content.decode()


def test_readiness_names_the_cache_when_redis_is_down(client, db, settings):
    # The site itself keeps answering without Redis (portal/cache.py); this server is still told apart.
    settings.CACHES = {"default": env_cache("CACHE_URL", f"redis://127.0.0.1:{free_port()}/0")}

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "failed", "checks": {"database": "ok", "cache": "failed", "storage": "ok"}}


def test_readiness_of_a_site_without_a_cache_does_not_wait_for_one(client, db, settings):
    settings.CACHES = {"default": env_cache("CACHE_URL", "dummy://")}

    response = client.get("/readyz")

    assert response.status_code == 200


def test_readiness_names_the_storage_when_the_bucket_cannot_be_reached(client, db):
    with mock.patch("django.core.files.storage.default_storage.exists", side_effect=OSError("no route to host")):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "failed"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_by_the_servers_own_address_over_plain_http_are_answered(db, settings, path):
    """A balancer probes each server by its address and over HTTP: neither ALLOWED_HOSTS nor the HTTPS
    redirect may turn the probe away, or every server would look down."""
    settings.ALLOWED_HOSTS = ["jobs.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get(path, HTTP_HOST="10.0.3.17:8000")

    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_set_no_cookie_read_no_session_and_are_never_cached(client, candidate, path):
    client.force_login(candidate)

    response = client.get(path)

    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "no-store" in response["Cache-Control"]


def test_a_post_to_a_probe_is_refused(client, db):
    response = client.post("/readyz")

    assert response.status_code == 405
