"""Screening on submit: what is stored for reviewers, at the moment of applying, and screening again later."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications import services, uploads
from applications.models import Application, CandidateProfile, CompactMemberState, Outcome, StateLicense
from applications.screening import AnswerInput
from postings.models import JobPosting, PostingRequirement
from roles.models import Requirement
from tests.applications.apply_helpers import apply_data, pdf_upload
from tests.factories import CandidateFactory, LocationFactory, PublishedPostingFactory, RoleLevelFactory

pytestmark = pytest.mark.django_db

Check = Requirement.Check


@pytest.fixture
def level():
    return RoleLevelFactory(min_years_experience=2, min_years_leadership=0)


def checked_posting(level, **fields):
    """A posting asking one skill, checking the license (required) and CPR/BLS (preferred)."""
    posting = PublishedPostingFactory(
        level=level, closes_on=None, start_date=timezone.localdate() + datetime.timedelta(days=30), **fields
    )
    posting.requirements.all().delete()
    for position, (text, importance, kind) in enumerate(
        [
            ("Splinting and orthotics", "required", ""),
            ("State OT license", "required", Check.LICENSE),
            ("CPR/BLS", "preferred", Check.CPR_BLS),
        ]
    ):
        PostingRequirement.objects.create(
            posting=posting, text=text, importance=importance, check_kind=kind, position=position
        )
    return posting


def test_checked_requirements_are_not_asked_on_the_form(client, level):
    posting = checked_posting(level)
    client.force_login(CandidateFactory())
    page = client.get(reverse("applications:apply", args=[posting.pk]))
    asked = [field for field in page.context["form"].fields if field.startswith("meets_")]
    assert asked == [f"meets_{posting.requirements.get(text='Splinting and orthotics').pk}"]


def test_submitting_stores_each_outcome_flags_band_score_and_reasons(client, level):
    posting = checked_posting(level)
    person = CandidateFactory(
        profile__years_experience=1,
        profile__nbcot_status=CandidateProfile.NbcotStatus.ELIGIBLE,
        profile__cpr_bls_expires_on=None,
        profile__licenses=[("TX", "TX-1", timezone.localdate() + datetime.timedelta(days=10))],
    )
    client.force_login(person)

    client.post(reverse("applications:apply", args=[posting.pk]), apply_data(posting))

    application = Application.objects.get(candidate=person)
    outcomes = {answer.requirement.text: (answer.outcome, answer.reason) for answer in application.answers.all()}
    assert outcomes["Splinting and orthotics"] == (Outcome.MET, "")
    assert outcomes["State OT license"][0] == Outcome.NOT_MET
    assert "before the start" in outcomes["State OT license"][1]
    assert outcomes["CPR/BLS"] == (Outcome.NOT_KNOWN, "CPR/BLS not given")
    assert application.knockouts == 1
    assert application.screening_band == Application.Band.KNOCKED_OUT
    assert application.match_score == 40  # 4 of 10 points, under the knockout's cap of 49
    assert application.score_reasons[0].startswith("Not met: TX license expires")
    assert application.flags == [
        "Required item not met",
        "License expired or expires too soon",
        "NBCOT not active",
        "CPR/BLS not given",
        "Less experience than the level asks",
    ]


def test_a_hard_knockout_refuses_the_application_with_what_to_fix(client, level):
    posting = checked_posting(level)
    PostingRequirement.objects.filter(posting=posting, check_kind=Check.LICENSE).update(is_knockout=True)
    person = CandidateFactory(profile__licenses=[("CO", "CO-1", timezone.localdate() + datetime.timedelta(days=400))])
    client.force_login(person)

    response = client.post(reverse("applications:apply", args=[posting.pk]), apply_data(posting))

    assert response.status_code == 200
    assert not Application.objects.filter(candidate=person).exists()
    assert "This opening requires what your profile does not show" in response.content.decode()


def ohio_posting(level):
    ohio = LocationFactory(facility_name="Lakeside Rehab", city="Columbus", state="OH", zip_code="43215")
    return checked_posting(level, location=ohio)


def submit_on(posting, candidate, moment):
    """Apply as if the clock read `moment`: the service takes its time from `now`."""
    answers = [AnswerInput(item.pk, True) for item in posting.requirements.all() if not item.is_checked]
    return services.submit_application(
        posting=posting,
        candidate=candidate,
        answers=answers,
        resume=uploads.validate_resume(pdf_upload()),
        source="job_board",
        now=moment,
    )


@pytest.mark.parametrize(
    ("days_from_start", "band"), [(-1, Application.Band.KNOCKED_OUT), (0, Application.Band.QUALIFIED)]
)
def test_a_compact_privilege_counts_once_the_clock_reaches_the_start_date(level, days_from_start, band):
    start = timezone.localdate() + datetime.timedelta(days=5)
    CompactMemberState.objects.filter(state__in=["OH", "CO"]).update(privileges_from=start)
    posting = ohio_posting(level)
    JobPosting.objects.filter(pk=posting.pk).update(start_date=start + datetime.timedelta(days=30))
    person = CandidateFactory(profile__licenses=[("CO", "CO-1", start + datetime.timedelta(days=400))])
    StateLicense.objects.create(
        profile=person.profile,
        state="OH",
        kind=StateLicense.Kind.PRIVILEGE,
        number="OTC-1",
        expires_on=start + datetime.timedelta(days=400),
    )
    moment = timezone.make_aware(
        datetime.datetime.combine(start + datetime.timedelta(days=days_from_start), datetime.time(12))
    )

    application = submit_on(JobPosting.objects.get(pk=posting.pk), person, moment)

    assert application.screening_band == band
    assert application.flag_no_state_license is (band == Application.Band.KNOCKED_OUT)


def test_a_credential_expiring_mid_assignment_is_caught_on_submit(level):
    posting = checked_posting(level, assignment_weeks=13)
    start = posting.start_date
    person = CandidateFactory(profile__licenses=[("TX", "TX-1", start + datetime.timedelta(weeks=6))])

    application = submit_on(posting, person, timezone.now())

    assert application.flag_license_expires_before_start
    assert application.screening_band == Application.Band.KNOCKED_OUT
    license_answer = application.answers.get(requirement__check_kind=Check.LICENSE)
    assert "during the assignment" in license_answer.reason


def test_rescreen_applies_new_rules_and_profiles_keeping_the_answers(level):
    posting = checked_posting(level)
    person = CandidateFactory(profile__licenses=[])
    application = submit_on(posting, person, timezone.now())
    assert application.screening_band == Application.Band.TO_CONFIRM
    StateLicense.objects.create(
        profile=person.profile,
        state="TX",
        number="TX-9",
        expires_on=timezone.localdate() + datetime.timedelta(days=400),
    )

    call_command("rescreen", stdout=io.StringIO())

    application.refresh_from_db()
    assert application.screening_band == Application.Band.QUALIFIED
    assert application.answers.get(requirement__check_kind=Check.LICENSE).outcome == Outcome.MET
    assert application.answers.get(requirement__text="Splinting and orthotics").meets is True
