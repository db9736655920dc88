import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Skip tests marked postgres_only on SQLite (full-text ranking needs PostgreSQL)."""
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... to include it")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: a cached board must never hide a query count or a stale page.

    (tests/conftest.py clears it too; this keeps the job board's tests safe on their own.)
    """
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
