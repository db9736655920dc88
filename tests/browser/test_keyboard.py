"""Keyboard-only use: every control reachable with Tab, focus always visible, errors announced."""

import pytest
from playwright.sync_api import expect

from applications.models import Application

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


def test_apply_form_can_be_completed_with_the_keyboard_only(page, sign_in, candidate, posting, resume_pdf):
    sign_in(candidate)
    page.goto(f"/jobs/{posting.pk}/apply/")

    for answer in page.get_by_label("Yes", exact=True).all():
        tab_to(page, answer)
        # Tab enters a radio group on its checked (or first) option; Space chooses it.
        page.keyboard.press("Space")
        assert answer.is_checked()
    resume = page.get_by_label("Resume file")
    tab_to(page, resume)
    # The file chooser is the operating system's dialog: the test hands it the file once the field has focus.
    resume.set_input_files(resume_pdf)
    source = page.get_by_label("How did you hear about this opening?")
    tab_to(page, source)
    page.keyboard.press("ArrowDown")
    assert source.input_value() != ""
    # The cover letter is folded away: Enter on its summary opens it.
    tab_to(page, page.get_by_text("Add a cover letter (optional)"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Cover letter (optional)"))
    page.keyboard.type("I have run the hand clinic at my hospital for three years.")
    consent = page.get_by_label("I agree that")
    tab_to(page, consent)
    page.keyboard.press("Space")
    assert consent.is_checked()
    tab_to(page, page.get_by_role("button", name="Submit application"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Your application is submitted.")
    application = Application.objects.get(posting=posting, candidate=candidate)
    assert application.cover_letter.startswith("I have run the hand clinic")
    assert application.answers.filter(meets=True).count() == posting.requirements.count()


def test_apply_errors_take_focus_and_point_at_each_field(page, sign_in, candidate, posting):
    sign_in(candidate)
    page.goto(f"/jobs/{posting.pk}/apply/")
    page.get_by_role("button", name="Submit application").click()

    summary = page.locator("#form-errors")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Please correct the")
    assert_focus_visible(page)
    for label in ["Resume file", "How did you hear about this opening?", "I agree that"]:
        field = page.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        described_by = field.get_attribute("aria-describedby").split()
        errors = [name for name in described_by if name.endswith("_error")]
        assert errors, f"{label}: aria-describedby={described_by} names no error message"
        expect(page.locator("#" + errors[0])).not_to_be_empty()
    first_requirement = page.locator("fieldset.requirement-answer").first
    error = page.locator("#" + first_requirement.get_attribute("aria-describedby"))
    expect(error).to_have_text("Answer yes or no.")
