"""Journey: on a phone, a visitor searches near a ZIP code, saves the search as an alert, receives it and unsubscribes."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import JobAlert
from alerts.services import send_due_alerts
from tests.browser.conftest import PHONE
from tests.factories import LocationFactory, PublishedPostingFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def texas(catalog):
    PublishedPostingFactory(
        title="OT, Round Rock Clinic", location=LocationFactory(city="Round Rock", zip_code="78664")
    )
    PublishedPostingFactory(title="OT, Dallas Rehab", location=LocationFactory(city="Dallas", zip_code="75201"))


def test_phone_visitor_searches_near_a_zip_saves_an_alert_receives_it_and_unsubscribes(
    page, texas, catalog, settings, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto("/")
    search = page.get_by_role("search", name="Search jobs")
    search.get_by_label("Near").fill("78701")
    search.get_by_role("button", name="Search jobs").click()

    expect(page.get_by_role("heading", name="1 open position")).to_be_visible()
    expect(page.get_by_role("link", name="OT, Round Rock Clinic")).to_be_visible()
    expect(page.get_by_text("within 25 miles of 78701 (Austin, TX)")).to_be_visible()
    page.get_by_role("link", name="Create a job alert").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Create a job alert")
    assert_accessible(page)
    page.get_by_label("Name of the alert").fill("OT near Austin")
    page.get_by_label("Weekly").check()
    page.get_by_label("Your email address").fill("sam.lee@example.net")
    page.get_by_role("button", name="Email me a confirmation link").click()

    expect(page.get_by_role("status")).to_contain_text("we emailed a confirmation link to sam.lee@example.net")
    confirm = re.search(r"/alerts/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(confirm)
    page.get_by_role("button", name="Yes, start this alert").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your job alert is on")

    # A week later a new opening nearby is published and the weekly run sends it.
    alert = JobAlert.objects.get()
    PublishedPostingFactory(
        title="Senior OT, Austin Hand Clinic",
        location=LocationFactory(city="Austin", zip_code="78702"),
        published=timezone.now() - datetime.timedelta(minutes=5),
    )
    JobAlert.objects.filter(pk=alert.pk).update(
        checked_through=timezone.now() - datetime.timedelta(hours=1), due_at=timezone.now()
    )
    send_due_alerts()
    received = mail.outbox[-1]
    assert received.to == ["sam.lee@example.net"]
    assert "Senior OT, Austin Hand Clinic" in received.body and "OT, Dallas Rehab" not in received.body
    unsubscribe = received.extra_headers["List-Unsubscribe"].strip("<>").removeprefix(settings.SITE_URL)

    page.goto(unsubscribe)
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert not JobAlert.objects.exists()


def test_candidate_saves_a_job_from_the_board_and_finds_it_in_their_area(
    page, sign_in, candidate, texas, assert_accessible
):
    sign_in(candidate)
    page.goto("/jobs/?near=78701&miles=250&sort=distance")
    page.get_by_role("button", name="Save OT, Dallas Rehab").click()

    expect(page.get_by_role("status")).to_contain_text("Saved: OT, Dallas Rehab")
    expect(page.get_by_role("button", name="Saved: OT, Dallas Rehab")).to_be_visible()
    page.goto("/account/saved-jobs/")
    expect(page.get_by_role("link", name="OT, Dallas Rehab", exact=True)).to_be_visible()
    assert_accessible(page, ["/account/saved-jobs/", "/account/alerts/", "/jobs/?near=78701&miles=250"])
    page.set_viewport_size(PHONE)
    assert_accessible(page, ["/account/saved-jobs/", "/jobs/?near=78701"])
