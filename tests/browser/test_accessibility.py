"""axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page, as each feature lands."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_public_pages_have_no_violations(page, assert_accessible, catalog):
    assert_accessible(page, ["/", "/roles/", "/roles/senior-ot/", "/roles/entry-level-ot/", "/account/sign-in/"])


def test_public_pages_at_phone_width_have_no_violations(page, assert_accessible, catalog):
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, ["/", "/roles/", "/roles/senior-ot/"])


def test_sign_in_with_errors_has_no_violations(page, assert_accessible, candidate):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(candidate.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("alert").wait_for()
    assert_accessible(page)


def test_hiring_workspace_has_no_violations(page, assert_accessible, sign_in, manager, posting, application):
    sign_in(manager)
    assert_accessible(page, ["/manage/", f"/manage/postings/{posting.pk}/", f"/manage/applications/{application.pk}/"])


def test_applicant_page_with_form_errors_has_no_violations(page, assert_accessible, sign_in, manager, application):
    sign_in(manager)
    page.goto(f"/manage/applications/{application.pk}/")
    page.locator("#scorecards").get_by_role("button", name="Save scorecard").click()
    expect(page.locator("#scorecards").get_by_role("alert")).to_be_visible()

    assert_accessible(page)
