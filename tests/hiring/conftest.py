"""Helpers for the hiring-workspace tests."""

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
