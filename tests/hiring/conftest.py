"""Helpers for the hiring-workspace tests."""

import threading

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _skip_postgres_only_on_sqlite(request):
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks; run with DATABASE_URL=postgres://...")


@pytest.fixture
def make_applicants():
    """Create `n` applicants to a posting (each a new candidate with a full profile)."""
    from tests.factories import ApplicationFactory

    def make(posting, n, **kwargs):
        return [ApplicationFactory(posting=posting, **kwargs) for _ in range(n)]

    return make


def page_text(response):
    """The <main> of a page, so the header and footer never make an assertion pass by accident."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def listed_reason(slug="other"):
    """The id of a rejection reason a fresh install offers (hiring migration 0003), as the move forms post it."""
    from hiring.models import RejectionReason

    return RejectionReason.objects.get(slug=slug).pk


def run_together(*actions):
    """Run each action in its own thread (own database connection), released at the same instant; their results,
    or the exception each raised, in order (PostgreSQL races: the tests marked postgres_only)."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def worker(index, action):
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as error:  # reported to the test, never swallowed
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results
