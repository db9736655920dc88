"""The API documentation page: Swagger UI renders every operation from the document, under the site's CSP."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


def test_the_docs_list_every_operation_without_a_csp_violation(page, db):
    page.goto("/api/docs")

    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/postings" in path for path in paths)
    assert any("/api/v1/manage/applications/{application_id}/move" in path for path in paths)
    expect(page.get_by_text("Webhooks", exact=True)).to_be_visible()
    page.screenshot(path="/tmp/api-docs-1280.png", full_page=False)
    page.set_viewport_size(PHONE)
    page.screenshot(path="/tmp/api-docs-390.png", full_page=False)


def test_trying_the_public_list_from_the_docs_works(page, db):
    page.goto("/api/docs")
    page.locator(".opblock-get").filter(has_text="Open postings, with the board's filters").locator(
        ".opblock-summary-control"
    ).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()

    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
