import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Skip tests marked postgres_only on SQLite (full-text ranking needs PostgreSQL)."""
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... to include it")
