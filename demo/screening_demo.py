"""Demo data for screening: one travel posting whose applicants show every outcome a check can have.

A 13-week travel contract in Columbus, Ohio (a compact member state, no pay-range law there), managed by the
demo hiring manager, with seven applicants who answer every asked item yes with evidence, so the checks alone
tell them apart: fully qualified; CPR/BLS lapsing mid-assignment (a preferred item: still qualified, a lower
score); NBCOT and CPR/BLS not given (to confirm); a compact privilege for Ohio on a Colorado licence (counted
only once the compact issues privileges, `CompactMemberState.privileges_from`: until then not met, with that
reason); a licence that expired last week; one expiring during the assignment; a licence for another state.
Their scores are stored by the product's own screening, as for every demo application.
"""

import datetime
from decimal import Decimal

from applications.models import CandidateProfile, StateLicense
from postings.models import CareSetting, JobPosting, Location
from roles.models import RoleLevel

TRAVEL_WEEKS = 13

# email, name, what the profile holds (licenses: (state, kind, days from the start), NBCOT, CPR days from the start)
APPLICANTS = [
    ("jordan.ellis@example.org", "Jordan Ellis", {"licenses": [("OH", "license", 700)], "cpr": 400}),
    ("riley.chen@example.org", "Riley Chen", {"licenses": [("OH", "license", 500)], "cpr": 40}),
    ("sam.ortiz@example.org", "Sam Ortiz", {"licenses": [("OH", "license", 600)], "nbcot": None, "cpr": None}),
    (
        "priya.shah@example.org",
        "Priya Shah",
        {"licenses": [("CO", "license", 650), ("OH", "privilege", 650)], "cpr": 300},
    ),
    ("taylor.brooks@example.org", "Taylor Brooks", {"licenses": [("OH", "license", "expired")], "cpr": 300}),
    ("morgan.lee@example.org", "Morgan Lee", {"licenses": [("OH", "license", 6 * 7)], "cpr": 300}),
    ("alex.kim@example.org", "Alex Kim", {"licenses": [("PA", "license", 500)], "cpr": 300}),
]


def travel_posting(manager, today):
    """The published travel contract, through publish() like any posting (it copies the level's requirements)."""
    location, _ = Location.objects.get_or_create(
        facility_name="Riverbend Travel Therapy — Columbus",
        street="410 W 10th Ave",
        zip_code="43210",
        defaults={"city": "Columbus", "state": "OH"},
    )
    posting = JobPosting.objects.create(
        level=RoleLevel.objects.get(slug="entry-level-ot"),
        title="Travel Occupational Therapist — 13 weeks",
        setting=CareSetting.objects.order_by("position").first(),
        location=location,
        employment_type=JobPosting.EmploymentType.TRAVEL,
        schedule="Mon–Fri, 7:00–3:30, 36 hours a week",
        salary_min=Decimal("52"),
        salary_max=Decimal("64"),
        salary_unit=JobPosting.SalaryUnit.HOUR,
        start_date=today + datetime.timedelta(days=21),
        assignment_weeks=TRAVEL_WEEKS,
        closes_on=today + datetime.timedelta(days=14),
        description="A 13-week travel contract on an acute rehab unit, with housing stipend. Licenses and "
        "certifications must stay valid through the whole assignment.",
    )
    posting.hiring_managers.add(manager)
    posting.publish()
    return posting


def _profile(user, holds, start, today):
    nbcot_given = holds.get("nbcot", "active") is not None
    cpr = holds.get("cpr")
    profile = CandidateProfile.objects.create(
        user=user,
        city="Columbus",
        state="OH",
        degree=CandidateProfile.Degree.MASTERS,
        years_experience=3,
        nbcot_number="NB3100200" if nbcot_given else "",
        nbcot_status=CandidateProfile.NbcotStatus.ACTIVE if nbcot_given else "",
        nbcot_expires_on=start + datetime.timedelta(days=800) if nbcot_given else None,
        cpr_bls_expires_on=start + datetime.timedelta(days=cpr) if cpr is not None else None,
    )
    for state, kind, days in holds["licenses"]:
        expires_on = today - datetime.timedelta(days=7) if days == "expired" else start + datetime.timedelta(days=days)
        StateLicense.objects.create(
            profile=profile, state=state, kind=kind, number=f"OT-{state}-{user.pk:05d}", expires_on=expires_on
        )
    return profile


def seed_screening(builder, manager):
    """Called by DemoBuilder.small_demo: the travel posting and its seven applicants, screened as on submit."""
    posting = travel_posting(manager, builder.today)
    people = []
    for email, name, holds in APPLICANTS:
        user = builder.candidate_account(email, name)
        _profile(user, holds, posting.start_date, builder.today)
        people.append(user)
    builder.applications([(posting, person) for person in people], reviewers=[manager], stage="submitted", all_yes=True)
    return posting
