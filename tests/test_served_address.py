"""`make run PORT=8101`: every absolute link (emails, feeds, sitemap, canonical, JSON-LD) points at :8101.

And the demo (DEBUG on) shows the site's own 404 page, not Django's list of URL patterns.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.served_address import default_site_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["manage.py", "runserver"], {}, "http://127.0.0.1:8000"),
        (["manage.py", "runserver", "127.0.0.1:8101"], {}, "http://127.0.0.1:8101"),
        (["manage.py", "runserver", "8101"], {}, "http://127.0.0.1:8101"),
        (["manage.py", "runserver", "--noreload", "localhost:9000"], {}, "http://localhost:9000"),
        (["manage.py", "runserver", "0.0.0.0:8101"], {}, "http://127.0.0.1:8101"),
        (["manage.py", "runserver", "[::1]:8101"], {}, "http://[::1]:8101"),
        (["gunicorn", "-c", "portal/gunicorn_conf.py"], {"GUNICORN_BIND": "127.0.0.1:8200"}, "http://127.0.0.1:8200"),
        (["manage.py", "send_job_alerts"], {}, "http://127.0.0.1:8000"),
    ],
)
def test_the_default_site_url_is_the_address_served(argv, environ, expected):
    assert default_site_url(argv, environ) == expected


def test_runserver_on_another_port_links_to_that_port():
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    code = "import sys; sys.argv = ['manage.py', 'runserver', '127.0.0.1:8101']; import django; from django.conf import settings; print(settings.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8101", result.stderr


def test_an_explicit_site_url_wins():
    assert default_site_url(["manage.py", "runserver", "8101"], {}) != "https://jobs.example.org"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    code = "import sys; sys.argv = ['manage.py', 'runserver', '8101']; from django.conf import settings; print(settings.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings", "SITE_URL": "https://jobs.example.org/"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "https://jobs.example.org", result.stderr


@pytest.fixture
def demo_debug(settings):
    settings.DEBUG = True


def test_the_demo_shows_the_sites_own_page_for_an_unknown_address(client, db, demo_debug):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Go to the home page" in page
    assert "URLconf" not in page  # Django's technical page lists the URL patterns


def test_the_demo_shows_the_sites_own_page_for_a_missing_object(client, db, demo_debug):
    response = client.get("/jobs/999999/some-slug/")

    assert response.status_code == 404
    assert "Go to the home page" in response.content.decode()
    assert "Raised by" not in response.content.decode()


def test_the_demo_keeps_the_slash_redirect_and_the_apis_problem_documents(client, db, demo_debug):
    assert client.get("/jobs").status_code == 301
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
