"""The board's version changes after the commit, so no edit holds its row while it locks others: no deadlock."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.db.models.signals import post_save

from postings.models import BoardVersion, JobPosting, Location

pytestmark = pytest.mark.postgres_only


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and deadlock detection need PostgreSQL.")


@pytest.mark.django_db(transaction=True)
def test_a_location_edit_racing_a_posting_close_finishes_both_without_a_deadlock(posting):
    """The location's save touches the board version and then its postings; the close locks the posting and then
    touches the board version. Held in between at a barrier, the two used to deadlock."""
    before = BoardVersion.current()
    barrier = threading.Barrier(2, timeout=30)
    errors = []

    def hold_after_the_locations_own_row(sender, instance, **kwargs):
        if threading.current_thread().name == "location-edit":
            barrier.wait()

    def edit_location():
        try:
            with transaction.atomic():
                location = Location.objects.get(pk=posting.location_id)
                location.facility_name = "Riverbend East Campus"
                location.save()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    def close_posting():
        try:
            with transaction.atomic():
                locked = JobPosting.objects.select_for_update().get(pk=posting.pk)
                barrier.wait()
                locked.close(JobPosting.CloseReason.FILLED)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    post_save.connect(hold_after_the_locations_own_row, sender=Location, dispatch_uid="test-hold")
    try:
        threads = [
            threading.Thread(target=edit_location, name="location-edit"),
            threading.Thread(target=close_posting, name="posting-close"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        post_save.disconnect(sender=Location, dispatch_uid="test-hold")

    assert errors == []
    posting.refresh_from_db()
    assert posting.status == JobPosting.Status.CLOSED
    assert "Riverbend East Campus" in posting.search_text
    assert BoardVersion.current() != before
