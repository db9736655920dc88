"""What reviewers see about an application: knockouts, each credential flag and the match score."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, CandidateProfile, StateLicense
from applications.services import screening
from postings.models import JobPosting
from tests.applications.apply_helpers import apply_data
from tests.factories import CandidateFactory, PublishedPostingFactory, RoleLevelFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def level():
    return RoleLevelFactory(min_years_experience=2, min_years_leadership=0)


@pytest.fixture
def texas_posting(level):
    """A Texas posting starting in 30 days: one required item, one preferred."""
    return PublishedPostingFactory(level=level, start_date=days(30), closes_on=None)


def make_profile(**overrides):
    """A candidate who clears every check for `texas_posting` unless told otherwise."""
    licenses = overrides.pop("licenses", [("TX", days(400))])
    values = {
        "years_experience": 4,
        "years_leadership": 0,
        "nbcot_status": CandidateProfile.NbcotStatus.ACTIVE,
        "nbcot_number": "NB1",
        "nbcot_expires_on": days(300),
        "cpr_bls_expires_on": days(200),
        **overrides,
    }
    user = CandidateFactory(profile__licenses=[])
    profile = user.profile
    for field, value in values.items():
        setattr(profile, field, value)
    profile.save()
    for state, expires_on in licenses:
        StateLicense.objects.create(profile=profile, state=state, number=f"{state}-1", expires_on=expires_on)
    return CandidateProfile.objects.prefetch_related("licenses").get(pk=profile.pk)


def screen(posting, profile, meets=True):
    answers = {item.pk: (meets(item) if callable(meets) else meets) for item in posting.requirements.all()}
    return screening(posting=posting, profile=profile, answers=answers, today=TODAY)


FLAGS = (
    "flag_no_state_license",
    "flag_license_expires_before_start",
    "flag_nbcot_not_active",
    "flag_cpr_expired",
    "flag_experience_below_minimum",
)


def raised(result):
    return {flag for flag in FLAGS if result[flag]}


def test_a_candidate_who_meets_everything_raises_no_flag_and_scores_100(texas_posting):
    result = screen(texas_posting, make_profile())
    assert raised(result) == set()
    assert result["knockouts"] == 0
    assert result["match_score"] == 100


def test_each_required_item_answered_no_is_a_knockout(level):
    posting = PublishedPostingFactory(
        level=level,
        requirements=[
            ("Texas OT license", "required"),
            ("Inpatient rehab experience", "required"),
            ("Spanish", "preferred"),
        ],
    )
    result = screen(posting, make_profile(), meets=lambda item: not item.is_required)
    assert result["knockouts"] == 2


def test_a_preferred_item_answered_no_is_no_knockout(texas_posting):
    result = screen(texas_posting, make_profile(), meets=lambda item: item.is_required)
    assert result["knockouts"] == 0


def test_no_license_for_the_postings_state_is_flagged(texas_posting):
    result = screen(texas_posting, make_profile(licenses=[("CO", days(400))]))
    assert raised(result) == {"flag_no_state_license"}


def test_a_license_expiring_before_the_start_date_is_flagged(texas_posting):
    assert raised(screen(texas_posting, make_profile(licenses=[("TX", days(29))]))) == {
        "flag_license_expires_before_start"
    }


def test_a_license_expiring_on_the_start_date_is_fine(texas_posting):
    assert raised(screen(texas_posting, make_profile(licenses=[("TX", days(30))]))) == set()


def test_without_a_start_date_a_license_must_be_valid_today(level):
    posting = PublishedPostingFactory(level=level, start_date=None, closes_on=None)
    assert raised(screen(posting, make_profile(licenses=[("TX", days(-1))]))) == {"flag_license_expires_before_start"}
    assert raised(screen(posting, make_profile(licenses=[("TX", days(0))]))) == set()


def test_nbcot_eligible_or_inactive_is_flagged(texas_posting):
    for status in (CandidateProfile.NbcotStatus.ELIGIBLE, CandidateProfile.NbcotStatus.INACTIVE, ""):
        assert raised(screen(texas_posting, make_profile(nbcot_status=status))) == {"flag_nbcot_not_active"}


def test_nbcot_active_but_past_its_expiry_is_flagged(texas_posting):
    assert raised(screen(texas_posting, make_profile(nbcot_expires_on=days(-1)))) == {"flag_nbcot_not_active"}


def test_cpr_expired_or_missing_is_flagged(texas_posting):
    assert raised(screen(texas_posting, make_profile(cpr_bls_expires_on=days(-1)))) == {"flag_cpr_expired"}
    assert raised(screen(texas_posting, make_profile(cpr_bls_expires_on=None))) == {"flag_cpr_expired"}
    assert raised(screen(texas_posting, make_profile(cpr_bls_expires_on=days(0)))) == set()


def test_fewer_years_than_the_level_asks_is_flagged(texas_posting):
    assert raised(screen(texas_posting, make_profile(years_experience=1))) == {"flag_experience_below_minimum"}
    assert raised(screen(texas_posting, make_profile(years_experience=2))) == set()


def test_too_little_leadership_for_a_leadership_level_is_flagged():
    lead_level = RoleLevelFactory(min_years_experience=5, min_years_leadership=2)
    posting = PublishedPostingFactory(level=lead_level, start_date=days(30), closes_on=None)
    assert raised(screen(posting, make_profile(years_experience=8, years_leadership=1))) == {
        "flag_experience_below_minimum"
    }
    assert raised(screen(posting, make_profile(years_experience=8, years_leadership=2))) == set()


@pytest.mark.parametrize(
    ("required_met", "preferred_met", "score"),
    [
        (2, 4, 100),
        (0, 0, 0),
        (2, 0, 50),  # 4 of 8 points
        (0, 4, 50),
        (1, 3, 63),  # 5 of 8 points = 62.5, rounded half up
        (1, 0, 25),
        (2, 1, 63),
    ],
)
def test_the_match_score_counts_required_items_double(level, required_met, preferred_met, score):
    posting = PublishedPostingFactory(
        level=level,
        requirements=[("Texas OT license", "required"), ("Two years in acute care", "required")]
        + [(f"Preferred item {n}", "preferred") for n in range(4)],
    )
    required = [item for item in posting.requirements.all() if item.is_required]
    preferred = [item for item in posting.requirements.all() if not item.is_required]
    assert (len(required), len(preferred)) == (2, 4)
    met = {item.pk for item in required[:required_met] + preferred[:preferred_met]}

    assert screen(posting, make_profile(), meets=lambda item: item.pk in met)["match_score"] == score


def test_submitting_stores_the_flags_score_and_experience_snapshot(client, level):
    posting = PublishedPostingFactory(level=level)
    JobPosting.objects.filter(pk=posting.pk).update(start_date=timezone.localdate() + datetime.timedelta(days=30))
    person = CandidateFactory(
        profile__years_experience=1,
        profile__years_leadership=0,
        profile__nbcot_status=CandidateProfile.NbcotStatus.ELIGIBLE,
        profile__cpr_bls_expires_on=timezone.localdate() - datetime.timedelta(days=3),
        profile__licenses=[("TX", "TX-1", timezone.localdate() + datetime.timedelta(days=10))],
    )
    client.force_login(person)

    client.post(
        reverse("applications:apply", args=[posting.pk]), apply_data(posting, meets=lambda item: not item.is_required)
    )

    application = Application.objects.get(candidate=person)
    assert application.knockouts == 1
    assert application.match_score == 33  # the preferred item only: 1 of 3 points
    assert application.years_experience == 1
    assert (
        application.flag_no_state_license,
        application.flag_license_expires_before_start,
        application.flag_nbcot_not_active,
        application.flag_cpr_expired,
        application.flag_experience_below_minimum,
    ) == (False, True, True, True, True)
    assert application.flags == [
        "Required item not met",
        "License expires before the start date",
        "NBCOT not active",
        "CPR/BLS expired",
        "Less experience than the level asks",
    ]
