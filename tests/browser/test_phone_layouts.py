"""On a phone (390 × 844): the board's search box is on the first screen, its filters one tap away, and a
posting's key facts (pay, type, schedule, start, location, closing date) come before its description."""

import re

import pytest

from tests.browser.conftest import PHONE
from tests.factories import PublishedPostingFactory

pytestmark = pytest.mark.browser

LONG_DESCRIPTION = "\n\n".join(
    "Our inpatient rehab team cares for adults after stroke, joint replacement and spinal cord injury. " * 6
    for _ in range(8)
)


def top_of(page, selector):
    """Where the element starts, in CSS pixels from the top of the page."""
    return page.eval_on_selector(selector, "element => element.getBoundingClientRect().top + window.scrollY")


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_board_search_box_is_on_the_first_screen(phone, catalog):
    PublishedPostingFactory.create_batch(20, level=catalog["senior-ot"])
    phone.goto("/jobs/")
    search = phone.get_by_role("searchbox", name="Keywords")
    top = top_of(phone, "#board-search input[type=search]")
    print(f"board search box top at 390 px: {top:.0f} px")
    assert top < PHONE["height"] / 2
    search.fill("rehab")
    search.press("Enter")
    # Enter returns before the navigation starts: wait for the new address, not for the old page to load.
    phone.wait_for_url(re.compile(r"/jobs/\?.*\bq=rehab\b"))


def test_board_filters_are_one_tap_away(phone, catalog):
    PublishedPostingFactory.create_batch(20, level=catalog["senior-ot"])
    phone.goto("/jobs/")
    filters = phone.get_by_label("Career level")
    assert not filters.is_visible()
    phone.get_by_role("button", name="Filters").click()
    # Bootstrap's collapse animates the panel open; a tap while it is still opening can land on what it uncovers.
    phone.wait_for_selector("#board-filters.collapse.show")
    assert filters.is_visible()
    assert top_of(phone, "#id_role") < PHONE["height"]
    filters.select_option("senior-ot")
    with phone.expect_navigation(url=re.compile(r"/jobs/\?.*\brole=senior-ot\b")):
        phone.get_by_role("button", name="Show jobs").click()


def test_posting_pay_is_above_the_fold(phone, catalog):
    posting = PublishedPostingFactory(level=catalog["senior-ot"], description=LONG_DESCRIPTION)
    phone.goto(posting.get_absolute_url())
    facts = phone.locator("#posting-key-facts")
    pay_top = top_of(phone, "#posting-key-facts .posting-pay")
    print(f"posting pay top at 390 px: {pay_top:.0f} px")
    assert pay_top < PHONE["height"]
    for fact in ("Pay", "Type", "Schedule", "Start", "Location", "Apply by"):
        assert facts.get_by_text(fact, exact=True).is_visible()


def test_board_filters_open_without_javascript(new_context, catalog):
    PublishedPostingFactory(level=catalog["senior-ot"])
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto("/jobs/")
    assert not page.get_by_label("Career level").is_visible()
    page.get_by_role("button", name="Filters").click()
    assert page.get_by_label("Career level").is_visible()


def test_a_manager_on_a_phone_reads_every_applicant_column_without_scrolling_sideways(phone, sign_in, manager, posting):
    from tests.factories import ApplicationFactory

    ApplicationFactory.create_batch(3, posting=posting)
    sign_in(manager)
    for path in (f"/manage/postings/{posting.pk}/", "/manage/"):
        phone.goto(path)
        table = phone.locator("table.table-stack")
        overflow = table.evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth")
        assert overflow <= 0, f"{path}: the table is {overflow} px wider than the phone"
    phone.goto(f"/manage/postings/{posting.pk}/")
    first_row = phone.locator("table.table-stack tbody tr").first
    label = first_row.locator("td[data-label=Match]").evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Match"'
    assert first_row.get_by_role("checkbox").bounding_box()["width"] >= 20
