"""Anonymous reads of the public pages from a real streaming replica; everyone who wrote, or is signed in, on the
primary (portal/replica.py).

The replica's replay is paused while a posting is published on the primary: the replica then really is behind,
and each visitor's page shows which database it was read from.
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
    import json, os, time
    import django
    django.setup()
    import psycopg
    from django.test import Client
    from roles.catalog import load_catalog
    from tests.factories import CandidateFactory, PublishedPostingFactory

    primary = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    replica = psycopg.connect(os.environ["DATABASE_REPLICA_URL"], autocommit=True)

    def wait_until_replayed():
        # Everything written so far, committed or not yet flushed (the test servers run synchronous_commit=off).
        written = primary.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0]
        deadline = time.monotonic() + 20
        query = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn"
        while not replica.execute(query, [written]).fetchone()[0]:
            assert time.monotonic() < deadline, "the replica never caught up"
            time.sleep(0.05)

    def board_shows(client, *postings):
        page = client.get("/jobs/").content.decode()
        return [posting.title in page for posting in postings]

    load_catalog()
    earlier = PublishedPostingFactory(title="Acute Care OT Riverside")
    wait_until_replayed()
    replica.execute("SELECT pg_wal_replay_pause()")
    newest = PublishedPostingFactory(title="Pediatric OT Lakeside")
    seen = {}
    anonymous = Client(HTTP_HOST="localhost")
    seen["anonymous"] = board_shows(anonymous, earlier, newest)
    seen["anonymous_posting_page"] = anonymous.get(newest.get_absolute_url()).status_code
    writer = Client(HTTP_HOST="localhost")
    seen["cookie_after_a_post"] = writer.post("/account/sign-out/").cookies["recent_write"]["max-age"]
    seen["after_writing"] = board_shows(writer, earlier, newest)
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(CandidateFactory())
    seen["signed_in"] = board_shows(signed_in, earlier, newest)
    seen["readyz"] = anonymous.get("/readyz").json()["checks"]
    replica.execute("SELECT pg_wal_replay_resume()")
    wait_until_replayed()
    seen["anonymous_once_replayed"] = board_shows(Client(HTTP_HOST="localhost"), earlier, newest)
    print(json.dumps(seen))
    """
)


def test_anonymous_visitors_read_the_replica_and_writers_and_signed_in_people_the_primary(primary_and_replica):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DATABASE_URL=primary_and_replica["primary"],
        DATABASE_REPLICA_URL=primary_and_replica["replica"],
        REPLICA_STICKY_SECONDS="7",
        CACHE_URL="dummy://",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    # The replica is behind: the anonymous board has the earlier posting only, and the new one is not there yet.
    assert seen["anonymous"] == [True, False], seen
    assert seen["anonymous_posting_page"] == 404
    # Whoever just sent a form, and whoever is signed in, reads the primary: the new posting is there.
    assert seen["cookie_after_a_post"] == 7
    assert seen["after_writing"] == [True, True]
    assert seen["signed_in"] == [True, True]
    assert seen["readyz"] == {"database": "ok", "cache": "ok", "storage": "ok", "replica": "ok"}
    # Once the replica has replayed the change, anonymous visitors see it too.
    assert seen["anonymous_once_replayed"] == [True, True]
