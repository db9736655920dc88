"""Every URL of the site against every kind of visitor, built from the URL configuration.

A URL added without an entry in MATRIX fails `test_every_url_is_in_the_matrix`:
decide who may reach it, then add it.
"""

import datetime

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from alerts import tokens
from hiring import interviews, offers
from hiring.models import Interview, Offer, OfferLetterTemplate, SavedView
from tests.factories import PDF_BYTES, ApplicationFactory, JobAlertFactory, ReferenceFactory, verify
from verification import references
from verification.evidence import validate_evidence

CAST = ["anonymous", "candidate", "other_candidate", "manager", "other_manager", "recruiter", "admin_user"]
LOGIN = "login"  # a redirect to the sign-in page
PUBLIC = dict.fromkeys(CAST, 200)
SIGNED_IN = {"anonymous": LOGIN}


def _row(anonymous, candidate, other_candidate, manager, other_manager, recruiter, admin_user):
    return dict(zip(CAST, [anonymous, candidate, other_candidate, manager, other_manager, recruiter, admin_user]))


# The posting, application and resume in each URL belong to `candidate` and to `manager`'s posting.
# Pages about one's own account answer everyone signed in (staff see their own, empty, area); pages about
# an object answer its owner and those who may review it. Outsiders get 404, never a hint that it exists.
MATRIX = {
    "portal:home": PUBLIC,
    "portal:privacy": PUBLIC,
    "portal:terms": PUBLIC,
    "portal:accessibility": PUBLIC,
    "portal:contact": PUBLIC,
    # Where a sign-in lands: a redirect for everyone signed in (to the workspace, the admin or one's applications).
    "portal:signed_in": _row(LOGIN, 302, 302, 302, 302, 302, 302),
    "robots_txt": PUBLIC,
    "sitemap": PUBLIC,
    # The load balancer's probes (portal/health.py): public, and they say nothing but "ok" or which part failed.
    "healthz": PUBLIC,
    "readyz": PUBLIC,
    "roles:role_list": PUBLIC,
    "roles:role_detail": PUBLIC,
    "postings:board": PUBLIC,
    "postings:feed_rss": PUBLIC,
    "postings:feed_indeed": PUBLIC,
    "postings:posting_redirect": dict.fromkeys(CAST, 301),
    "postings:posting_detail": PUBLIC,
    # `posting` already has the candidate's application: they are sent to it.
    "applications:apply": _row(LOGIN, 302, 200, 403, 403, 403, 403),
    "applications:application_list": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "applications:application_detail": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "applications:withdraw": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "applications:profile": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "applications:profile_resume": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "applications:data_export": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "applications:delete_account": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "applications:application_resume": _row(LOGIN, 200, 404, 200, 404, 200, 200),
    # Job alerts: anyone may make one (with an email address when signed out); the links in alert emails
    # carry a signed token, which is all they need; an alert and its pages belong to its owner only.
    "alerts:alert_create": PUBLIC,
    "alerts:alert_confirm": PUBLIC,
    "alerts:alert_unsubscribe": PUBLIC,
    "alerts:alert_list": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "alerts:alert_edit": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "alerts:alert_delete": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    # Saved jobs are one's own list; staff have none but see the (empty) page. A GET of the save address
    # (where signing in leads back) asks before saving; removing takes POST only.
    "alerts:saved_jobs": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "alerts:save_job": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "alerts:unsave_job": _row(LOGIN, 405, 405, 405, 405, 405, 405),
    "hiring:dashboard": _row(LOGIN, 404, 404, 200, 200, 200, 200),
    "hiring:pipeline": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:pipeline_csv": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:applicant": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    # The PDF resume shown in the applicant page's frame: for those who may review the applicant.
    "hiring:resume": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    # What an email of a move would say to this applicant: for those who may review them.
    "hiring:email_preview": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    # Actions take POST only, and say so to any GET before looking anything up (so 405 reveals nothing);
    # a GET of the bulk form's address from a reviewer goes back to the pipeline it belongs to.
    "hiring:bulk_move": _row(LOGIN, 404, 404, 302, 404, 302, 302),
    # Saved views: POST only; a view is its owner's alone (`manager`'s here), whoever else reviews the posting.
    "hiring:save_view": dict.fromkeys(CAST, 405),
    "hiring:delete_view": dict.fromkeys(CAST, 405),
    # Choosing a posting's hiring managers is a page of its own, for recruiters.
    "hiring:hiring_managers": _row(LOGIN, 404, 404, 404, 404, 200, 200),
    "hiring:fill_posting": dict.fromkeys(CAST, 405),
    # Reports: every reviewer has them, each over the postings they may review (tests/hiring/test_reports.py).
    "hiring:reports": _row(LOGIN, 404, 404, 200, 200, 200, 200),
    "hiring:report": _row(LOGIN, 404, 404, 200, 200, 200, 200),
    "hiring:report_csv": _row(LOGIN, 404, 404, 200, 200, 200, 200),
    "hiring:undo_bulk_move": dict.fromkeys(CAST, 405),
    "hiring:move": dict.fromkeys(CAST, 405),
    "hiring:add_note": dict.fromkeys(CAST, 405),
    "hiring:scorecard": dict.fromkeys(CAST, 405),
    # Expiring credentials: recruiters and admins (every posting); the verification audit: any reviewer, for
    # the hires they may review (a manager of another posting gets an empty record).
    "hiring:expiring_credentials": _row(LOGIN, 404, 404, 404, 404, 200, 200),
    "hiring:expiring_credentials_csv": _row(LOGIN, 404, 404, 404, 404, 200, 200),
    "hiring:verification_audit": _row(LOGIN, 404, 404, 200, 200, 200, 200),
    "hiring:verification_audit_csv": _row(LOGIN, 404, 404, 200, 200, 200, 200),
    # Verification: the reviewers of the application; the override is an administrator's (POST only).
    "verification:application_verification": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "verification:override": dict.fromkeys(CAST, 405),
    "verification:evidence": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    # References: one's own referees (staff see their own, empty, list); a referee's link is all the form needs.
    "verification:reference_list": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "verification:reference_resend": dict.fromkeys(CAST, 405),
    "verification:reference_remove": dict.fromkeys(CAST, 405),
    "verification:reference_answer": PUBLIC,
    # Interviews: the pages of the application's reviewers; the candidate's page is reached by a signed link
    # that works for the candidate of that application only.
    "hiring:schedule_interview": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:interview": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:reschedule_interview": dict.fromkeys(CAST, 405),
    "hiring:cancel_interview": dict.fromkeys(CAST, 405),
    "hiring:interview_scorecard": dict.fromkeys(CAST, 405),
    "candidate:interview": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    # Offers: the application's reviewers; the candidate's pages by a signed link to an offer sent to them.
    "hiring:draft_offer": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:offer": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "candidate:offer": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "candidate:offer_letter_pdf": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "accounts:login": _row(200, 302, 302, 302, 302, 302, 302),
    "accounts:logout": dict.fromkeys(CAST, 405),
    "accounts:signup": _row(200, 302, 302, 302, 302, 302, 302),
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_complete": PUBLIC,
    "accounts:password_change": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "accounts:email": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    # The code step belongs to a sign-in under way: without one, everyone is sent to sign in.
    "accounts:two_factor_verify": dict.fromkeys(CAST, LOGIN),
    "accounts:two_factor": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "accounts:two_factor_setup": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "accounts:two_factor_recovery_codes": dict.fromkeys(CAST, 405),
    "accounts:two_factor_disable": dict.fromkeys(CAST, 405),
    "accounts:resend_verification": dict.fromkeys(CAST, 405),
    # A made-up link: the page says it cannot be used, to everyone alike.
    "accounts:verify_email": dict.fromkeys(CAST, 400),
    "accounts:password_change_done": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    # The API (tests/api/test_access.py walks every operation with every kind of key). The job board and the
    # documentation are public; the integrations' side takes API keys only, never a session, so a signed-in
    # admin's cookie gets 401 there like anyone (no cross-site request can use it). POST-only operations
    # answer a GET 405 before looking anything up. /api/v1/ itself is no page.
    "api:docs": PUBLIC,
    "api:v1:openapi-json": PUBLIC,
    "api:v1:api-root": dict.fromkeys(CAST, 404),
    "api:v1:postings": PUBLIC,
    "api:v1:posting": PUBLIC,
    "api:v1:roles": PUBLIC,
    "api:v1:role": PUBLIC,
    "api:v1:manage_postings": dict.fromkeys(CAST, 401),
    "api:v1:manage_postings_create": dict.fromkeys(CAST, 401),
    "api:v1:manage_posting": dict.fromkeys(CAST, 401),
    "api:v1:manage_posting_update": dict.fromkeys(CAST, 401),
    "api:v1:manage_posting_publish": dict.fromkeys(CAST, 405),
    "api:v1:manage_posting_close": dict.fromkeys(CAST, 405),
    "api:v1:manage_locations": dict.fromkeys(CAST, 401),
    "api:v1:manage_applications": dict.fromkeys(CAST, 401),
    "api:v1:manage_application": dict.fromkeys(CAST, 401),
    "api:v1:manage_application_resume": dict.fromkeys(CAST, 401),
    "api:v1:manage_application_move": dict.fromkeys(CAST, 405),
}
# Django's admin: staff sign in there; everyone else is sent to the admin's sign-in page.
ADMIN_INDEX = _row(LOGIN, LOGIN, LOGIN, 200, 200, 200, 200)


def _url_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            # An unnamed pattern could never be in the matrix: the API's operations each get a url_name.
            assert pattern.name or not namespace.startswith("api"), f"Name the URL {pattern.pattern}"
            if pattern.name:
                yield ":".join(filter(None, [namespace, pattern.name]))


def test_every_url_is_in_the_matrix():
    names = {name for name in _url_names() if not name.startswith("admin:")}
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"Add these URLs to the access matrix: {missing}"
    assert not MATRIX.keys() - names, f"The matrix names URLs that no longer exist: {sorted(MATRIX.keys() - names)}"


@pytest.fixture
def world(catalog, posting, other_posting, candidate, other_candidate, manager, other_manager, recruiter, admin_user):
    application = ApplicationFactory(posting=posting, candidate=candidate)
    ApplicationFactory(posting=other_posting, candidate=other_candidate)
    profile = candidate.profile
    profile.resume.save("resume.pdf", ContentFile(PDF_BYTES), save=False)
    profile.resume_name = "resume.pdf"
    profile.save()
    people = {
        "anonymous": None,
        "candidate": candidate,
        "other_candidate": other_candidate,
        "manager": manager,
        "other_manager": other_manager,
        "recruiter": recruiter,
        "admin_user": admin_user,
    }
    entry = verify(
        application, "nbcot", by=manager, evidence=validate_evidence(ContentFile(PDF_BYTES, name="nbcot.pdf"))
    )
    interview = Interview.objects.create(application=application)
    offer = Offer.objects.create(
        application=application,
        start_date=datetime.date(2099, 1, 4),
        employment_type="full_time",
        pay_rate=85000,
        expires_on=datetime.date(2099, 1, 1),
        letter_template=OfferLetterTemplate.objects.first(),
        letter="Dear Casey, ...",
        status="sent",
        sent_at=timezone.now(),
    )
    alert = JobAlertFactory(user=candidate, email=candidate.email)
    pending = JobAlertFactory(email="someone@example.net", confirmed_at=None)
    return {
        "posting": posting,
        "application": application,
        "level": posting.level,
        "people": people,
        "alert": alert,
        "pending_alert": pending,
        "entry": entry,
        "reference": ReferenceFactory(candidate=candidate, link_key="k" * 32),
        "interview": interview,
        "offer": offer,
        "saved_view": SavedView.objects.create(owner=manager, name="Texas", query="license=TX"),
    }


# Workspace pages about no one object.
NO_ARGUMENTS = {
    "hiring:expiring_credentials",
    "hiring:expiring_credentials_csv",
    "hiring:verification_audit",
    "hiring:verification_audit_csv",
}


def _url(name, world):
    posting, application = world["posting"], world["application"]
    args = {
        "roles:role_detail": [world["level"].slug],
        "postings:posting_redirect": [posting.pk],
        "postings:posting_detail": [posting.pk, posting.slug],
        "applications:apply": [posting.pk],
        "accounts:password_reset_confirm": ["MQ", "set-password"],
        "alerts:alert_confirm": [tokens.confirmation_token(world["pending_alert"])],
        "alerts:alert_unsubscribe": [tokens.unsubscribe_token(world["alert"].pk)],
        "alerts:alert_edit": [world["alert"].pk],
        "alerts:alert_delete": [world["alert"].pk],
        "alerts:save_job": [posting.pk],
        "alerts:unsave_job": [posting.pk],
        "accounts:verify_email": ["not-a-real-link"],
        "verification:application_verification": [application.pk],
        "verification:override": [application.pk],
        "verification:evidence": [world["entry"].pk],
        "verification:reference_resend": [world["reference"].pk],
        "verification:reference_remove": [world["reference"].pk],
        "verification:reference_answer": [references.link_token(world["reference"])],
    }
    if name in {"hiring:report", "hiring:report_csv"}:
        args[name] = ["funnel"]
    elif name.startswith("hiring:") and name not in {"hiring:dashboard", "hiring:reports", *NO_ARGUMENTS}:
        args[name] = (
            [posting.pk]
            if name
            in {
                "hiring:pipeline",
                "hiring:pipeline_csv",
                "hiring:bulk_move",
                "hiring:hiring_managers",
                "hiring:fill_posting",
                "hiring:undo_bulk_move",
                "hiring:save_view",
            }
            else [application.pk]
        )
    if name == "hiring:delete_view":
        args[name] = [posting.pk, world["saved_view"].pk]
    if name in {
        "hiring:interview",
        "hiring:reschedule_interview",
        "hiring:cancel_interview",
        "hiring:interview_scorecard",
    }:
        args[name] = [world["interview"].pk]
    if name in {"hiring:offer"}:
        args[name] = [world["offer"].pk]
    if name in {"candidate:offer", "candidate:offer_letter_pdf"}:
        args[name] = [signing.dumps(world["offer"].pk, salt=offers.LINK_SALT)]
    if name == "candidate:interview":
        args[name] = [signing.dumps(world["interview"].pk, salt=interviews.LINK_SALT)]
    if name in {"applications:application_detail", "applications:withdraw", "applications:application_resume"}:
        args[name] = [application.pk]
    if name.startswith("api:v1:"):
        kwargs = {}
        if name == "api:v1:role":
            kwargs = {"slug": world["level"].slug}
        elif name in {"api:v1:posting", "api:v1:manage_posting", "api:v1:manage_applications"} or name.startswith(
            "api:v1:manage_posting_"
        ):
            kwargs = {"posting_id": posting.pk}
        elif name.startswith("api:v1:manage_application"):
            kwargs = {"application_id": application.pk}
        return reverse(name, kwargs=kwargs)
    return reverse(name, args=args.get(name, []))


def _answer(client, url):
    response = client.get(url)
    if response.status_code == 302 and "sign-in" in response["Location"] and "/admin/" not in url:
        return LOGIN
    if response.status_code == 302 and url.startswith("/admin/") and "/admin/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("who", CAST)
def test_each_visitor_gets_the_expected_answer_from_every_url(client, world, who):
    person = world["people"][who]
    if person is not None:
        client.force_login(person)
    answers = {name: _answer(client, _url(name, world)) for name in MATRIX}
    answers["admin:index"] = _answer(client, reverse("admin:index"))
    expected = {name: row[who] for name, row in MATRIX.items()} | {"admin:index": ADMIN_INDEX[who]}
    wrong = {
        name: f"got {answers[name]}, expected {expected[name]}" for name in expected if answers[name] != expected[name]
    }
    assert not wrong, f"{who}: {wrong}"


@pytest.mark.parametrize(
    "name",
    [
        "admin:applications_application_changelist",
        "admin:postings_jobposting_changelist",
        "admin:accounts_user_changelist",
    ],
)
def test_candidates_never_reach_the_back_office(client, world, name):
    client.force_login(world["people"]["candidate"])
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# What each action answers to a POST from each visitor: the same access rules as the pages.
POST_MATRIX = {
    "hiring:bulk_move": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    # A view without a name is refused on the pipeline; deleting a view others own is a 404.
    "hiring:save_view": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:delete_view": _row(LOGIN, 404, 404, 200, 404, 404, 404),
    "hiring:hiring_managers": _row(LOGIN, 404, 404, 404, 404, 200, 200),
    "hiring:fill_posting": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    # With nothing of theirs to undo, reviewers are told so on the pipeline.
    "hiring:undo_bulk_move": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:move": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:add_note": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:scorecard": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:schedule_interview": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:reschedule_interview": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:cancel_interview": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    # Those who may see the interview but sit on no panel of it are told only its interviewers score it.
    "hiring:interview_scorecard": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "candidate:interview": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "hiring:draft_offer": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "hiring:offer": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "candidate:offer": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "applications:withdraw": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "verification:application_verification": _row(LOGIN, 404, 404, 200, 404, 200, 200),
    "verification:override": _row(LOGIN, 404, 404, 404, 404, 404, 200),
    "verification:reference_resend": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "alerts:alert_edit": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    "alerts:alert_delete": _row(LOGIN, 200, 404, 404, 404, 404, 404),
    # Saving and removing one's own saved posting, then back to the list.
    "alerts:save_job": _row(LOGIN, 200, 200, 200, 200, 200, 200),
    "alerts:unsave_job": _row(LOGIN, 200, 200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("who", CAST)
def test_each_visitor_gets_the_expected_answer_from_every_action(client, world, who):
    """An empty POST: insiders get the form back with its errors (or a redirect), outsiders 404."""
    person = world["people"][who]
    if person is not None:
        client.force_login(person)
    wrong = {}
    for name, row in POST_MATRIX.items():
        response = client.post(_url(name, world), {})
        got = response.status_code
        if got == 302:
            got = LOGIN if "sign-in" in response["Location"] else 200
        if got in (400, 409):  # the form shown again with what was wrong
            got = 200
        if got != row[who]:
            wrong[name] = f"got {response.status_code}, expected {row[who]}"
    assert not wrong, f"{who}: {wrong}"


@pytest.mark.parametrize("who", ["candidate", "manager", "recruiter", "admin_user"])
def test_every_page_answered_to_a_signed_in_person_is_private_and_never_stored(client, world, who):
    """Pipelines, applicant pages, the CSV, profiles and applications: Cache-Control private, no-store."""
    client.force_login(world["people"][who])
    unmarked = {}
    for name in [*MATRIX, "admin:index"]:
        url = _url(name, world) if name != "admin:index" else "/admin/"
        response = client.get(url)
        directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        if not {"private", "no-store"} <= directives:
            unmarked[url] = response.get("Cache-Control")
    assert not unmarked, f"{who}: {unmarked}"


def test_public_pages_to_anonymous_visitors_are_not_marked_private(client, db, posting):
    response = client.get("/jobs/")

    assert "private" not in response.get("Cache-Control", "")
