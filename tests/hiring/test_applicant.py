"""One applicant: profile, credentials, requirements with answers, other applications, history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Answer, Application, Specialty, StateLicense
from hiring.models import HiringEvent, Interview, InterviewScorecard, Note, Scorecard, ScorecardRating
from tests.factories import ApplicationFactory, CandidateFactory, HiringManagerFactory, PublishedPostingFactory
from tests.hiring.conftest import page_text

Stage = Application.Stage


def _applicant(client, application):
    response = client.get(reverse("hiring:applicant", args=[application.pk]))
    assert response.status_code == 200
    return response


def test_profile_and_credentials_are_shown_with_their_problems(client, manager, posting):
    today = timezone.localdate()
    candidate = CandidateFactory(
        full_name="Priya Patel",
        profile__phone="512-555-0199",
        profile__nbcot_status="inactive",
        profile__cpr_bls_expires_on=today - datetime.timedelta(days=3),
        profile__licenses=[("CO", "OT-CO-1", today + datetime.timedelta(days=900))],
    )
    application = ApplicationFactory(posting=posting, candidate=candidate, flag_no_state_license=True)
    client.force_login(manager)

    page = page_text(_applicant(client, application))

    assert "<h1>Priya Patel</h1>" in page
    assert "512-555-0199" in page
    assert "CO OT license" in page
    assert "No license for TX (holds CO)" in page
    assert "NBCOT: Inactive or lapsed" in page and "Not met" in page
    assert "CPR/BLS expired" in page
    assert "No license for the posting&#x27;s state" in page  # the flag raised on submit


def test_a_license_expiring_before_the_start_date_is_flagged(client, manager, posting):
    start = posting.start_date
    candidate = CandidateFactory(profile__licenses=[("TX", "OT-TX-9", start - datetime.timedelta(days=1))])
    application = ApplicationFactory(posting=posting, candidate=candidate)
    client.force_login(manager)

    checks = {check.label: check for check in _applicant(client, application).context["credentials"]}

    assert checks["License to practice"].problem == "Not met"
    assert "before the start" in checks["License to practice"].value


def test_each_requirement_sits_beside_the_answer_and_evidence_required_apart_from_preferred(client, manager, posting):
    application = ApplicationFactory(posting=posting, answers=False)
    required, preferred = posting.required_and_preferred()
    Answer.objects.filter(application=application, requirement=required[0]).update(
        meets=True, evidence="Texas license 2019–today"
    )
    client.force_login(manager)

    response = _applicant(client, application)

    assert [(req.text, answer.meets) for req, answer in response.context["required_rows"]] == [(required[0].text, True)]
    assert [(req.text, answer.meets) for req, answer in response.context["preferred_rows"]] == [
        (preferred[0].text, False)
    ]
    page = page_text(response)
    assert "Texas license 2019–today" in page
    assert page.index(required[0].text) < page.index("Preferred") < page.index(preferred[0].text)
    assert "Does not meet" in page


def test_cover_letter_and_resume_are_on_the_page(client, manager, posting):
    application = ApplicationFactory(
        posting=posting, cover_letter="I have led a stroke rehab team.\n\nI love this work.", resume_name="cv-priya.pdf"
    )
    client.force_login(manager)

    page = page_text(_applicant(client, application))

    assert "I have led a stroke rehab team." in page
    assert "cv-priya.pdf" in page


def test_other_applications_list_only_those_the_viewer_may_see(client, manager, recruiter, posting, other_posting):
    candidate = CandidateFactory()
    here = ApplicationFactory(posting=posting, candidate=candidate)
    third = PublishedPostingFactory(hiring_managers=[manager])
    also_mine = ApplicationFactory(posting=third, candidate=candidate)
    hidden = ApplicationFactory(posting=other_posting, candidate=candidate)
    client.force_login(manager)

    assert list(_applicant(client, here).context["other_applications"]) == [also_mine]
    assert reverse("hiring:applicant", args=[hidden.pk]) not in page_text(_applicant(client, here))

    client.force_login(recruiter)
    assert set(_applicant(client, here).context["other_applications"]) == {also_mine, hidden}


def test_history_shows_who_when_from_to_why_and_time_in_stage(client, manager, recruiter, application):
    application.move_to(Stage.SCREENING, by=recruiter, reason="Meets the basics")
    application.move_to(Stage.INTERVIEW, by=manager, reason="Great phone screen")
    client.force_login(manager)

    response = _applicant(client, application)

    periods = response.context["history"]
    assert [(p.stage, p.from_label, getattr(p.by, "full_name", None), p.reason) for p in periods] == [
        ("submitted", "", "Casey Candidate", ""),
        ("screening", "Submitted", "Riley Recruiter", "Meets the basics"),
        ("interview", "Screening", "Morgan Manager", "Great phone screen"),
    ]
    assert all(period.duration is not None for period in periods)  # interview is still open: runs until now
    page = page_text(response)
    assert "From Submitted by Riley Recruiter" in page
    assert "in this stage for" in page
    assert response.context["hired_at"] is None


def test_a_final_stage_has_no_running_time(client, manager, application):
    application.move_to(Stage.REJECTED, by=manager, reason="Not a fit")
    client.force_login(manager)

    periods = _applicant(client, application).context["history"]

    assert periods[-1].stage == "rejected" and periods[-1].duration is None


def test_specialties_and_each_scorecards_ratings_are_shown(client, manager, recruiter, posting):
    application = ApplicationFactory(posting=posting)
    profile = application.candidate.profile
    profile.specialties.set(Specialty.objects.filter(slug__in=["neuro-rehab", "hand-therapy"]))
    (item,) = posting.required_and_preferred()[0]
    rated = Scorecard.objects.create(application=application, reviewer=recruiter, recommendation="strong_yes")
    ScorecardRating.objects.create(scorecard=rated, requirement=item, rating=4)
    Scorecard.objects.create(application=application, reviewer=manager, recommendation="no", comments="Unrated")
    client.force_login(manager)

    response = _applicant(client, application)

    page = page_text(response)
    names = sorted(Specialty.objects.filter(slug__in=["neuro-rehab", "hand-therapy"]).values_list("name", flat=True))
    assert ", ".join(names) in page
    cards = {card.reviewer: card.rating_rows for card in response.context["scorecards"]}
    assert cards == {recruiter: [(item.text, 4)], manager: []}
    assert f"{item.text}: 4/5" in page
    # My own scorecard fills the form with what I gave before.
    assert response.context["scorecard_form"]["recommendation"].value() == "no"


def test_applicant_page_runs_a_fixed_number_of_queries(client, recruiter, posting, django_assert_num_queries):
    (item,) = posting.required_and_preferred()[0]

    def build(extra):
        application = ApplicationFactory(posting=posting)
        application.candidate.profile.specialties.set(Specialty.objects.all()[: 1 + extra])
        for index in range(extra):
            reviewer = HiringManagerFactory()
            Note.objects.create(application=application, author=reviewer, body=f"Note {index}")
            card = Scorecard.objects.create(application=application, reviewer=reviewer, recommendation="yes")
            ScorecardRating.objects.create(scorecard=card, requirement=item, rating=1 + index % 5)
            ApplicationFactory(candidate=application.candidate)
            interview = Interview.objects.create(application=application)
            InterviewScorecard.objects.create(interview=interview, interviewer=reviewer, recommendation="no")
            HiringEvent.record(application, HiringEvent.Kind.INTERVIEW_PROPOSED, by=reviewer, text=f"Event {index}")
            StateLicense.objects.create(
                profile=application.candidate.profile,
                state=["CA", "NY", "FL", "WA", "OR", "AZ"][index],
                number=f"OT-{index}",
                expires_on=timezone.localdate() + datetime.timedelta(days=90),
            )
        application.move_to(Stage.SCREENING, by=recruiter)
        return application

    small, large = build(1), build(6)
    client.force_login(recruiter)
    # session, user with their reviewer groups, the application (with the candidate, profile, posting,
    # specialties, licenses, interviews with their scorecards' verdicts and offers), answers with requirements, history, scorecards with ratings,
    # other applications, notes, references, interview and offer events, the previous and the next applicant in
    # the pipeline (one query). The move form's rejection reasons come from the cache (test_rejection_reasons.py).
    _applicant(client, small)
    for application in (small, large):
        with django_assert_num_queries(11):
            _applicant(client, application)


@pytest.mark.parametrize("stage", [Stage.HIRED, Stage.REJECTED])
def test_final_stages_offer_no_move(client, manager, application, stage):
    path = [Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED] if stage == Stage.HIRED else [stage]
    for step in path:
        application.move_to(step, by=manager, reason="r")
    client.force_login(manager)

    assert _applicant(client, application).context["move_form"] is None


def test_licenses_interviews_and_offers_read_with_the_application_equal_the_rows(client, manager, posting):
    from decimal import Decimal

    from hiring.models import Offer, OfferLetterTemplate

    application = ApplicationFactory(posting=posting)
    profile = application.candidate.profile
    StateLicense.objects.create(profile=profile, state="WA", number="OT-9", expires_on=datetime.date(2028, 2, 29))
    Interview.objects.create(application=application, starts_at=timezone.now().replace(microsecond=123456))
    Interview.objects.create(application=application, kind=Interview.Kind.PHONE)
    Offer.objects.create(
        application=application,
        start_date=datetime.date(2027, 1, 4),
        employment_type="full_time",
        pay_rate=Decimal("48.75"),
        pay_unit=Offer.PayUnit.HOUR,
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
        letter_template=OfferLetterTemplate.objects.get(name="Standard offer"),
        created_by=manager,
    )
    client.force_login(manager)

    context = _applicant(client, application).context

    def fields(rows, names):
        return [tuple(getattr(row, name) for name in names) for row in rows]

    assert fields(context["interviews"], ["pk", "kind", "status", "starts_at"]) == fields(
        Interview.objects.filter(application=application).order_by("created_at", "pk"),
        ["pk", "kind", "status", "starts_at"],
    )
    offer_fields = ["pk", "status", "start_date", "pay_rate", "pay_label"]
    assert fields(context["offers"], offer_fields) == fields(
        Offer.objects.filter(application=application), offer_fields
    )
    assert fields(context["profile"].licenses.all(), ["pk", "state", "number", "expires_on"]) == fields(
        profile.licenses.all(), ["pk", "state", "number", "expires_on"]
    )
    assert "$48.75" in page_text(_applicant(client, application))
