"""The candidate sees the screening's checks before applying (on the posting's page) and after (on the profile)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, CandidateProfile, StateLicense
from postings.models import PostingRequirement
from roles.models import Requirement
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    LocationFactory,
    PublishedPostingFactory,
    RecruiterFactory,
    RoleLevelFactory,
)

pytestmark = pytest.mark.django_db

Check = Requirement.Check
PROFILE_URL = reverse("applications:profile")


def texas_posting(**fields):
    """Austin, TX, starting in 30 days: the license (required), CPR/BLS and a specialty (preferred) are checked."""
    posting = PublishedPostingFactory(
        level=RoleLevelFactory(min_years_experience=0),
        title=fields.pop("title", "Inpatient Rehab OT"),
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        closes_on=None,
        **fields,
    )
    posting.requirements.all().delete()
    for position, (text, importance, kind) in enumerate(
        [
            ("Texas OT license", "required", Check.LICENSE),
            ("Current CPR/BLS", "preferred", Check.CPR_BLS),
            ("Splinting and orthotics", "required", ""),
        ]
    ):
        PostingRequirement.objects.create(
            posting=posting, text=text, importance=importance, check_kind=kind, position=position
        )
    return posting


# --- On the posting's page ----------------------------------------------------------------------------


def test_a_signed_in_candidate_sees_how_their_profile_meets_the_posting(client):
    posting = texas_posting()
    start = posting.start_date
    candidate = CandidateFactory(
        profile__licenses=[("TX", "TX-1", start - datetime.timedelta(days=1))], profile__cpr_bls_expires_on=None
    )
    client.force_login(candidate)

    page = client.get(posting.get_absolute_url()).content.decode()

    assert "How your profile meets this opening" in page
    assert "Your Texas license expires" in page and "the day before this job starts" in page
    assert 'outcome-badge-not_met">Not met</span>\n    Texas OT license' in page
    assert 'outcome-badge-not_known">Not known</span>\n    Current CPR/BLS' in page
    assert "Add the expiry date of your CPR/BLS card to your profile." in page
    assert f'href="{PROFILE_URL}?next={posting.get_absolute_url()}"' in page
    assert "Splinting and orthotics" in page  # listed as asked, never judged from the profile
    assert "Not met</span>\n    Splinting" not in page


def test_a_met_check_says_so_with_the_fact_behind_it(client):
    posting = texas_posting()
    client.force_login(CandidateFactory())  # a Texas license valid 500 days, CPR current

    page = client.get(posting.get_absolute_url()).content.decode()

    assert 'outcome-badge-met">Met</span>\n    Texas OT license' in page
    assert "TX license valid through" in page


def test_a_candidate_without_a_profile_is_told_what_to_add_and_none_is_created(client):
    posting = texas_posting()
    candidate = CandidateFactory(profile=None)
    CandidateProfile.objects.filter(user=candidate).delete()
    client.force_login(candidate)

    page = client.get(posting.get_absolute_url()).content.decode()

    assert "You have not filled in your profile yet" in page
    assert "Add your Texas OT license (or compact privilege) to your profile." in page
    assert not CandidateProfile.objects.filter(user=candidate).exists()


def test_anonymous_visitors_and_staff_see_no_checks(client):
    posting = texas_posting()

    anonymous = client.get(posting.get_absolute_url())
    client.force_login(RecruiterFactory(), backend="django.contrib.auth.backends.ModelBackend")
    staff = client.get(posting.get_absolute_url())

    for response in (anonymous, staff):
        assert "How your profile meets this opening" not in response.content.decode()


def test_a_candidates_checks_never_reach_the_next_anonymous_visitor(client):
    posting = texas_posting()
    candidate = CandidateFactory(profile__licenses=[("CA", "CA-77", timezone.localdate() + datetime.timedelta(days=9))])
    client.force_login(candidate)

    theirs = client.get(posting.get_absolute_url())
    client.logout()
    anonymous = client.get(posting.get_absolute_url())

    assert "Your profile lists CA" in theirs.content.decode()
    directives = {part.strip() for part in theirs["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives  # no browser or proxy keeps it
    assert "Your profile lists CA" not in anonymous.content.decode()
    assert "private" not in anonymous.get("Cache-Control", "")


def test_a_closed_posting_shows_no_checks(client):
    posting = texas_posting()
    posting.close("filled")
    client.force_login(CandidateFactory())

    response = client.get(posting.get_absolute_url())

    assert response.status_code == 410
    assert "How your profile meets this opening" not in response.content.decode()


@pytest.mark.parametrize(("extra_requirements", "licenses"), [(0, 1), (10, 5)])
def test_the_posting_page_runs_the_same_queries_for_a_candidate_whatever_the_data(
    client, django_assert_num_queries, extra_requirements, licenses
):
    posting = texas_posting()
    for n in range(extra_requirements):
        PostingRequirement.objects.create(posting=posting, text=f"Item {n}", check_kind=Check.NBCOT, position=10 + n)
    today = timezone.localdate()
    candidate = CandidateFactory(
        profile__licenses=[
            (state, f"OT-{state}", today + datetime.timedelta(days=400)) for state in ["TX", "CO", "NY", "FL", "WA"]
        ][:licenses]
    )
    # A privilege on file: the compact's states are read once, not once per check.
    StateLicense.objects.create(
        profile=candidate.profile,
        state="OH",
        kind="privilege",
        number="P-1",
        expires_on=today.replace(year=today.year + 1),
    )
    client.force_login(candidate)

    # session, user; the posting, the board's version, its requirements, the level's duties (as for anyone, the
    # first time: then cached under the version); saved jobs (the Save button); the profile, its licenses, its
    # specialties, the compact's member states.
    with django_assert_num_queries(11):
        response = client.get(posting.get_absolute_url())

    assert response.status_code == 200


# --- On the profile -----------------------------------------------------------------------------------


def test_the_profile_lists_what_each_open_application_lacks(client):
    today = timezone.localdate()
    candidate = CandidateFactory(profile__cpr_bls_expires_on=today - datetime.timedelta(days=3))
    texas = texas_posting(title="Inpatient Rehab OT")
    denver = texas_posting(
        title="Denver Home Health OT", location=LocationFactory(city="Denver", state="CO", zip_code="80204")
    )
    withdrawn = texas_posting(title="Withdrawn Hand Therapy OT")
    ApplicationFactory(candidate=candidate, posting=texas)
    ApplicationFactory(candidate=candidate, posting=denver)
    ApplicationFactory(candidate=candidate, posting=withdrawn, stage=Application.Stage.WITHDRAWN)
    client.force_login(candidate)

    page = client.get(PROFILE_URL).content.decode()

    assert "Your open applications" in page
    # Newest first: Denver, then Texas.
    denver_part, texas_part = page.split("Denver Home Health OT</a>")[1].split("Inpatient Rehab OT</a>")
    assert "Your CPR/BLS card expired on" in texas_part  # a preferred item not met
    assert "Texas OT license" not in texas_part  # met: only the gaps are listed here
    assert "This job is in Colorado" in denver_part
    assert "Withdrawn Hand Therapy OT" not in page


def test_a_profile_meeting_every_check_says_so(client):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate, posting=texas_posting())
    client.force_login(candidate)

    page = client.get(PROFILE_URL).content.decode()

    assert "Your profile meets every requirement checked for this opening." in page


def test_a_candidate_without_open_applications_sees_no_such_section(client):
    client.force_login(CandidateFactory())

    assert "Your open applications" not in client.get(PROFILE_URL).content.decode()


@pytest.mark.parametrize("count", [1, 6])
def test_the_profile_runs_the_same_queries_however_many_open_applications(client, django_assert_num_queries, count):
    candidate = CandidateFactory()
    for n in range(count):
        ApplicationFactory(candidate=candidate, posting=texas_posting(title=f"Opening {n}"))
    client.force_login(candidate)

    # session, user, profile, licenses, specialties; the applications with their postings, the postings'
    # requirements; the form's specialties and the unverified-email notice's own reads.
    with django_assert_num_queries(QUERIES_ON_PROFILE):
        response = client.get(PROFILE_URL)

    assert response.content.decode().count("Your profile meets every requirement checked") == count


QUERIES_ON_PROFILE = 9
