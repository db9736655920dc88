"""A request id on each response and each log line (portal/request_id.py), and JSON log lines (LOG_FORMAT=json)."""

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import time

import pytest

from tests.servers import ROOT, free_port, start_gunicorn

PROXY_ID = "7f3c2a9e4b1d4c8e9a0b1c2d3e4f5a6b"


def test_every_response_carries_a_new_request_id(client, db):
    first, second = client.get("/jobs/"), client.get("/robots.txt")

    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_behind_a_trusted_proxy_its_request_id_is_kept(client, db, settings):
    settings.TRUSTED_PROXIES = 1

    response = client.get("/healthz", HTTP_X_REQUEST_ID=PROXY_ID)

    assert response["X-Request-ID"] == PROXY_ID


def test_without_a_trusted_proxy_a_clients_request_id_is_replaced(client, db, settings):
    settings.TRUSTED_PROXIES = 0

    response = client.get("/healthz", HTTP_X_REQUEST_ID=PROXY_ID)

    assert response["X-Request-ID"] != PROXY_ID


@pytest.mark.parametrize("sent", ["", "short", "a b c d e f g h", 'x" forged="1', "x" * 129, "abcdefgh\nFORGED"])
def test_a_malformed_request_id_is_replaced_even_from_a_trusted_proxy(client, db, settings, sent):
    settings.TRUSTED_PROXIES = 1

    response = client.get("/healthz", HTTP_X_REQUEST_ID=sent)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


# The site's real logging set-up, as LOG_FORMAT=json makes it, in a process of its own.
JSON_LOG_PROBE = textwrap.dedent(
    """
    import django, json
    django.setup()
    from django.test import Client
    # A GET of a POST-only page: Django logs "Method Not Allowed" while handling the request.
    response = Client(HTTP_HOST="localhost").get("/account/sign-out/", HTTP_X_REQUEST_ID=%r)
    print(json.dumps({"status": response.status_code, "id": response["X-Request-ID"]}))
    """
)


def _env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    return {**env, "DJANGO_SETTINGS_MODULE": "portal.settings", "DATABASE_URL": "sqlite:///:memory:", **extra}


def test_with_log_format_json_each_log_line_is_json_with_the_request_id():
    result = subprocess.run(
        [sys.executable, "-c", JSON_LOG_PROBE % PROXY_ID],
        cwd=ROOT,
        env=_env(LOG_FORMAT="json", TRUSTED_PROXIES="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    lines = [json.loads(line) for line in result.stderr.strip().splitlines()]

    assert answer == {"status": 405, "id": PROXY_ID}
    [warning] = [line for line in lines if line["logger"] == "django.request"]
    assert warning["level"] == "WARNING" and warning["request_id"] == PROXY_ID
    assert warning["message"] == "Method Not Allowed (GET): /account/sign-out/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", warning["time"])


def test_gunicorns_access_log_is_json_with_the_request_id_too(tmp_path):
    port = free_port()
    env = _env(LOG_FORMAT="json", TRUSTED_PROXIES="1", GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    log = tmp_path / "gunicorn.log"
    server = start_gunicorn(env, log)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(
                f"GET /healthz HTTP/1.1\r\nHost: 10.0.0.5\r\nX-Request-ID: {PROXY_ID}\r\nConnection: close\r\n\r\n".encode()
            )
            while sock.recv(4096):
                pass
        deadline = time.monotonic() + 10
        while "/healthz" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)

    lines = [json.loads(line) for line in log.read_text().splitlines()]
    [access] = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access["request_id"] == PROXY_ID
    assert '"GET /healthz HTTP/1.1" 200' in access["message"]
    assert all(line["logger"].startswith("gunicorn") for line in lines)
