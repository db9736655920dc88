"""What a request may send, and how slowly: checked in-process and against gunicorn run as the README says.

The gunicorn tests start the site with portal/gunicorn_conf.py on a loopback port, with production
settings, and act as hostile clients would: bodies far over the limit, headers with no body,
uploads that stall half-way, and a reset link whose token must not reach the access log.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client

from tests.servers import free_port, start_gunicorn

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def test_a_body_over_the_limit_is_refused_from_its_content_length_without_being_read(db):
    client = Client(raise_request_exception=True)

    # Only one byte is there to read: had anything tried to read the 40 MB announced, the test client would raise.
    response = client.generic(
        "POST", "/account/profile/", b"x", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(40 * MB)
    )

    assert response.status_code == 413
    assert "too large to send" in response.content.decode()


def test_a_resume_at_the_limit_still_fits(client, candidate, settings):
    assert settings.MAX_REQUEST_BYTES >= 5 * MB + 64 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= settings.MAX_REQUEST_BYTES  # never spooled to a temporary file


def test_a_content_length_that_is_not_a_number_is_a_bad_request(db):
    response = Client().generic("POST", "/account/sign-in/", b"", CONTENT_LENGTH="lots")

    assert response.status_code == 400


# --- Under gunicorn -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """The site under gunicorn with its shipped config (4 threads a worker), 2 workers, 2 s for a body to arrive."""
    base = tmp_path_factory.mktemp("gunicorn")
    spool = base / "tmp"
    spool.mkdir()
    port = free_port()
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))},
        "DEBUG": "0",
        "SECRET_KEY": "gunicorn-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{base / 'db.sqlite3'}",
        "STATIC_ROOT": str(base / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "REQUEST_BODY_SECONDS": "2",
        "TMPDIR": str(spool),
        "LOG_LEVEL": "WARNING",
        "ALLOW_PER_PROCESS_CACHE": "1",
    }
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    server = start_gunicorn(env, base / "access.log")
    yield {"port": port, "log": base / "access.log", "spool": spool}
    server.terminate()
    server.wait(timeout=30)


def _open(port, head):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(head)
    return sock


def _status(sock):
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1]) if data else None


def _get(port, path):
    sock = _open(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    try:
        return _status(sock)
    finally:
        sock.close()


def _post_head(length, content_type="application/x-www-form-urlencoded"):
    return (
        f"POST /account/sign-in/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()


def test_clients_that_send_headers_and_no_body_do_not_hold_the_site(gunicorn):
    # Each worker's first request loads the site (seconds on a busy machine): that is not what is timed here.
    for _ in range(4):
        assert _get(gunicorn["port"], "/robots.txt") == 200
    stalled = [_open(gunicorn["port"], _post_head(1000)) for _ in range(3)]
    try:
        time.sleep(0.3)
        started = time.monotonic()
        assert _get(gunicorn["port"], "/robots.txt") == 200
        assert time.monotonic() - started < 3
        # And each stalled request is given up once its body's time has passed, rather than held.
        for sock in stalled:
            assert _status(sock) in (400, 403)
    finally:
        for sock in stalled:
            sock.close()


def test_a_40_mb_upload_is_refused_at_once_from_its_headers(gunicorn):
    sock = _open(gunicorn["port"], _post_head(40 * MB, "multipart/form-data; boundary=x"))
    try:
        started = time.monotonic()
        assert _status(sock) == 413
        assert time.monotonic() - started < 2
    finally:
        sock.close()


def test_an_upload_that_stalls_half_way_leaves_no_file_behind(gunicorn):
    body_start = b'--x\r\nContent-Disposition: form-data; name="resume_upload"; filename="cv.pdf"\r\n\r\n'
    sock = _open(gunicorn["port"], _post_head(4 * MB, "multipart/form-data; boundary=x") + body_start)
    try:
        sock.sendall(b"%PDF-1.4 " + b"0" * MB)  # a quarter of it, then nothing
        assert _status(sock) in (400, 403)
    finally:
        sock.close()
    assert list(gunicorn["spool"].iterdir()) == []


def test_a_reset_token_in_a_request_line_never_reaches_the_access_log(gunicorn):
    token = "c9x2kq-0123456789abcdef0123456789abcdef"
    _get(gunicorn["port"], f"/account/password-reset/MQ/{token}/")
    time.sleep(0.5)

    log = gunicorn["log"].read_text()
    assert "/account/password-reset/MQ/[redacted]/" in log
    assert token not in log
