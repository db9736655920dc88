"""Browser fixtures: Debian's Chromium driven by Playwright against Django's live server.

Every page a test opens is watched. A console error (this includes failed
loads such as a missing favicon, and Chrome's report of a blocked inline script
or style), an uncaught exception or a Content-Security-Policy violation fails
the test that caused it, with the page's address in the message.

One browser per session; each test gets a fresh context (cookies, storage)
whose `base_url` is the live server, so tests write `page.goto("/roles/")`.
"""

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API keeps an event loop running in the test thread, and
# Django refuses ORM calls from such a thread. Tests create data directly, so
# they opt out of the check (tests only; the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Runs before any page script. `securitypolicyviolation` fires for every blocked
# resource, inline script, inline style or eval; the binding reports it to the
# test at once and the window list keeps it for the final check of the page.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const report = `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || document.location.href}:${event.lineNumber})`;
  window.__cspViolations.push(report);
  if (window.__reportCspViolation) window.__reportCspViolation(report);
});
"""

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Node details of passing checks are not needed; leaving them out cut the public-page check from 24 s to 14 s.
    "resultTypes": ["violations"],
}


class BrowserProblems:
    """What went wrong in the browser during one test, checked when the test ends."""

    def __init__(self):
        self.problems = []
        self._expected = []

    def record(self, text):
        self.problems.append(text)

    def expect(self, pattern):
        """Tolerate console errors matching `pattern` (a regex), e.g. the 404 of a refused page."""
        self._expected.append(re.compile(pattern))

    def unexpected(self):
        return [text for text in self.problems if not any(p.search(text) for p in self._expected)]


@pytest.fixture(scope="session", autouse=True)
def _seeded_rows(django_db_setup, django_db_blocker):
    """What migrations seeded, as serialized when the test database was created.

    Live-server tests flush the database after each test and restore these rows
    before the next (serialized rollback). Django keeps them on the connection
    object, which lives in a context variable; once Playwright's event loop runs,
    the test sees another connection object without them, so this fixture reads
    them before the browser starts and `_restore_seeded_rows` hands them over.
    """
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(autouse=True)
def _restore_seeded_rows(transactional_db, _seeded_rows):
    from django.db import connections

    for alias, contents in _seeded_rows.items():
        connection = connections[alias]
        if not hasattr(connection, "_test_serialized_contents"):
            # Django skipped the restore for want of the attribute: do it, and keep it for later tests.
            connection._test_serialized_contents = contents
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "viewport": DESKTOP,
        "locale": "en-US",
        "timezone_id": "America/Chicago",
    }


@pytest.fixture
def browser_problems():
    return BrowserProblems()


@pytest.fixture
def context(context, browser_problems, django_db_serialized_rollback):
    """A browser context that reports every console error, page error and CSP violation.

    `django_db_serialized_rollback`: live-server tests flush the database after
    each test, which would also wipe what migrations seed (reviewer groups and
    their permissions, email templates, care settings); this restores it.
    """

    documents = set()

    def on_request(request):
        if request.resource_type == "document":
            documents.add(request.url)

    def on_console(message):
        if message.type != "error":
            return
        if message.text.startswith("Failed to load resource") and message.location.get("url") in documents:
            # A page answered 4xx (a form re-shown with errors, a refused page): tests assert
            # the status of the pages they open. A failed image, script or style still counts.
            return
        where = message.page.url if message.page else "?"
        browser_problems.record(f"console error on {where}: {message.text}")

    context.on("request", on_request)
    context.on("console", on_console)
    context.on(
        "weberror",
        lambda error: browser_problems.record(
            f"uncaught error on {error.page.url if error.page else '?'}: {error.error}"
        ),
    )
    context.expose_binding(
        "__reportCspViolation",
        lambda source, report: browser_problems.record(f"CSP violation on {source['page'].url}: {report}"),
    )
    context.add_init_script(CSP_LISTENER)
    # Pages answer in milliseconds here; a locator that finds nothing should fail quickly.
    context.set_default_timeout(10_000)
    return context


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) when the browser reported a problem."""
    result = yield
    problems = item.funcargs.get("browser_problems")
    context = item.funcargs.get("context")
    if problems is not None and context is not None:
        for open_page in context.pages:
            if not open_page.is_closed():
                for report in open_page.evaluate("window.__cspViolations || []"):
                    if not any(report in text for text in problems.problems):
                        problems.record(f"CSP violation on {open_page.url}: {report}")
        unexpected = problems.unexpected()
        assert not unexpected, "The browser reported problems:\n" + "\n".join(unexpected)
    return result


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now; fail on any violation.

    Pass `paths` (each a path, or a (path, expected status) pair) to visit several pages in turn and report every page's
    violations in one failure (each browser test costs a database flush, so
    pages are checked in groups rather than one test each).

    axe-playwright-python injects axe with `page.evaluate`, which goes through
    the DevTools protocol and is not subject to the page's CSP: the site's
    policy stays as strict in tests as in production.
    """

    def check(page, paths=None):
        reports = []
        for path in paths or [None]:
            if path is not None:
                # A closed posting answers 410 Gone, on purpose: give (path, status) for such pages.
                path, status = path if isinstance(path, tuple) else (path, 200)
                response = page.goto(path)
                assert response.status == status, f"{path} answered {response.status}, not {status}"
            results = axe.run(page, options=AXE_OPTIONS)
            if results.violations_count:
                reports.append(f"{page.url}\n{results.generate_report()}")
        assert not reports, "\n\n".join(reports)

    return check


@pytest.fixture
def sign_in(page):
    """Sign in through the real form, as a person would; staff then type their authenticator's code."""
    from tests.factories import enrolled_authenticator, next_code

    def do(user, password="correct horse battery"):
        device = enrolled_authenticator(user) if user.is_staff else None
        page.goto("/account/sign-in/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if device is not None:
            page.get_by_label("Code").fill(next_code(device))
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()

    return do


@pytest.fixture
def resume_pdf(tmp_path):
    """A tiny but valid one-page PDF, as a candidate would upload."""
    path = tmp_path / "Casey-Candidate-resume.pdf"
    path.write_bytes(_tiny_pdf())
    return path


def _tiny_pdf():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
