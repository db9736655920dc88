"""Two app servers, as a load balancer would spread people over them: each gunicorn with a disk of its own, both on
one PostgreSQL, one Redis and one S3 bucket (moto's server on loopback). Whatever a person does through one server
holds on the other: their session, the file they uploaded, an admin's edit on the board, the failed sign-ins
counted against their account.

The servers read the test database, so these tests commit for real (transactional) and run only on PostgreSQL
with a Redis of their own on a loopback port, as .ci/run has them.
"""

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.factories import CandidateFactory, UserFactory, enrolled_authenticator, next_code
from tests.object_storage import REGION, s3_client, s3_endpoint
from tests.servers import free_port, start_gunicorn, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
RESUME = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two servers share one PostgreSQL"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="two servers share one Redis: needs redis-server"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class _Form(HTMLParser):
    """The fields of the page's form `action` holds, with the values a browser would send untouched."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.fields, self._select, self._textarea = action, False, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.action in (attrs.get("action") or "") or (self.action == "" and not self.fields)
        if not self.inside or "name" not in attrs and tag in ("input", "select", "textarea"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") not in ("checkbox", "radio"):
                self.fields.append((attrs["name"], attrs.get("value", "")))
            elif "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None


def form_fields(html, action=""):
    parser = _Form(action)
    parser.feed(html)
    return parser.fields


class Browser:
    """One person's cookies, sent to whichever server the balancer picks (the cookies are `Secure`, and these
    servers speak plain HTTP on loopback, so the jar is kept here rather than by requests)."""

    def __init__(self):
        self.cookies = {}

    def _keep(self, response):
        for hop in [*response.history, response]:
            self.cookies.update(hop.cookies.get_dict())
        return response

    def _headers(self, server):
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Referer": server}

    def get(self, server, path):
        return self._keep(requests.get(server + path, headers=self._headers(server), timeout=30))

    def post(self, server, path, data, files=None):
        response = requests.post(
            server + path, data=data, files=files, headers=self._headers(server), timeout=30, allow_redirects=False
        )
        self._keep(response)
        if response.is_redirect:
            return self.get(server, response.headers["Location"].removeprefix(server))
        return response

    def submit(self, server, path, changes=(), files=None, action=""):
        """GET the page, then send its form as a browser would, with `changes` typed in."""
        fields = [(k, v) for k, v in form_fields(self.get(server, path).text, action) if k not in dict(changes)]
        return self.post(server, path, [*fields, *changes], files=files)

    def sign_in(self, server, user, password=PASSWORD):
        response = self.submit(server, "/account/sign-in/", [("username", user.email), ("password", password)])
        if "/account/sign-in/code/" in response.url:
            code = next_code(enrolled_authenticator(user))
            response = self.submit(server, "/account/sign-in/code/", [("code", code)])
        return response


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    """Servers A and B: the site under gunicorn with production settings, each with its own MEDIA_ROOT."""
    bucket = f"ot-portal-two-servers-{os.getpid()}-{free_port()}"
    s3_client().create_bucket(Bucket=bucket)
    database = connection.settings_dict
    base = tmp_path_factory.mktemp("two-servers")
    redis_port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=base,
        stdout=subprocess.DEVNULL,
    )
    wait_until_listening(redis_port, redis, os.devnull)
    shared = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))},
        "DEBUG": "0",
        "SECRET_KEY": "two-servers-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "STORAGE_URL": f"s3://{bucket}/private",
        "AWS_S3_ENDPOINT_URL": s3_endpoint(),
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "STATIC_ROOT": str(base / "static"),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=shared, check=True
    )
    servers, addresses = [], {}
    for name in ("a", "b"):
        port = free_port()
        media = base / f"media-{name}"
        media.mkdir()
        env = {**shared, "GUNICORN_BIND": f"127.0.0.1:{port}", "MEDIA_ROOT": str(media)}
        servers.append(start_gunicorn(env, base / f"{name}.log"))
        addresses[name] = f"http://127.0.0.1:{port}"
    yield {**addresses, "bucket": bucket, "media": [base / "media-a", base / "media-b"], "redis": redis_port}
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=30)
    redis.terminate()
    redis.wait(timeout=30)


@pytest.fixture
def two_servers(servers, settings):
    """The servers, with an empty cache and passwords hashed as they check them (not with the suite's fast MD5)."""
    import redis
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    redis.Redis(port=servers["redis"]).flushall()
    return servers


def test_a_session_and_a_resume_made_on_one_server_serve_from_the_other(two_servers):
    a, b = two_servers["a"], two_servers["b"]
    candidate = CandidateFactory()
    person = Browser()
    assert person.sign_in(a, candidate).status_code == 200

    saved = person.submit(a, "/account/profile/", files={"resume_upload": ("resume.pdf", RESUME, "application/pdf")})

    assert saved.status_code == 200 and "Your profile is saved" in saved.text, saved.text[:2000]
    download = person.get(b, "/account/profile/resume/")
    assert download.status_code == 200 and download.content == RESUME
    stored = s3_client().list_objects_v2(Bucket=two_servers["bucket"])["Contents"]
    assert len(stored) == 1
    assert not any(any(path.iterdir()) for path in two_servers["media"]), "a server kept the upload on its own disk"


def test_an_admin_closing_a_posting_on_one_server_takes_it_off_the_others_board_at_once(two_servers, catalog, posting):
    a, b = two_servers["a"], two_servers["b"]
    visitor = Browser()
    assert posting.display_title in visitor.get(b, "/jobs/").text  # now in B's cache (Redis)
    admin = UserFactory(is_staff=True, is_superuser=True)
    enrolled_authenticator(admin)
    staff = Browser()
    staff.sign_in(a, admin)

    token = dict(form_fields(staff.get(a, "/admin/postings/jobposting/").text, "")).get("csrfmiddlewaretoken")
    closed = staff.post(
        a,
        "/admin/postings/jobposting/",
        {
            "csrfmiddlewaretoken": token,
            "action": "close_as_filled",
            "_selected_action": str(posting.pk),
            "index": "0",
        },
    )

    assert closed.status_code == 200
    posting.refresh_from_db()
    assert posting.status == posting.Status.CLOSED
    assert posting.display_title not in visitor.get(b, "/jobs/").text


def test_failed_sign_ins_count_across_both_servers(two_servers):
    a, b = two_servers["a"], two_servers["b"]
    candidate = CandidateFactory()
    guesser = Browser()
    for attempt in range(5):
        refused = guesser.sign_in((a, b)[attempt % 2], candidate, password=f"guess number {attempt}")
        assert "Too many attempts" not in refused.text

    blocked = Browser().sign_in(b, candidate)

    assert "Too many attempts" in blocked.text
    assert "/account/sign-in/" in blocked.url
