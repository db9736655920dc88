"""The Indeed feed and the pipeline CSV through a real PgBouncer in transaction mode (DISABLE_SERVER_SIDE_CURSORS).

Both stream their rows with QuerySet.iterator(). On PostgreSQL that is a server-side cursor, which lives in one
server connection; in transaction mode PgBouncer hands a client whichever server connection is free for each
transaction. So the tests read the first row, let another client take that server connection (a transaction held
open in another thread, as a busy site's next request would), then read on: the next FETCH goes to the other
server connection, where the cursor does not exist. With DISABLE_SERVER_SIDE_CURSORS=1 the rows come in one
client-side fetch and both answer whole.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.servers import ROOT

pytestmark = pytest.mark.infra

PROBE = textwrap.dedent(
    """
    import json, threading
    import django
    django.setup()
    from django.db import connection, transaction
    from django.db.models.query import QuerySet
    from django.test import Client
    from django.urls import reverse
    from accounts import two_factor
    from roles.catalog import load_catalog
    from tests.factories import ApplicationFactory, PublishedPostingFactory, UserFactory, enrolled_authenticator

    # Another client's transaction begins between the first fetch of rows and the next: as on a busy site, it
    # takes the server connection the first fetch used. Rows come one a fetch, so a few rows make several fetches.
    taken, release = threading.Event(), threading.Event()

    def another_client():
        with transaction.atomic():
            connection.cursor().execute("SELECT 1")
            taken.set()
            release.wait(timeout=20)
        connection.close()

    streamed_by_the_site = QuerySet.iterator

    def iterator_with_another_client_between_fetches(self, chunk_size=None):
        for number, row in enumerate(streamed_by_the_site(self, chunk_size=1)):
            if number == 0:
                threading.Thread(target=another_client).start()
                taken.wait(timeout=20)
            yield row

    QuerySet.iterator = iterator_with_another_client_between_fetches

    def read(client, url, row_marker):
        taken.clear()
        release.clear()
        try:
            body = b"".join(client.get(url).streaming_content)
        except Exception as error:
            return {"outcome": f"{type(error).__name__}: {str(error).splitlines()[0]}"}
        finally:
            release.set()
        return {"outcome": "ok", "rows": body.count(row_marker)}

    load_catalog()
    posting = PublishedPostingFactory(title="Hand Therapy OT Bayview")
    PublishedPostingFactory.create_batch(2)
    for _ in range(3):
        ApplicationFactory(posting=posting)
    admin = UserFactory(is_staff=True, is_superuser=True)
    reviewer = Client(HTTP_HOST="localhost")
    reviewer.force_login(admin)
    session = reviewer.session
    two_factor.mark_verified(session, enrolled_authenticator(admin))
    session.save()

    feed = read(Client(HTTP_HOST="localhost"), "/jobs/feed/indeed.xml", b"<job>")
    csv = read(reviewer, reverse("hiring:pipeline_csv", args=[posting.pk]), b"@example")
    print(json.dumps({"feed": feed, "csv": csv, "open_postings": posting.__class__.objects.open().count()}))
    """
)


def _probe(pgbouncer, tmp_path, disable_server_side_cursors):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DATABASE_URL=pgbouncer(f"cursors_{'off' if disable_server_side_cursors == '1' else 'on'}"),
        DISABLE_SERVER_SIDE_CURSORS=disable_server_side_cursors,
        CONN_MAX_AGE="0",
        CACHE_URL="dummy://",
        MEDIA_ROOT=str(tmp_path),
        DJANGO_SETTINGS_MODULE="portal.settings",
        LOG_LEVEL="CRITICAL",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_server_side_cursors_off_the_feed_and_the_csv_stream_whole_through_pgbouncer(pgbouncer, tmp_path):
    seen = _probe(pgbouncer, tmp_path, "1")

    assert seen["feed"] == {"outcome": "ok", "rows": seen["open_postings"]}
    assert seen["csv"] == {"outcome": "ok", "rows": 3}


def test_with_server_side_cursors_on_pgbouncer_loses_the_cursor(pgbouncer, tmp_path):
    """Why the setting exists: the same reads fail the way the issue saw them (InvalidCursorName)."""
    seen = _probe(pgbouncer, tmp_path, "0")

    assert "does not exist" in seen["feed"]["outcome"], seen
    assert "does not exist" in seen["csv"]["outcome"], seen
