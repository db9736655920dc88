"""The bench's sequential-scan check: a scan where an index would serve is a fault; a small tally read whole is not."""

import datetime

import pytest
from django.db import connection

from applications.models import ApplicationDay
from demo.management.commands import bench

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the check reads PostgreSQL's plans")

TABLE = ApplicationDay._meta.db_table
WHOLE = f'SELECT SUM("applications") FROM "{TABLE}"'
ONE_DAY = f'SELECT SUM("applications") FROM "{TABLE}" WHERE "applications" = %s'


@pytest.fixture
def tallies(db):
    first = datetime.date(2026, 1, 1)
    ApplicationDay.objects.bulk_create(
        ApplicationDay(
            day=first + datetime.timedelta(days=n // 4),
            source="indeed",
            utm_source=str(n % 4),
            furthest=0,
            hired=False,
            applications=n,
        )
        for n in range(2_000)
    )
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{TABLE}"')
        cursor.execute("SET LOCAL enable_indexscan = off")  # a plan that must scan, so the rule alone decides
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    return 2_000


def _seq_scans(sql, params, rows):
    return bench.Command()._seq_scans([(sql, params)], {TABLE: rows})


def test_a_small_table_read_whole_is_not_a_fault(tallies):
    assert _seq_scans(WHOLE, [], tallies) == []


def test_a_scan_keeping_a_few_rows_is_a_fault(tallies):
    assert _seq_scans(ONE_DAY, [7], tallies) == [TABLE]


def test_a_table_over_the_size_read_whole_is_a_fault(tallies, monkeypatch):
    monkeypatch.setattr(bench, "SEQ_SCAN_WHOLE_MAX_ROWS", 1_000)  # no page reads that many rows, index or not

    assert _seq_scans(WHOLE, [], tallies) == [TABLE]
