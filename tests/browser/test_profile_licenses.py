"""A travelling OT adds several state licenses in one save, with "Add another license" (static/js/licenses.js)."""

import pytest
from playwright.sync_api import expect

from applications.models import StateLicense

pytestmark = pytest.mark.browser


def _fill_line(line, state, number, expires_on):
    line.get_by_label("State").select_option(state)
    line.get_by_label("License number").fill(number)
    line.get_by_label("Expiry date").fill(expires_on)


def test_a_travelling_ot_adds_four_licenses_in_one_save(page, sign_in, candidate, assert_accessible):
    sign_in(candidate)
    page.goto("/account/profile/")
    lines = page.locator("fieldset.license-row:visible").filter(has_text="Add a license (optional)")
    # With the script, one empty line shows and the button adds the next.
    expect(lines).to_have_count(1)
    add = page.get_by_role("button", name="Add another license")
    for _ in range(3):
        add.click()
    expect(lines).to_have_count(4)  # the three lines of the page, then one more from the template
    assert_accessible(page)
    for index, (state, number) in enumerate([("CO", "CO-1"), ("AZ", "AZ-2"), ("NM", "NM-3"), ("UT", "UT-4")]):
        _fill_line(lines.nth(index), state, number, "2028-05-31")
    # A fifth line left half filled: the page says what it lacks and keeps the four others.
    add.click()
    lines.nth(4).get_by_label("State").select_option("WA")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("Enter the license number, as on the license.")).to_be_visible()
    expect(lines).to_have_count(5)
    expect(lines.nth(3).get_by_label("License number")).to_have_value("UT-4")
    assert StateLicense.objects.filter(profile=candidate.profile).count() == 1
    assert_accessible(page)

    lines.nth(4).get_by_label("License number").fill("WA-5")
    lines.nth(4).get_by_label("Expiry date").fill("2028-05-31")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    states = set(StateLicense.objects.filter(profile=candidate.profile).values_list("state", flat=True))
    assert states == {"TX", "CO", "AZ", "NM", "UT", "WA"}
