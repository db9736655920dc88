"""axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page, as each feature lands."""

import pytest
from playwright.sync_api import expect

from alerts import tokens
from postings.models import JobPosting
from tests.browser.conftest import PHONE
from tests.factories import JobAlertFactory, LocationFactory, PublishedPostingFactory, SavedJobFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def openings(catalog):
    """Two open postings in different states and a closed one, so the board has filters and a 410 page."""
    open_posting = PublishedPostingFactory(level=catalog["senior-ot"], title="Senior OT, Stroke Rehabilitation")
    PublishedPostingFactory(level=catalog["entry-level-ot"], location=LocationFactory(city="Denver", state="CO"))
    closed = PublishedPostingFactory(level=catalog["lead-ot"], title="Lead OT, Acute Care")
    closed.close(JobPosting.CloseReason.FILLED)
    return open_posting, closed


def test_public_pages_have_no_violations(page, assert_accessible, openings):
    posting, closed = openings
    assert_accessible(
        page,
        [
            "/",
            "/roles/",
            "/roles/senior-ot/",
            "/roles/lead-ot/",
            "/privacy/",
            "/terms/",
            "/accessibility/",
            "/contact/",
            "/jobs/",
            "/jobs/?role=senior-ot&state=TX",
            "/jobs/?q=zzzz-nothing-matches",
            "/jobs/?state=ZZ&page=0",
            posting.get_absolute_url(),
            (closed.get_absolute_url(), 410),
            "/account/sign-in/",
            "/account/sign-up/",
            "/account/password-reset/",
            ("/no-such-page/", 404),
        ],
    )


def test_public_pages_at_phone_width_have_no_violations(page, assert_accessible, openings):
    posting, _ = openings
    page.set_viewport_size(PHONE)
    assert_accessible(page, ["/", "/roles/senior-ot/", "/jobs/?role=senior-ot", posting.get_absolute_url()])


def test_sign_up_with_errors_has_no_violations(page, assert_accessible, candidate):
    page.goto("/account/sign-up/")
    page.get_by_label("Email address").fill(candidate.email)
    page.get_by_role("button", name="Create account").last.click()

    expect(page.locator("main").get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_apply_form_empty_and_with_errors_has_no_violations(page, assert_accessible, sign_in, candidate, posting):
    sign_in(candidate)
    assert_accessible(page, [f"/jobs/{posting.pk}/apply/"])

    page.get_by_role("button", name="Submit application").click()

    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)


def test_candidate_area_has_no_violations(page, assert_accessible, sign_in, candidate, application):
    sign_in(candidate)
    assert_accessible(
        page,
        [
            "/account/applications/",
            f"/account/applications/{application.pk}/",
            f"/account/applications/{application.pk}/withdraw/",
            "/account/profile/",  # with its open application's checks
            application.posting.get_absolute_url(),  # with the candidate's checks
            "/account/password/",
        ],
    )


def test_applying_again_after_withdrawing_has_no_violations(page, assert_accessible, sign_in, candidate, application):
    """The withdrawn application with its "Apply again", and the form that says it brings the application back."""
    application.withdraw(by=candidate)
    sign_in(candidate)
    assert_accessible(page, [f"/account/applications/{application.pk}/", f"/jobs/{application.posting.pk}/apply/"])
    expect(page.get_by_text("You withdrew your application to this opening")).to_be_visible()


def test_sign_in_with_errors_has_no_violations(page, assert_accessible, candidate):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(candidate.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("alert").wait_for()
    assert_accessible(page)


def test_hiring_workspace_has_no_violations(page, assert_accessible, sign_in, manager, posting, application):
    sign_in(manager)
    assert_accessible(
        page,
        [
            "/manage/",
            f"/manage/postings/{posting.pk}/",
            f"/manage/postings/{posting.pk}/?stage=all",
            f"/manage/applications/{application.pk}/",
            f"/manage/applications/{application.pk}/email-preview/",
        ],
    )


def test_triage_controls_have_no_violations(page, assert_accessible, sign_in, manager, posting, application):
    """The shortcuts' list open on the applicant page; the undo bar on the pipeline after a bulk move."""
    from hiring import moves

    sign_in(manager)
    page.goto(f"/manage/applications/{application.pk}/")
    page.wait_for_load_state("load")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    assert_accessible(page)

    moves.bulk_move([(application, application.stage)], "screening", by=manager, posting=posting)
    page.goto(f"/manage/postings/{posting.pk}/")
    expect(page.get_by_role("button", name="Undo last bulk move")).to_be_visible()
    assert_accessible(page)


def test_saved_views_have_no_violations(page, assert_accessible, sign_in, manager, posting, application):
    """The pipeline with my saved views listed, and the save form refused for want of a name."""
    from hiring.models import SavedView

    SavedView.objects.create(
        owner=manager, name="Texas, 2+ years, not yet screened", query="stage=submitted&license=TX"
    )
    sign_in(manager)
    page.goto(f"/manage/postings/{posting.pk}/?stage=submitted&license=TX")
    assert_accessible(page)
    page.get_by_text("Save the filters shown as a view").click()
    page.get_by_role("button", name="Save view").click()
    expect(page.get_by_text("Give the view a name.")).to_be_visible()
    assert_accessible(page)


def test_reports_have_no_violations(page, assert_accessible, sign_in, recruiter, manager, posting, other_posting):
    from hiring.reports import REPORTS
    from tests.hiring.reports_data import make_history

    make_history([posting, other_posting], manager, n=16)
    sign_in(recruiter)
    paths = ["/manage/reports/", *(f"/manage/reports/{slug}/" for slug in REPORTS)]
    assert_accessible(page, [*paths, ("/manage/reports/funnel/?start=2026-02-30&posting=nope", 400)])
    page.set_viewport_size(PHONE)
    assert_accessible(page, paths[1:])


def test_applicant_page_with_form_errors_has_no_violations(page, assert_accessible, sign_in, manager, application):
    sign_in(manager)
    page.goto(f"/manage/applications/{application.pk}/")
    page.locator("#scorecards").get_by_role("button", name="Save scorecard").click()
    expect(page.locator("#scorecards").get_by_role("alert")).to_be_visible()

    assert_accessible(page)


def test_alert_and_saved_job_pages_have_no_violations(page, assert_accessible, sign_in, candidate, posting):
    alert = JobAlertFactory(user=candidate, email=candidate.email)
    pending = JobAlertFactory(email="jo@example.net", confirmed_at=None)
    SavedJobFactory(user=candidate, posting=posting)
    assert_accessible(
        page,
        [
            "/jobs/?near=78701&miles=50&sort=distance",
            "/jobs/?near=00000",
            "/alerts/new/?state=TX",
            f"/alerts/confirm/{tokens.confirmation_token(pending)}/",
            f"/alerts/unsubscribe/{tokens.unsubscribe_token(alert.pk)}/",
        ],
    )
    sign_in(candidate)
    assert_accessible(
        page,
        [
            "/account/alerts/",
            f"/account/alerts/{alert.pk}/",
            f"/account/alerts/{alert.pk}/delete/",
            "/account/saved-jobs/",
            f"/account/saved-jobs/{posting.pk}/save/",
            posting.get_absolute_url(),
        ],
    )


def test_api_docs_have_no_violations(page, assert_accessible, db):
    page.goto("/api/docs")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()


def test_email_and_two_factor_pages_have_no_violations(page, assert_accessible, sign_in, candidate, posting):
    sign_in(candidate)
    assert_accessible(page, ["/account/email/", "/account/two-factor/", "/account/two-factor/set-up/"])
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)


def test_applying_before_the_address_is_confirmed_has_no_violations(page, assert_accessible, sign_in, posting):
    from tests.factories import CandidateFactory

    newcomer = CandidateFactory(email="newcomer@example.com", email_verified_at=None)
    sign_in(newcomer)
    assert_accessible(page, [(f"/jobs/{posting.pk}/apply/", 403)])


def test_the_sign_in_code_step_and_the_first_set_up_have_no_violations(page, assert_accessible, manager):
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    assert_accessible(page)


def test_verification_pages_have_no_violations(page, assert_accessible, sign_in, admin_user, application):
    from tests.factories import AnsweredReferenceFactory, verify

    verify(application, "nbcot", by=admin_user)
    AnsweredReferenceFactory(candidate=application.candidate, answered_relationship="peer")
    sign_in(admin_user)
    assert_accessible(page, [f"/manage/applications/{application.pk}/verification/"])

    page.get_by_role("button", name="Record the check").click()

    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page, [f"/manage/applications/{application.pk}/verification/"])


def test_reference_pages_have_no_violations(page, assert_accessible, sign_in, candidate, application):
    from tests.factories import AnsweredReferenceFactory, ReferenceFactory
    from verification import references

    AnsweredReferenceFactory(candidate=candidate)
    pending = ReferenceFactory(candidate=candidate, link_key="k" * 32)
    link = f"/references/{references.link_token(pending)}/"
    assert_accessible(page, [("/references/not-a-link/", 400), link])
    page.get_by_role("button", name="Send the reference").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)

    sign_in(candidate)
    assert_accessible(page, ["/account/references/"])
    page.get_by_role("button", name="Email them the form").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page, ["/account/references/", link])


def test_interview_pages_have_no_violations(page, assert_accessible, sign_in, manager, candidate, application):
    from urllib.parse import urlsplit

    from hiring import interviews
    from tests.hiring.interview_helpers import held, in_days, propose

    booked = propose(application, manager, [in_days(3)])
    proposed = propose(application, manager, [in_days(4), in_days(5)])
    sign_in(manager)
    assert_accessible(
        page,
        [
            f"/manage/applications/{application.pk}/interviews/new/",
            f"/manage/interviews/{booked.pk}/",
            f"/manage/interviews/{proposed.pk}/",
        ],
    )
    page.goto(f"/manage/applications/{application.pk}/interviews/new/")
    page.get_by_role("button", name="Book or propose").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)

    # A held interview: the kit's scorecard, empty and then refused with its errors.
    from roles.models import InterviewQuestion

    InterviewQuestion.objects.create(level=application.posting.level, focus="Documentation", question="A SOAP note?")
    application.posting.copy_interview_kit()
    past = held(propose(application, manager, [in_days(6)]))
    assert_accessible(page, [f"/manage/interviews/{past.pk}/"])
    page.get_by_role("button", name="Submit your scorecard").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(candidate)
    page.set_viewport_size(PHONE)
    # The candidate's application page lists every interview (booked, to choose, held); the list has a line for it.
    candidate_pages = [urlsplit(interviews.candidate_link(proposed)).path, application.get_absolute_url()]
    assert_accessible(page, [*candidate_pages, "/account/applications/"])


def test_offer_pages_have_no_violations(page, assert_accessible, sign_in, manager, recruiter, candidate, application):
    import datetime
    from decimal import Decimal
    from urllib.parse import urlsplit

    from django.utils import timezone

    from applications.models import Application
    from hiring import offers
    from hiring.models import OfferLetterTemplate
    from tests.factories import verify_for_hire

    for stage in (Application.Stage.SCREENING, Application.Stage.INTERVIEW):
        application.move_to(stage, by=manager)
    verify_for_hire(application, by=manager)
    today = timezone.localdate()
    offer = offers.draft(
        application,
        by=manager,
        start_date=today + datetime.timedelta(days=30),
        employment_type="full_time",
        pay_rate=Decimal("99000"),
        pay_unit="year",
        expires_on=today + datetime.timedelta(days=7),
        letter_template=OfferLetterTemplate.objects.get(name="Standard offer"),
    )
    offers.submit_for_approval(offer, by=manager)
    sign_in(recruiter)
    assert_accessible(page, [f"/manage/offers/{offer.pk}/"])
    page.goto(f"/manage/applications/{application.pk}/offers/new/")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)

    offers.decide(offer, by=recruiter, approve=True)
    offers.send(offer, by=manager)
    page.context.clear_cookies()
    sign_in(candidate)
    page.set_viewport_size(PHONE)
    assert_accessible(
        page, [urlsplit(offers.candidate_link(offer)).path, application.get_absolute_url(), "/account/applications/"]
    )


def test_expiring_credentials_and_audit_pages_have_no_violations(
    page, assert_accessible, sign_in, recruiter, application
):
    import datetime

    from django.utils import timezone

    from tests.factories import verify_for_hire

    application.candidate.profile.licenses.update(expires_on=timezone.localdate() + datetime.timedelta(days=5))
    verify_for_hire(application, by=recruiter)
    for stage in ("screening", "interview", "offer", "hired"):
        application.move_to(stage, by=recruiter)
    sign_in(recruiter)
    assert_accessible(
        page,
        [
            "/manage/credentials/expiring/",
            "/manage/credentials/expiring/?state=TX&kind=license",
            "/manage/verification/audit/",
            ("/manage/verification/audit/?hired_from=2026-05-01&hired_until=2026-04-01", 400),
        ],
    )
    page.set_viewport_size(PHONE)
    assert_accessible(
        page, ["/manage/credentials/expiring/", f"/manage/verification/audit/?application={application.pk}"]
    )
