"""Journey 3: an admin creates and publishes a posting in Django admin; it reaches the board and the feed."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from postings.models import JobPosting
from tests.factories import LocationFactory

pytestmark = pytest.mark.browser


def test_admin_publishes_a_posting_that_appears_on_the_board_and_in_the_feed(page, sign_in, admin_user, catalog):
    LocationFactory(facility_name="Riverbend Children's Clinic", city="San Antonio", state="TX")
    closes_on = timezone.localdate() + datetime.timedelta(days=40)
    sign_in(admin_user)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="Job postings").click()
    page.get_by_role("link", name="Add job posting").click()
    page.get_by_label("Level:").select_option(label=catalog["mid-level-ot"].title)
    page.get_by_label("Title:").fill("Pediatric OT, Sensory Integration Clinic")
    page.get_by_label("Setting:").select_option(index=1)
    # The location is an autocomplete (select2): open it, type, pick the match.
    page.locator("#id_location").locator("xpath=following-sibling::span[contains(@class, 'select2')]").click()
    page.locator(".select2-container--open .select2-search__field").fill("Children")
    page.get_by_role("option", name="Riverbend Children's Clinic").click()
    page.get_by_label("Description:").fill(
        "Join our outpatient pediatric team: sensory integration, fine motor and feeding."
    )
    page.get_by_label("Closing date:").fill(closes_on.isoformat())
    page.get_by_role("button", name="Save and publish").click()

    expect(page.locator(".messagelist")).to_contain_text("is published")
    posting = JobPosting.objects.get(title="Pediatric OT, Sensory Integration Clinic")
    assert posting.status == JobPosting.Status.PUBLISHED
    assert posting.requirements.count() == catalog["mid-level-ot"].requirements.count()

    page.goto("/jobs/?state=TX")
    page.get_by_role("link", name="Pediatric OT, Sensory Integration Clinic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pediatric OT, Sensory Integration Clinic")
    expect(page.get_by_role("main")).to_contain_text("San Antonio")

    feed = page.request.get("/jobs/feed/")
    assert feed.ok
    assert feed.headers["content-type"].startswith("application/rss+xml")
    assert "<title>Pediatric OT, Sensory Integration Clinic" in feed.text()
    assert posting.get_absolute_url() in feed.text()
