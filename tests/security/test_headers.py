"""What a browser is told by the production configuration: read from real responses.

Runs in a subprocess so that portal/settings.py itself is read with DEBUG=0,
as in production, rather than test overrides of it.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from django.test import Client
    from accounts.models import User
    User.objects.create_user("probe@example.com", "a long probe password 2026")
    client = Client(HTTP_HOST="jobs.example.org")
    page = client.get("/account/sign-in/", secure=True)
    plain = client.get("/account/sign-in/")
    signed_in = client.post(
        "/account/sign-in/",
        {"username": "probe@example.com", "password": "a long probe password 2026"},
        secure=True,
        HTTP_REFERER="https://jobs.example.org/account/sign-in/",
    )
    cookies = {
        name: {key: str(morsel[key]) for key in ("secure", "httponly", "samesite")}
        for name, morsel in list(page.cookies.items()) + list(signed_in.cookies.items())
    }
    print(json.dumps({
        "headers": dict(page.headers),
        "plain_status": plain.status_code,
        "plain_location": plain.headers.get("Location", ""),
        "signed_in_status": signed_in.status_code,
        "cookies": cookies,
    }))
    """
)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    database = tmp_path_factory.mktemp("prod") / "db.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        SECRET_KEY="a-production-secret-key-that-is-long-and-random-0123456789",
        ALLOWED_HOSTS="jobs.example.org",
        DATABASE_URL=f"sqlite:///{database}",
        STATIC_ROOT=str(database.parent / "static"),
        ALLOW_PER_PROCESS_CACHE="1",
    )
    # The manifest storage needs collected files to name them.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_is_enforced_and_remembered(production):
    assert production["plain_status"] == 301
    assert production["plain_location"].startswith("https://")
    hsts = production["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts


def test_the_content_security_policy_is_strict_and_nonce_based(production):
    policy = production["headers"]["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_browsers_are_told_not_to_sniff_frame_or_leak_referrers(production):
    headers = production["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_secure_http_only_and_same_site(production):
    assert production["signed_in_status"] == 302
    cookies = production["cookies"]
    assert {"csrftoken", "sessionid"} <= cookies.keys()
    for name, flags in cookies.items():
        assert flags["secure"] and flags["httponly"] and flags["samesite"] == "Lax", name
