import factory
from django.utils import timezone

from accounts.models import User
from roles.models import Occupation, Requirement, Responsibility, RoleLevel


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    # Confirmed, as every account made before confirmation existed is; pass email_verified_at=None for a new one.
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ("slug",)

    name = "Occupational Therapist"
    slug = "occupational-therapist"
    abbreviation = "OT"
    summary = "Occupational therapists help people regain independence in daily life."


class RoleLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleLevel

    occupation = factory.SubFactory(OccupationFactory)
    rank = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Staff Occupational Therapist {n}")
    short_title = factory.Sequence(lambda n: f"Staff OT {n}")
    slug = factory.Sequence(lambda n: f"staff-ot-{n}")
    overview = "Provide occupational therapy to adults in an inpatient rehabilitation unit."
    min_years_experience = 2


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    level = factory.SubFactory(RoleLevelFactory)
    text = factory.Sequence(lambda n: f"Carry out treatment plan step {n}")
    position = factory.Sequence(int)


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    level = factory.SubFactory(RoleLevelFactory)
    kind = Requirement.Kind.CERTIFICATION
    importance = Requirement.Importance.REQUIRED
    text = factory.Sequence(lambda n: f"Certification number {n}")
    position = factory.Sequence(int)


# --- postings -------------------------------------------------------------------------------------

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from postings.models import CareSetting, JobPosting, Location, PostingRequirement  # noqa: E402


class CareSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareSetting
        django_get_or_create = ("slug",)

    name = "Inpatient rehabilitation facility"
    slug = "inpatient-rehab"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    facility_name = factory.Sequence(lambda n: f"Riverbend Rehabilitation Hospital {n}")
    street = factory.Sequence(lambda n: f"{100 + n} Medical Center Drive")
    city = "Austin"
    state = "TX"
    zip_code = "78701"


class JobPostingFactory(factory.django.DjangoModelFactory):
    """A draft posting; use `published=True` (or PublishedPostingFactory) for one on the board."""

    class Meta:
        model = JobPosting
        skip_postgeneration_save = True

    level = factory.SubFactory(RoleLevelFactory)
    setting = factory.SubFactory(CareSettingFactory)
    location = factory.SubFactory(LocationFactory)
    employment_type = JobPosting.EmploymentType.FULL_TIME
    schedule = "Mon–Fri, 8:00–4:30"
    salary_min = Decimal("78000")
    salary_max = Decimal("92000")
    salary_unit = JobPosting.SalaryUnit.YEAR
    openings = 1
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=45))
    description = "Join our inpatient rehab team caring for adults after stroke and joint replacement."

    @factory.post_generation
    def requirements(posting, create, extracted, **kwargs):
        """Requirements added for this opening: a list of (text, importance) pairs."""
        for position, (text, importance) in enumerate(extracted or [], start=100):
            PostingRequirement.objects.create(posting=posting, text=text, importance=importance, position=position)

    @factory.post_generation
    def published(posting, create, extracted, **kwargs):
        if extracted:
            _publish(posting, extracted)

    @factory.post_generation
    def hiring_managers(posting, create, extracted, **kwargs):
        if extracted:
            posting.hiring_managers.set(extracted)


def _publish(posting, when):
    """Publish, giving a bare factory level two requirements first (one required, one preferred)."""
    if not posting.level.requirements.exists() and not posting.requirements.exists():
        RequirementFactory(level=posting.level, text="Active state OT license", kind="certification")
        RequirementFactory(
            level=posting.level, text="Hand therapy experience", kind="qualification", importance="preferred"
        )
    posting.publish(now=when if isinstance(when, datetime.datetime) else None)


class PublishedPostingFactory(JobPostingFactory):
    """An open posting on the board; pass `published=<datetime>` to date it."""

    @factory.post_generation
    def published(posting, create, extracted, **kwargs):
        _publish(posting, extracted)


# --- applications ---------------------------------------------------------------------------------

from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402

from accounts.models import HIRING_MANAGERS_GROUP, RECRUITERS_GROUP  # noqa: E402
from applications.models import (  # noqa: E402
    Answer,
    Application,
    CandidateProfile,
    Outcome,
    StateLicense,
    refresh_report_rows,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class CandidateFactory(UserFactory):
    """A candidate with a complete profile: active NBCOT, a Texas license, CPR current, 4 years' experience."""

    @factory.post_generation
    def profile(user, create, extracted, **kwargs):
        if not create:
            return
        today = timezone.localdate()
        defaults = {
            "phone": "512-555-0142",
            "city": "Austin",
            "state": "TX",
            "degree": CandidateProfile.Degree.MASTERS,
            "years_experience": 4,
            "years_leadership": 0,
            "nbcot_number": "NB1234567",
            "nbcot_status": CandidateProfile.NbcotStatus.ACTIVE,
            "nbcot_expires_on": today + datetime.timedelta(days=400),
            "cpr_bls_expires_on": today + datetime.timedelta(days=300),
        }
        defaults.update(kwargs)
        licenses = defaults.pop("licenses", [("TX", "OT-TX-55512", today + datetime.timedelta(days=500))])
        profile = CandidateProfile.objects.create(user=user, **defaults)
        for state, number, expires_on in licenses:
            StateLicense.objects.create(profile=profile, state=state, number=number, expires_on=expires_on)


def _staff_in_group(group_name):
    def add(user, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=group_name)
            user.groups.add(group)

    return add


class HiringManagerFactory(UserFactory):
    is_staff = True
    group = factory.PostGeneration(_staff_in_group(HIRING_MANAGERS_GROUP))


class RecruiterFactory(UserFactory):
    is_staff = True
    group = factory.PostGeneration(_staff_in_group(RECRUITERS_GROUP))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application answering 'meets' to every requirement of its posting."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    posting = factory.SubFactory(PublishedPostingFactory)
    candidate = factory.SubFactory(CandidateFactory)
    resume = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="resume.pdf"))
    resume_name = "resume.pdf"
    source = Application.Source.JOB_BOARD
    consented_at = factory.LazyFunction(timezone.now)
    years_experience = 4
    match_score = 100

    @factory.post_generation
    def answers(application, create, extracted, **kwargs):
        if not create:
            return
        meets = extracted if extracted is not None else True
        Answer.objects.bulk_create(
            Answer(
                application=application,
                requirement=requirement,
                meets=meets,
                outcome=Outcome.MET if meets else Outcome.NOT_MET,
            )
            for requirement in application.posting.requirements.all()
        )

    @factory.post_generation
    def report_row(application, create, extracted, **kwargs):
        """As submit_application writes it, in the transaction of the application."""
        if create:
            refresh_report_rows([application.pk])


# --- alerts ---------------------------------------------------------------------------------------

from alerts.models import JobAlert, SavedJob  # noqa: E402


class JobAlertFactory(factory.django.DjangoModelFactory):
    """A confirmed daily alert for every open position, last checked an hour ago; pass `criteria` to narrow it."""

    class Meta:
        model = JobAlert

    user = None
    email = factory.Sequence(lambda n: f"alert{n}@example.net")
    name = "Every OT opening"
    criteria = factory.LazyFunction(dict)
    summary = "Every open position"
    frequency = JobAlert.Frequency.DAILY
    created_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    checked_through = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    due_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=1))


class SavedJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedJob

    user = factory.SubFactory(CandidateFactory)
    posting = factory.SubFactory(PublishedPostingFactory)


# --- two-factor sign-in ---------------------------------------------------------------------------

import time  # noqa: E402

from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts import two_factor  # noqa: E402


def enrolled_authenticator(user):
    """`user`'s confirmed authenticator app, set up now if they have none (as staff must)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name=two_factor.APP_DEVICE_NAME, confirmed=True
    )


def next_code(device):
    """The code the app shows, one step ahead if this step's code was used already (a code works once)."""
    device.refresh_from_db()
    step_now = int((time.time() - device.t0) // device.step)
    step = max(step_now, device.last_t + 1)
    return two_factor.current_code(device, at=device.t0 + step * device.step + 1)


# --- verification ---------------------------------------------------------------------------------

from verification.credentials import required_credentials  # noqa: E402
from verification.models import Reference, Source, VerificationEntry  # noqa: E402

SOURCE_OF = {
    "license": Source.STATE_BOARD,
    "privilege": Source.COMPACT,
    "nbcot": Source.NBCOT,
    "cpr_bls": Source.CARD_ISSUER,
    "degree": Source.SCHOOL,
}


def verify(application, credential, *, by, state="", result=VerificationEntry.Result.VERIFIED, **fields):
    """Record one verification entry as a reviewer would, with realistic defaults."""
    defaults = {
        "source": SOURCE_OF[credential],
        "source_name": "Texas Board of OT Examiners" if credential == "license" else "",
        "reference_number": "VER-1001",
        "expires_on": None if credential == "degree" else timezone.localdate() + datetime.timedelta(days=700),
        "notes": "" if result != VerificationEntry.Result.DISCREPANCY else "The board shows another expiry.",
    }
    return VerificationEntry.record(
        application, by=by, credential=credential, state=state, result=result, **(defaults | fields)
    )


def verify_for_hire(application, *, by, **fields):
    """Every credential the posting requires, verified active: the hire gate then lets the hire through."""
    return [
        verify(application, item.credential, state=item.state, by=by, **fields)
        for item in required_credentials(application)
    ]


class ReferenceFactory(factory.django.DjangoModelFactory):
    """A referee the candidate named, asked but not answered yet."""

    class Meta:
        model = Reference

    candidate = factory.SubFactory(CandidateFactory)
    name = "Pat Supervisor"
    title = "Rehab Manager"
    organization = "Lakeside Hospital"
    relationship = Reference.Relationship.MANAGER
    email = factory.Sequence(lambda n: f"referee{n}@example.org")
    requested_at = factory.LazyFunction(timezone.now)


class AnsweredReferenceFactory(ReferenceFactory):
    answered_at = factory.LazyFunction(timezone.now)
    answered_relationship = Reference.Relationship.MANAGER
    worked_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=900))
    worked_until = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    rating_clinical = 5
    rating_reliability = 4
    rating_teamwork = 5
    rating_communication = 4
    would_rehire = Reference.Rehire.YES
    comments = "A careful, kind therapist."
