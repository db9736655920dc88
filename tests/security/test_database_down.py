"""The database out of reach: every page answers a branded 503 with Retry-After, never Django's bare 500."""

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", ["/", "/jobs/", "/jobs/feed/", "/roles/", "/sitemap.xml"])
def test_every_page_answers_a_branded_503_while_the_database_is_down(db, path):
    client = Client(raise_request_exception=False)
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("could not connect to server: Connection refused"),
    ):
        response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "We will be back in a few minutes" in page and "Riverbend Health" in page
    assert "Connection refused" not in page


def test_any_other_failure_answers_a_branded_500(db):
    client = Client(raise_request_exception=False)
    with mock.patch("postings.views.BoardFilterForm", side_effect=RuntimeError("a bug")):
        response = client.get("/jobs/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "Retry-After" not in response


PROBE = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.test import Client
    response = Client(raise_request_exception=False).get("/jobs/", secure=True, HTTP_HOST="jobs.example.org")
    print(json.dumps({"status": response.status_code, "retry": response.get("Retry-After"),
                      "page": response.content.decode()}))
    """
)


def test_in_production_with_postgresql_unreachable_the_board_answers_503(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "probe-" + "k" * 50,
        "ALLOWED_HOSTS": "jobs.example.org",
        "DATABASE_URL": f"postgres://ot:secret@127.0.0.1:{closed}/ot_portal",
        "LOG_LEVEL": "CRITICAL",
        "ALLOW_PER_PROCESS_CACHE": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])

    assert answer["status"] == 503 and answer["retry"] == "30"
    assert "We will be back in a few minutes" in answer["page"]
    assert "secret" not in answer["page"]
