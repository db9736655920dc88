"""Keyboard-only use: every control reachable with Tab, focus always visible, errors announced."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FOCUSED_OUTLINE = """() => {
    const style = getComputedStyle(document.activeElement);
    return {tag: document.activeElement.tagName, style: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def assert_focus_visible(page):
    """The focused control draws an outline of at least 2 px (WCAG 2.4.7)."""
    outline = page.evaluate(FOCUSED_OUTLINE)
    assert outline["style"] != "none" and outline["width"] >= 2, outline


def tab_to(page, locator, limit=40):
    """Press Tab until `locator` has focus, as a keyboard user would; fail if it is never reached."""
    for _ in range(limit):
        if locator.evaluate("(element) => element === document.activeElement"):
            assert_focus_visible(page)
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} never received focus after {limit} presses of Tab")


def test_skip_link_is_first_and_moves_focus_to_main(page, catalog):
    page.goto("/roles/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("(element) => element === document.activeElement")
    assert skip.is_visible()
    assert_focus_visible(page)

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_in_works_with_the_keyboard_only(page, candidate):
    page.goto("/account/sign-in/")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type(candidate.email)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type("correct horse battery")
    tab_to(page, page.get_by_role("button", name="Sign in"))

    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_sign_in_errors_are_announced_and_tied_to_fields(page):
    page.goto("/account/sign-in/")
    page.get_by_role("button", name="Sign in").click()

    alert = page.get_by_role("alert")
    assert "correct" in alert.inner_text()
    email = page.get_by_label("Email address")
    assert email.get_attribute("aria-invalid") == "true"
    described_by = email.get_attribute("aria-describedby")
    assert "required" in page.locator(f"#{described_by}").inner_text()
