"""Screening rules (applications/screening.py): each check, its three outcomes, the compact, the assignment, the score."""

import datetime

import pytest

from applications import screening
from applications.models import Application, CandidateProfile, CompactMemberState, Outcome, Specialty, StateLicense
from applications.screening import AnswerInput
from postings.models import JobPosting, PostingRequirement
from roles.models import Requirement
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    LocationFactory,
    PublishedPostingFactory,
    RoleLevelFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
Check = Requirement.Check
MET, NOT_MET, NOT_KNOWN = Outcome.MET, Outcome.NOT_MET, Outcome.NOT_KNOWN


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def level():
    return RoleLevelFactory(min_years_experience=2, min_years_leadership=0)


@pytest.fixture
def posting(level):
    """A Texas posting starting in 30 days, a permanent role (no assignment length)."""
    return PublishedPostingFactory(level=level, start_date=days(30), closes_on=None)


def make_profile(**overrides):
    """A candidate who clears every check for a Texas posting unless told otherwise.

    `licenses` is a list of (state, expires_on) or (state, expires_on, kind)."""
    licenses = overrides.pop("licenses", [("TX", days(400))])
    specialties = overrides.pop("specialties", [])
    values = {
        "degree": CandidateProfile.Degree.MASTERS,
        "years_experience": 4,
        "years_leadership": 0,
        "nbcot_status": CandidateProfile.NbcotStatus.ACTIVE,
        "nbcot_number": "NB1",
        "nbcot_expires_on": days(300),
        "cpr_bls_expires_on": days(200),
        **overrides,
    }
    profile = CandidateFactory(profile__licenses=[]).profile
    for field, value in values.items():
        setattr(profile, field, value)
    profile.save()
    for state, expires_on, *kind in licenses:
        StateLicense.objects.create(
            profile=profile,
            state=state,
            number=f"{state}-1",
            expires_on=expires_on,
            kind=kind[0] if kind else StateLicense.Kind.LICENSE,
        )
    profile.specialties.set(Specialty.objects.filter(slug__in=specialties))
    return CandidateProfile.objects.prefetch_related("licenses", "specialties").get(pk=profile.pk)


def run(kind, posting, profile, today=TODAY, requirement=None):
    return screening.check(kind, posting=posting, profile=profile, today=today, requirement=requirement)


def add_item(posting, text, importance="required", **check):
    return PostingRequirement.objects.create(posting=posting, text=text, importance=importance, position=50, **check)


# --- License to practise ----------------------------------------------------------------------------


def test_a_license_in_the_postings_state_valid_through_the_start_is_met(posting):
    result = run(Check.LICENSE, posting, make_profile())
    assert result.outcome == MET
    assert "TX license valid through" in result.reason


def test_no_license_given_is_not_known_never_expired(posting):
    result = run(Check.LICENSE, posting, make_profile(licenses=[]))
    assert (result.outcome, result.code, result.reason) == (NOT_KNOWN, "not_given", "No license given")
    assert "Add your Texas OT license" in result.advice


def test_a_license_for_another_state_only_is_not_met_wrong_state(posting):
    result = run(Check.LICENSE, posting, make_profile(licenses=[("CO", days(400))]))
    assert (result.outcome, result.code) == (NOT_MET, "wrong_state")
    assert result.reason == "No license for TX (holds CO)"


def test_an_expired_license_says_when_it_expired(posting):
    result = run(Check.LICENSE, posting, make_profile(licenses=[("TX", days(-5))]))
    assert (result.outcome, result.code) == (NOT_MET, "expired")
    assert result.reason == "TX license expired May 27, 2026"


def test_a_license_expiring_the_day_before_the_start_tells_the_candidate_so(posting):
    result = run(Check.LICENSE, posting, make_profile(licenses=[("TX", days(29))]))
    assert (result.outcome, result.code) == (NOT_MET, "expires_before_start")
    assert result.advice == (
        "Your Texas license expires Jun 30, 2026, the day before this job starts: update it if it has been renewed."
    )


def test_a_license_expiring_on_the_start_date_is_met_for_a_permanent_role(posting):
    assert run(Check.LICENSE, posting, make_profile(licenses=[("TX", days(30))])).outcome == MET


def test_without_a_start_date_a_license_must_be_valid_today(level):
    posting = PublishedPostingFactory(level=level, start_date=None, closes_on=None)
    assert run(Check.LICENSE, posting, make_profile(licenses=[("TX", days(-1))])).code == "expired"
    assert run(Check.LICENSE, posting, make_profile(licenses=[("TX", days(0))])).outcome == MET


def test_a_license_expiring_mid_assignment_is_not_met(level):
    """A 13-week travel contract from day 30 runs through day 121: valid on the start is not enough."""
    posting = PublishedPostingFactory(level=level, start_date=days(30), assignment_weeks=13, closes_on=None)
    result = run(Check.LICENSE, posting, make_profile(licenses=[("TX", days(60))]))
    assert (result.outcome, result.code) == (NOT_MET, "expires_during")
    assert "during the assignment (through Sep 30, 2026)" in result.reason
    assert "before this 13-week assignment ends on Sep 30, 2026" in result.advice
    assert run(Check.LICENSE, posting, make_profile(licenses=[("TX", days(30 + 91))])).outcome == MET


def test_a_telehealth_posting_is_judged_by_the_patients_state(level):
    """The location's state is where the patients are: a license where the therapist lives does not count."""
    posting = PublishedPostingFactory(
        level=level, start_date=days(30), closes_on=None, work_mode=JobPosting.WorkMode.TELEHEALTH
    )
    assert run(Check.LICENSE, posting, make_profile(state="CO", licenses=[("CO", days(400))])).code == "wrong_state"
    assert run(Check.LICENSE, posting, make_profile(state="CO", licenses=[("TX", days(400))])).outcome == MET


# --- The OT Licensure Compact -----------------------------------------------------------------------

PRIVILEGE = StateLicense.Kind.PRIVILEGE
COMPACT_START = days(10)


@pytest.fixture
def compact_posting(level):
    """A posting in Ohio, a compact member; Colorado is the candidate's home state, a member too."""
    ohio = LocationFactory(facility_name="Lakeside Rehab", city="Columbus", state="OH", zip_code="43215")
    CompactMemberState.objects.filter(state__in=["OH", "CO"]).update(privileges_from=COMPACT_START)
    return PublishedPostingFactory(level=level, location=ohio, start_date=days(30), closes_on=None)


def privilege_holder(**overrides):
    return make_profile(licenses=[("CO", days(400)), ("OH", days(400), PRIVILEGE)], **overrides)


def test_the_member_states_are_seeded_without_privileges():
    assert CompactMemberState.objects.count() >= 27
    assert not CompactMemberState.objects.issuing_on(TODAY).exists()
    assert not CompactMemberState.objects.filter(state="TX").exists()


def test_a_compact_privilege_counts_nothing_before_the_compact_issues_privileges(compact_posting):
    result = run(Check.LICENSE, compact_posting, privilege_holder(), today=COMPACT_START - datetime.timedelta(days=1))
    assert (result.outcome, result.code) == (NOT_MET, "privileges_not_started")
    assert "from Jun 11, 2026" in result.reason


def test_a_compact_privilege_on_a_member_home_license_counts_from_the_start_date(compact_posting):
    result = run(Check.LICENSE, compact_posting, privilege_holder(), today=COMPACT_START)
    assert result.outcome == MET
    assert result.reason.startswith("OH compact privilege on a CO license")


def test_while_no_start_date_is_set_privileges_never_count(compact_posting):
    CompactMemberState.objects.update(privileges_from=None)
    assert run(Check.LICENSE, compact_posting, privilege_holder(), today=days(5000)).code == "privileges_not_started"


def test_a_privilege_for_a_state_outside_the_compact_does_not_count(posting):
    CompactMemberState.objects.update(privileges_from=days(-100))
    profile = make_profile(licenses=[("CO", days(400)), ("TX", days(400), PRIVILEGE)])
    assert run(Check.LICENSE, posting, profile).code == "not_member"


def test_a_privilege_needs_a_license_in_a_member_home_state(compact_posting):
    profile = make_profile(licenses=[("CA", days(400)), ("OH", days(400), PRIVILEGE)])
    assert run(Check.LICENSE, compact_posting, profile, today=COMPACT_START).code == "no_home_license"


def test_a_privilege_whose_home_license_lapses_before_the_start_is_not_met(compact_posting):
    profile = make_profile(licenses=[("CO", days(20)), ("OH", days(400), PRIVILEGE)])
    result = run(Check.LICENSE, compact_posting, profile, today=COMPACT_START)
    assert (result.outcome, result.code) == (NOT_MET, "expires_before_start")
    assert result.reason.startswith("Home CO license expires")


# --- NBCOT, CPR/BLS, degree, experience, specialty --------------------------------------------------


def test_nbcot_not_given_is_not_known_and_not_active_is_not_met(posting):
    assert run(Check.NBCOT, posting, make_profile(nbcot_status="")).outcome == NOT_KNOWN
    for status in (CandidateProfile.NbcotStatus.ELIGIBLE, CandidateProfile.NbcotStatus.INACTIVE):
        result = run(Check.NBCOT, posting, make_profile(nbcot_status=status))
        assert (result.outcome, result.code) == (NOT_MET, "not_active")


def test_nbcot_active_but_expired_or_without_a_date(posting):
    assert run(Check.NBCOT, posting, make_profile(nbcot_expires_on=days(-1))).code == "expired"
    assert run(Check.NBCOT, posting, make_profile(nbcot_expires_on=None)).outcome == MET


def test_cpr_not_given_is_not_known_and_expired_is_not_met(posting):
    missing = run(Check.CPR_BLS, posting, make_profile(cpr_bls_expires_on=None))
    assert (missing.outcome, missing.reason) == (NOT_KNOWN, "CPR/BLS not given")
    assert run(Check.CPR_BLS, posting, make_profile(cpr_bls_expires_on=days(-1))).code == "expired"
    assert run(Check.CPR_BLS, posting, make_profile(cpr_bls_expires_on=days(30))).outcome == MET


def test_cpr_expiring_mid_assignment_is_not_met(level):
    posting = PublishedPostingFactory(level=level, start_date=days(30), assignment_weeks=13, closes_on=None)
    assert run(Check.CPR_BLS, posting, make_profile(cpr_bls_expires_on=days(100))).code == "expires_during"


@pytest.mark.parametrize(
    ("kind", "degree", "outcome"),
    [
        (Check.MASTERS, CandidateProfile.Degree.MASTERS, MET),
        (Check.MASTERS, CandidateProfile.Degree.DOCTORATE, MET),
        (Check.MASTERS, CandidateProfile.Degree.OTHER, NOT_MET),
        (Check.MASTERS, "", NOT_KNOWN),
        (Check.DOCTORATE, CandidateProfile.Degree.DOCTORATE, MET),
        (Check.DOCTORATE, CandidateProfile.Degree.MASTERS, NOT_MET),
        (Check.DOCTORATE, "", NOT_KNOWN),
    ],
)
def test_the_degree_checks(posting, kind, degree, outcome):
    assert run(kind, posting, make_profile(degree=degree)).outcome == outcome


def test_years_of_experience_and_of_leadership(posting):
    item = add_item(
        posting, "6+ years with 2 leading", check_kind=Check.EXPERIENCE, min_years=6, min_leadership_years=2
    )
    short = run(Check.EXPERIENCE, posting, make_profile(years_experience=7, years_leadership=1), requirement=item)
    assert (short.outcome, short.reason) == (
        NOT_MET,
        "7 years of OT experience, 1 year leading; asks 2 years in a leadership role",
    )
    enough = make_profile(years_experience=6, years_leadership=2)
    assert run(Check.EXPERIENCE, posting, enough, requirement=item).outcome == MET


def test_without_a_requirement_experience_is_the_levels_minimum(posting):
    assert run(Check.EXPERIENCE, posting, make_profile(years_experience=1)).outcome == NOT_MET
    assert run(Check.EXPERIENCE, posting, make_profile(years_experience=2)).outcome == MET


def test_a_specialty_from_the_list_meets_it_none_given_is_not_known(posting):
    item = add_item(posting, "Neuro or ortho", check_kind=Check.SPECIALTY, specialties="neuro-rehab,orthopedics")
    assert run(Check.SPECIALTY, posting, make_profile(specialties=["neuro-rehab"]), requirement=item).outcome == MET
    assert run(Check.SPECIALTY, posting, make_profile(specialties=["pediatrics"]), requirement=item).outcome == NOT_MET
    assert run(Check.SPECIALTY, posting, make_profile(), requirement=item).outcome == NOT_KNOWN


def test_nbcot_and_license_together_report_the_one_that_fails(posting):
    result = run(Check.NBCOT_AND_LICENSE, posting, make_profile(licenses=[("TX", days(-3))]))
    assert (result.outcome, result.reason) == (NOT_MET, "TX license expired May 29, 2026")
    assert run(Check.NBCOT_AND_LICENSE, posting, make_profile(nbcot_status="")).outcome == NOT_KNOWN
    assert run(Check.NBCOT_AND_LICENSE, posting, make_profile()).outcome == MET


# --- A whole application: flags, band, score --------------------------------------------------------


def screened(posting, profile, answers=None):
    return screening.screen(posting=posting, profile=profile, answers=answers or {}, today=TODAY)


def yes(posting, evidence=""):
    return {item.pk: AnswerInput(item.pk, True, evidence) for item in posting.requirements.all() if not item.is_checked}


def test_not_given_raises_its_own_flag_never_expired(posting):
    fields = screened(posting, make_profile(cpr_bls_expires_on=None, nbcot_status="", licenses=[])).fields()
    assert (fields["flag_cpr_not_given"], fields["flag_cpr_expired"]) == (True, False)
    assert (fields["flag_nbcot_not_given"], fields["flag_nbcot_not_active"]) == (True, False)
    assert (fields["flag_license_not_given"], fields["flag_no_state_license"]) == (True, False)


def test_each_credential_problem_raises_its_flag(posting):
    fields = screened(
        posting,
        make_profile(
            licenses=[("TX", days(3))],
            nbcot_status=CandidateProfile.NbcotStatus.INACTIVE,
            cpr_bls_expires_on=days(-1),
            years_experience=1,
        ),
    ).fields()
    raised = {name for name, value in fields.items() if name.startswith("flag_") and value}
    assert raised == {
        "flag_license_expires_before_start",
        "flag_nbcot_not_active",
        "flag_cpr_expired",
        "flag_experience_below_minimum",
    }


@pytest.fixture
def scored_posting(level):
    """Two required items (a checked license, an asked skill) and two preferred (checked CPR, an asked skill)."""
    posting = PublishedPostingFactory(level=level, start_date=days(30), closes_on=None)
    posting.requirements.all().delete()
    add_item(posting, "Texas license", check_kind=Check.LICENSE)
    add_item(posting, "Splinting")
    add_item(posting, "CPR/BLS", importance="preferred", check_kind=Check.CPR_BLS)
    add_item(posting, "Spanish", importance="preferred")
    return posting


def test_meeting_everything_with_evidence_scores_100(scored_posting):
    result = screened(scored_posting, make_profile(), yes(scored_posting, evidence="Hand clinic, 2 years"))
    assert (result.band, result.match_score) == (Application.Band.QUALIFIED, 100)


def test_a_bare_yes_weighs_less_than_a_yes_with_evidence(scored_posting):
    # 12 points possible; the two bare yes answers earn 3 + 1 instead of 4 + 2.
    assert screened(scored_posting, make_profile(), yes(scored_posting)).match_score == 83


def test_required_items_weigh_more_than_preferred(scored_posting):
    profile = make_profile(cpr_bls_expires_on=days(-1))
    without_preferred = screened(scored_posting, profile, yes(scored_posting, "x")).match_score
    assert without_preferred == 83  # 10 of 12
    answers = yes(scored_posting, "x")
    splinting = next(item for item in scored_posting.requirements.all() if item.text == "Splinting")
    answers[splinting.pk] = AnswerInput(splinting.pk, False)
    assert screened(scored_posting, make_profile(), answers).match_score < without_preferred


def test_a_knockout_caps_the_score_and_bands_below_every_qualified_applicant(scored_posting):
    result = screened(scored_posting, make_profile(licenses=[("CO", days(400))]), yes(scored_posting, "x"))
    assert result.band == Application.Band.KNOCKED_OUT
    assert result.match_score == 49  # 8 of 12 would be 67
    assert result.fields()["knockouts"] == 1
    assert result.reasons[0] == "Not met: No license for TX (holds CO)"


def test_a_required_item_not_known_caps_at_79_and_bands_between(scored_posting):
    result = screened(scored_posting, make_profile(licenses=[]), yes(scored_posting, "x"))
    assert (result.band, result.match_score) == (Application.Band.TO_CONFIRM, 67)
    assert result.reasons[0] == "Not known: No license given"


def test_the_reasons_name_what_is_met_and_the_evidence(scored_posting):
    result = screened(scored_posting, make_profile(), yes(scored_posting))
    assert result.reasons == ["Required: 2 of 2 met", "Preferred: 2 of 2 met", "Evidence given for 0 of 2 yes answers"]


def test_a_hard_knockout_not_met_blocks_applying(scored_posting):
    PostingRequirement.objects.filter(posting=scored_posting, check_kind=Check.LICENSE).update(is_knockout=True)
    posting = JobPosting.objects.get(pk=scored_posting.pk)
    assert screened(posting, make_profile(licenses=[("CO", days(400))])).hard_knockouts
    assert not screened(posting, make_profile()).hard_knockouts


def test_the_pipeline_sorts_qualified_applicants_first_whatever_their_score(posting):
    Band = Application.Band
    low_but_qualified = ApplicationFactory(posting=posting, screening_band=Band.QUALIFIED, match_score=40)
    knocked_out = ApplicationFactory(posting=posting, screening_band=Band.KNOCKED_OUT, match_score=49)
    to_confirm = ApplicationFactory(posting=posting, screening_band=Band.TO_CONFIRM, match_score=79)
    best = ApplicationFactory(posting=posting, screening_band=Band.QUALIFIED, match_score=90)

    order = list(Application.objects.filter(posting=posting).in_pipeline(sort="score"))
    assert order == [best, low_but_qualified, to_confirm, knocked_out]


def test_expired_credentials_are_listed_for_the_candidate():
    profile = make_profile(licenses=[("TX", days(-5))], cpr_bls_expires_on=days(-1))
    assert screening.expired_credentials(profile, TODAY) == [
        "Your TX license expired on May 27, 2026.",
        "Your CPR/BLS card expired on May 31, 2026.",
    ]
