"""`make screenshots`: the key pages at desktop and phone widths, saved into screenshots/ to look at.

Runs only with --screenshots: it asserts nothing about the pages beyond the
browser watch every test has (no console error, no CSP violation), and
writing files is not something a plain test run should do.
"""

import pytest
from django.conf import settings

from applications.models import Application
from postings.models import JobPosting
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import ApplicationFactory, LocationFactory, PublishedPostingFactory

pytestmark = pytest.mark.browser

OUTPUT = settings.BASE_DIR / "screenshots"


@pytest.fixture(autouse=True)
def _only_when_asked(request):
    if not request.config.getoption("--screenshots"):
        pytest.skip("screenshots are taken by `make screenshots` (pytest --screenshots), not in a plain test run")


def shoot(page, path, name):
    page.goto(path)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=OUTPUT / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def first_screen(page, path, name):
    """What a phone shows before any scrolling (the board's search box, a posting's pay)."""
    page.set_viewport_size(PHONE)
    page.goto(path)
    page.screenshot(path=OUTPUT / f"{name}-phone-first-screen.png")
    page.set_viewport_size(DESKTOP)


def test_key_pages(page, new_context, sign_in, catalog, candidate, manager, posting, recruiter):
    OUTPUT.mkdir(exist_ok=True)
    other_posting = PublishedPostingFactory(
        level=catalog["entry-level-ot"],
        title="OT, Pediatric Outpatient",
        location=LocationFactory(city="Denver", state="CO"),
    )
    closed = PublishedPostingFactory(level=catalog["lead-ot"], title="Lead OT, Acute Care")
    closed.close(JobPosting.CloseReason.FILLED)
    application = ApplicationFactory(posting=posting, candidate=candidate, cover_letter="Eight years in stroke rehab.")
    application.move_to(Application.Stage.SCREENING, by=recruiter, reason="Strong inpatient background")
    for number in range(6):
        ApplicationFactory(posting=posting, match_score=60 + number * 7)

    for path, name in [
        ("/", "home"),
        ("/roles/", "roles"),
        ("/roles/senior-ot/", "role-detail"),
        ("/jobs/", "board"),
        ("/jobs/?state=TX&role=senior-ot", "board-filtered"),
        ("/jobs/?q=nothing-matches-this", "board-empty"),
        ("/jobs/?near=78701&miles=100&sort=distance", "board-near"),
        ("/jobs/?near=00000", "board-near-unknown"),
        ("/alerts/new/?state=TX&near=78701", "alert-create"),
        (posting.get_absolute_url(), "posting"),
        (closed.get_absolute_url(), "posting-closed"),
        ("/account/sign-in/", "sign-in"),
        ("/account/sign-up/", "sign-up"),
        ("/account/password-reset/", "password-reset"),
        ("/no-such-page/", "not-found"),
    ]:
        shoot(page, path, name)
    first_screen(page, "/jobs/", "board")
    first_screen(page, posting.get_absolute_url(), "posting")

    sign_in(candidate)
    shoot(page, f"/jobs/{other_posting.pk}/apply/", "apply")
    page.get_by_role("button", name="Submit application").click()
    page.wait_for_load_state()
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=OUTPUT / f"apply-errors-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    shoot(page, "/account/applications/", "my-applications")
    shoot(page, application.get_absolute_url(), "my-application")
    shoot(page, "/account/profile/", "profile")
    page.goto(posting.get_absolute_url())
    page.get_by_role("button", name=f"Save {posting.display_title}").first.click()
    page.wait_for_load_state()
    shoot(page, "/account/saved-jobs/", "saved-jobs")
    shoot(page, "/account/alerts/", "job-alerts")

    page.context.clear_cookies()
    sign_in(manager)
    shoot(page, "/manage/", "manage-dashboard")
    shoot(page, f"/manage/postings/{posting.pk}/", "manage-pipeline")
    shoot(page, f"/manage/applications/{application.pk}/", "manage-applicant")

    page.context.clear_cookies()
    sign_in(recruiter)
    shoot(page, f"/manage/postings/{posting.pk}/hiring-managers/", "manage-hiring-managers")


def test_reports(page, sign_in, catalog, manager, posting, other_posting, recruiter):
    from hiring.reports import REPORTS
    from tests.hiring.reports_data import make_history

    OUTPUT.mkdir(exist_ok=True)
    make_history([posting, other_posting], manager, n=60)
    sign_in(recruiter)
    shoot(page, "/manage/reports/", "manage-reports")
    for slug in REPORTS:
        shoot(page, f"/manage/reports/{slug}/", f"manage-report-{slug}")


def test_verification_lists(page, sign_in, catalog, posting, recruiter, monkeypatch):
    """The recruiters' expiring credentials, on more than one page, and the audit record of hires."""
    import datetime

    from django.utils import timezone

    from hiring import verification_pages
    from tests.factories import CandidateFactory

    OUTPUT.mkdir(exist_ok=True)
    monkeypatch.setattr(verification_pages, "PAGE_SIZE", 8)
    today = timezone.localdate()
    for index, state in enumerate(["TX", "CO", "WA", "OH", "NY", "AZ"]):
        candidate = CandidateFactory(
            full_name=f"Morgan {state.title()}ley",
            profile__licenses=[(state, f"OT-{state}-{index:04}", today + datetime.timedelta(days=3 + index * 11))],
            profile__nbcot_expires_on=today + datetime.timedelta(days=40 + index),
            profile__cpr_bls_expires_on=today + datetime.timedelta(days=85 - index),
        )
        ApplicationFactory(posting=posting, candidate=candidate)
    sign_in(recruiter)
    shoot(page, "/manage/credentials/expiring/", "manage-expiring-credentials")
    shoot(page, "/manage/verification/audit/", "manage-verification-audit")
