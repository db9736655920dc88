"""The watch on every browser test must catch what it promises to catch."""

import pytest

pytestmark = pytest.mark.browser


def test_inline_style_is_reported_as_csp_violation(page, browser_problems, catalog):
    page.goto("/roles/")
    page.evaluate("""() => {
        const style = document.createElement("style");
        style.textContent = "body { color: red; }";
        document.head.append(style);
    }""")
    page.wait_for_function("window.__cspViolations.length > 0")

    assert any("style-src" in text for text in browser_problems.problems), browser_problems.problems
    browser_problems.expect("style-src")


def test_uncaught_script_error_is_reported(page, browser_problems, catalog):
    page.goto("/roles/")
    page.evaluate("() => setTimeout(() => { throw new Error('boom from the page'); })")
    page.wait_for_timeout(0)
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve))")

    assert any("boom from the page" in text for text in browser_problems.problems), browser_problems.problems
    browser_problems.expect("boom from the page")


def test_pages_load_without_any_problem(page, browser_problems, catalog):
    for path in ["/", "/roles/", "/roles/senior-ot/", "/account/sign-in/"]:
        response = page.goto(path)
        assert response.status == 200, path

    assert browser_problems.problems == []


def test_missing_image_is_reported(page, browser_problems, catalog):
    page.goto("/roles/")
    page.evaluate("""() => new Promise((resolve) => {
        const image = document.createElement("img");
        image.alt = "";
        image.onerror = resolve;
        image.src = "/static/img/no-such-image.png";
        document.body.append(image);
    })""")
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve))")

    assert any("404" in text for text in browser_problems.problems), browser_problems.problems
    browser_problems.expect("404")
