"""A posting closes at the end of its closing day where it is: Honolulu five hours after New York."""

import datetime
import json
import re
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from postings.models import JobPosting
from tests.factories import LocationFactory, PublishedPostingFactory

CLOSING_DAY = datetime.date(2099, 6, 30)
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
HONOLULU = zoneinfo.ZoneInfo("Pacific/Honolulu")


def at(hour, minute, zone, day=CLOSING_DAY):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


@pytest.fixture
def honolulu(catalog):
    location = LocationFactory(city="Honolulu", state="HI", zip_code="96813")
    return PublishedPostingFactory(level=catalog["senior-ot"], location=location, closes_on=CLOSING_DAY)


@pytest.fixture
def new_york(catalog):
    location = LocationFactory(city="New York", state="NY", zip_code="10001")
    return PublishedPostingFactory(level=catalog["senior-ot"], location=location, closes_on=CLOSING_DAY)


def open_ids(now):
    return set(JobPosting.objects.open(now=now).values_list("pk", flat=True))


def test_locations_know_their_zone_from_the_zip_code(honolulu, new_york):
    assert honolulu.location.time_zone == "Pacific/Honolulu"
    assert new_york.location.time_zone == "America/New_York"


def test_each_posting_stays_on_the_board_until_midnight_in_its_own_zone(honolulu, new_york):
    assert open_ids(at(23, 30, NEW_YORK)) == {honolulu.pk, new_york.pk}
    # Half past midnight in New York is half past six in the evening in Honolulu.
    assert open_ids(at(0, 30, NEW_YORK, CLOSING_DAY + datetime.timedelta(days=1))) == {honolulu.pk}
    assert open_ids(at(23, 59, HONOLULU)) == {honolulu.pk}
    assert open_ids(at(0, 0, HONOLULU, CLOSING_DAY + datetime.timedelta(days=1))) == set()


def test_is_open_and_the_apply_page_follow_the_same_instant(honolulu, new_york, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(1, 0, NEW_YORK, CLOSING_DAY + datetime.timedelta(days=1)))
    assert honolulu.is_open
    assert not new_york.is_open


def test_validthrough_is_the_last_second_of_the_closing_day_in_the_postings_zone(client, honolulu, new_york):
    for posting, offset in ((honolulu, "-10:00"), (new_york, "-04:00")):
        page = client.get(posting.get_absolute_url()).content.decode()
        data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1))
        assert data["validThrough"] == f"2099-06-30T23:59:59{offset}"


def test_the_expiry_job_closes_new_york_before_honolulu(honolulu, new_york, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(2, 0, NEW_YORK, CLOSING_DAY + datetime.timedelta(days=1)))
    call_command("close_expired_postings")

    honolulu.refresh_from_db()
    new_york.refresh_from_db()
    assert (new_york.status, new_york.close_reason) == ("closed", "expired")
    assert honolulu.status == "published"


def test_an_admin_correcting_the_zone_moves_the_closing_instant(new_york):
    location = new_york.location
    location.time_zone = "America/Chicago"
    location.save()

    new_york.refresh_from_db()
    assert new_york.closes_at == at(0, 0, zoneinfo.ZoneInfo("America/Chicago"), CLOSING_DAY + datetime.timedelta(1))


def test_a_new_closing_date_written_in_bulk_moves_the_instant_too(honolulu):
    JobPosting.objects.filter(pk=honolulu.pk).update(closes_on=CLOSING_DAY - datetime.timedelta(days=1))

    honolulu.refresh_from_db()
    assert honolulu.closes_at == at(0, 0, HONOLULU)
