"""Deterministic demo data: a realistic health system's OT openings, candidates and pipelines.

`seed_demo` builds a small, hand-shaped demo for trying the site; with
`--postings N` (and friends) it adds bulk data for benchmarks, written with
bulk inserts so tens of thousands of rows take seconds, not hours.
"""

import base64
import collections
import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models.query import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import HIRING_MANAGERS_GROUP, RECRUITERS_GROUP, User
from alerts.models import JobAlert
from applications.models import (
    Answer,
    Application,
    CandidateProfile,
    CompactMemberState,
    Specialty,
    StageChange,
    StateLicense,
    refresh_report_rows,
)
from applications.screening import SCREENED_FIELDS, AnswerInput, compact_states, screen
from demo.bulk import Rows, reserve_ids
from demo.hiring_demo import seed_interviews_and_offers
from demo.screening_demo import seed_screening
from demo.verification_demo import seed_verification
from hiring.models import Note, SavedView, Scorecard, ScorecardRating
from postings.models import (
    CareSetting,
    JobPosting,
    Location,
    PayTransparencyRule,
    PostingInterviewQuestion,
    PostingRequirement,
)
from roles.models import InterviewQuestion, RoleLevel

from .data import (
    ALERT_KEYWORDS,
    CITIES,
    DEMO_PASSWORD,
    DEMO_RESUME_NAME,
    DEMO_TOTP_SECRET,
    FACILITY_BY_SETTING,
    FIRST_NAMES,
    LAST_NAMES,
    NOTES,
    SAMPLE_PDF,
    STAGE_PATHS,
    STAGE_WEIGHTS,
    candidate_profile,
    posting_fields,
)

# The pipeline's query string of the demo's saved view (hiring.forms.PipelineFilterForm.saved_query).
DEMO_TEXAS_VIEW = "stage=submitted&license=TX&min_years=2"


@dataclass
class DemoReport:
    postings: int = 0
    candidates: int = 0
    applications: int = 0


def _locations(count_states):
    settings_by_slug = {setting.slug: setting for setting in CareSetting.objects.all()}
    wanted = []
    for state, city, zip_code, street in CITIES[:count_states]:
        for slug, pattern in FACILITY_BY_SETTING.items():
            if slug in settings_by_slug:
                wanted.append(
                    Location(
                        facility_name=pattern.format(city=city),
                        street=street,
                        city=city,
                        state=state,
                        zip_code=zip_code,
                    )
                )
    for location in wanted:
        location.fill_from_zip_code()  # what save() does; bulk_create does not call it
    Location.objects.bulk_create(wanted, ignore_conflicts=True)
    by_key = {}
    for location in Location.objects.all():
        for slug, pattern in FACILITY_BY_SETTING.items():
            if location.facility_name == pattern.format(city=location.city):
                by_key[(location.state, slug)] = location
    return settings_by_slug, by_key


def _snapshot_requirements(first_pk):
    """What publish() does, in one statement: copy each level's requirements into its postings from first_pk on."""
    posting, requirement, item = (
        JobPosting._meta.db_table,
        RoleLevel.requirements.field.model._meta.db_table,
        PostingRequirement._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {item} (posting_id, source_id, text, kind, importance, position, check_kind, min_years, "
            "min_leadership_years, specialties, is_knockout) "
            f"SELECT p.id, r.id, r.text, r.kind, r.importance, r.position, r.check_kind, r.min_years, "
            f"r.min_leadership_years, r.specialties, %s FROM {posting} p "
            f"JOIN {requirement} r ON r.level_id = p.level_id WHERE p.id >= %s AND p.status <> %s",
            [False, first_pk, JobPosting.Status.DRAFT],
        )


def _snapshot_interview_kits(first_pk):
    """What publish() does with the kits, in one statement: each level's kit into its postings from first_pk on."""
    posting, question, item = (
        JobPosting._meta.db_table,
        InterviewQuestion._meta.db_table,
        PostingInterviewQuestion._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {item} (posting_id, source_id, focus, question, position) "
            f"SELECT p.id, q.id, q.focus, q.question, q.position FROM {posting} p "
            f"JOIN {question} q ON q.level_id = p.level_id WHERE p.id >= %s AND p.status <> %s",
            [first_pk, JobPosting.Status.DRAFT],
        )


BULK_READ = 20000


def _prefetched(instance, name, model, items):
    """Set what instance.<name>.all() returns, as prefetch_related() would have."""
    queryset = QuerySet(model)
    queryset._result_cache, queryset._prefetch_done = items, True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def _screening_postings(pks):
    """{pk: posting} with the level, location and requirements screen() reads.

    The bulk applications come a posting after another, so their postings are read as a range of ids (a
    few extra postings are cheaper than a list of thousands of ids), the requirements in one query.
    """
    low, high = min(pks), max(pks)
    postings = {
        posting.pk: posting
        for posting in JobPosting.objects.filter(pk__range=(low, high)).select_related("level", "location")
    }
    requirements = collections.defaultdict(list)
    for item in PostingRequirement.objects.filter(posting__gte=low, posting__lte=high).order_by(
        "posting_id", *PostingRequirement._meta.ordering
    ):
        requirements[item.posting_id].append(item)
    for pk, posting in postings.items():
        _prefetched(posting, "requirements", PostingRequirement, requirements.get(pk, []))
    return postings


def _make_user(email, full_name, password_hash, **extra):
    # Demo accounts have confirmed their addresses, so each can apply and receive emails at once.
    return User(email=email, full_name=full_name, password=password_hash, email_verified_at=timezone.now(), **extra)


STAGES = list(STAGE_PATHS)
SOURCES = list(Application.Source)

# The bulk tables' rows as applications() builds them: tuples, written with COPY on PostgreSQL.
APPLICATION_ROWS = Rows(
    Application,
    [
        "id",
        "posting_id",
        "candidate_id",
        "stage",
        "submitted_at",
        "stage_changed_at",
        "resume",
        "resume_name",
        "cover_letter",
        "source",
        "consented_at",
        *SCREENED_FIELDS,
    ],
)
POSTING_ROWS = Rows(JobPosting)
ALERT_ROWS = Rows(JobAlert, ids=False)
MANAGER_LINK_ROWS = Rows(JobPosting.hiring_managers.through, ["jobposting_id", "user_id"])
USER_ROWS = Rows(User)
PROFILE_ROWS = Rows(CandidateProfile)
LICENSE_ROWS = Rows(StateLicense, ["profile_id", "state", "number", "expires_on", "kind"])
SPECIALTY_LINK_ROWS = Rows(CandidateProfile.specialties.through, ["candidateprofile_id", "specialty_id"])
ANSWER_ROWS = Rows(Answer, ["application_id", "requirement_id", "meets", "outcome", "reason", "evidence"])
STAGE_CHANGE_ROWS = Rows(StageChange, ["application_id", "from_stage", "to_stage", "by_id", "at", "reason"])
NOTE_ROWS = Rows(Note, ["application_id", "author_id", "body", "created_at"])
SCORECARD_ROWS = Rows(Scorecard, ["id", "application_id", "reviewer_id", "recommendation", "comments", "updated_at"])
SCORECARD_RATING_ROWS = Rows(ScorecardRating, ["scorecard_id", "requirement_id", "rating"])

EVIDENCE = ["Two years on an inpatient rehab unit", "Fieldwork at a pediatric clinic", "Daily use in my current job"]


def _random_answers(rng, requirements):
    """{requirement id: AnswerInput} for what is asked: most meet a required item, fewer a preferred one,
    and about half of the yes answers carry a line of evidence."""
    answers = {}
    for item in requirements:
        if item.is_checked:
            continue
        meets = rng.random() < (0.9 if item.is_required else 0.6)
        evidence = rng.choice(EVIDENCE) if meets and rng.random() < 0.5 else ""
        answers[item.pk] = AnswerInput(item.pk, meets, evidence)
    return answers


class DemoBuilder:
    def __init__(self, *, seed=2026, stdout=None):
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.stdout = stdout
        self.password_hash = None
        self._profiles = {}  # by user id: preload_profiles()

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    # --- people --------------------------------------------------------------------------------

    def _hash(self):
        if self.password_hash is None:
            probe = User(email="x@example.com")
            probe.set_password(DEMO_PASSWORD)
            self.password_hash = probe.password
        return self.password_hash

    def staff(self):
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in (HIRING_MANAGERS_GROUP, RECRUITERS_GROUP)}
        people = {}
        for email, name, extra, group in [
            ("admin@example.com", "Avery Admin", {"is_staff": True, "is_superuser": True}, None),
            ("recruiter@example.com", "Riley Recruiter", {"is_staff": True}, RECRUITERS_GROUP),
            ("manager@example.com", "Morgan Manager", {"is_staff": True}, HIRING_MANAGERS_GROUP),
            ("manager2@example.com", "Taylor Brooks", {"is_staff": True}, HIRING_MANAGERS_GROUP),
        ]:
            user, created = User.objects.get_or_create(
                email=email, defaults={"full_name": name, "email_verified_at": self.now, **extra}
            )
            if created:
                user.password = self._hash()
                user.save(update_fields=["password"])
            if group:
                user.groups.add(groups[group])
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                TOTPDevice.objects.create(
                    user=user, name="Demo authenticator", key=base64.b32decode(DEMO_TOTP_SECRET).hex(), confirmed=True
                )
            people[email] = user
        return people

    def hiring_managers(self, count):
        """`count` staff in the Hiring managers group (manager<n>@staff.example.org), created in bulk."""
        group, _ = Group.objects.get_or_create(name=HIRING_MANAGERS_GROUP)
        emails = [f"manager{n}@staff.example.org" for n in range(count)]
        User.objects.bulk_create(
            [_make_user(email, f"Hiring Manager {n}", self._hash(), is_staff=True) for n, email in enumerate(emails)],
            ignore_conflicts=True,
        )
        people = list(User.objects.filter(email__in=emails).order_by("pk"))
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=person.pk, group_id=group.pk) for person in people], ignore_conflicts=True
        )
        return people

    def candidates(self, count, *, start=0, domain="example.org", privileges=False):
        hashed = self._hash()
        users = [
            _make_user(
                f"{FIRST_NAMES[i % len(FIRST_NAMES)].lower()}.{LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)].lower()}{i}@{domain}",
                f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]}",
                hashed,
            )
            for i in range(start, start + count)
        ]
        for user, pk in zip(users, reserve_ids(User, len(users))):
            user.pk = pk
        USER_ROWS.write_instances(users)
        specialties = list(Specialty.objects.all())
        profiles = [
            candidate_profile(self.rng, user, start + n, self.today, specialties) for n, user in enumerate(users)
        ]
        for profile, pk in zip(profiles, reserve_ids(CandidateProfile, len(profiles))):
            profile.pk, profile.updated_at = pk, self.now
        PROFILE_ROWS.write_instances(profiles)
        LICENSE_ROWS.write(
            (
                profile.pk,
                profile.state,
                f"OT-{profile.state}-{40000 + profile.pk}",
                expires_on,
                StateLicense.Kind.LICENSE,
            )
            for profile in profiles
            if self.rng.random() < 0.92
            for expires_on in [self.today + datetime.timedelta(days=self.rng.randrange(-20, 800))]
        )
        self._travellers_and_specialties(profiles, privileges=privileges)
        return users

    def _travellers_and_specialties(self, profiles, *, privileges=False):
        """Most OTs list a specialty or two; about one in four travels and holds licences in other states too.

        With `privileges` (the small demo; the bench's data keeps to licenses) some hold compact privileges.
        """
        specialties = list(Specialty.objects.all())
        states = sorted({state for state, *_ in CITIES} | {"CA", "FL", "NY", "WA", "CO", "AZ", "NC", "GA"})
        members = set(CompactMemberState.objects.values_list("state", flat=True)) if privileges else set()
        links, extra = [], []
        for profile in profiles:
            if specialties and self.rng.random() < 0.7:
                for specialty in self.rng.sample(specialties, self.rng.choice([1, 1, 2, 3])):
                    links.append((profile.pk, specialty.pk))
            if self.rng.random() < 0.25:
                for state in self.rng.sample([s for s in states if s != profile.state], self.rng.choice([1, 2, 4])):
                    # A traveller from a compact state holds other member states as compact privileges (no draw: the
                    # rest stays as it was); they count once the compact issues them (CompactMemberState.privileges_from).
                    privilege = profile.state in members and state in members
                    extra.append(
                        (
                            profile.pk,
                            state,
                            f"{'OTC' if privilege else 'OT'}-{state}-{70000 + profile.pk}",
                            self.today + datetime.timedelta(days=self.rng.randrange(-20, 800)),
                            StateLicense.Kind.PRIVILEGE if privilege else StateLicense.Kind.LICENSE,
                        )
                    )
        SPECIALTY_LINK_ROWS.write(links)
        LICENSE_ROWS.write(extra)

    # --- postings ------------------------------------------------------------------------------

    def postings(self, count, *, states=12, open_share=0.8, draft_share=0.1, managers=()):
        levels = list(RoleLevel.objects.order_by("rank"))
        settings_by_slug, locations = _locations(states)
        setting_slugs = [slug for slug in FACILITY_BY_SETTING if slug in settings_by_slug]
        start = JobPosting.objects.count()
        open_n, draft_n = round(count * open_share), round(count * draft_share)
        statuses = ["published"] * open_n + ["draft"] * draft_n + ["closed"] * (count - open_n - draft_n)
        self.rng.shuffle(statuses)
        rows = []
        # Where a pay-transparency law is in force, the demo shows pay, as publishing would insist (bulk_create skips it).
        pay_laws = set(PayTransparencyRule.objects.filter(in_force_from__lte=self.today).values_list("state", "city"))
        for n in range(count):
            i = start + n
            state = CITIES[i % states][0]
            setting = settings_by_slug[setting_slugs[i % len(setting_slugs)]]
            location = locations[(state, setting.slug)]
            level = levels[(i * 3 + i // 7) % len(levels)]
            fields = posting_fields(self.rng, level, setting, location, i, self.now)
            if (state, "") in pay_laws or (state, location.city) in pay_laws:
                fields["show_salary"] = True
            status = statuses[n]
            published_at = self.now - datetime.timedelta(days=self.rng.randrange(1, 60), hours=self.rng.randrange(24))
            if status == "draft":
                published_at, closes_on, close_reason, closed_at = None, None, "", None
            elif status == "published":
                closes_on, close_reason, closed_at = (
                    self.today + datetime.timedelta(days=self.rng.randrange(10, 90)),
                    "",
                    None,
                )
            else:
                closes_on = (published_at + datetime.timedelta(days=30)).date()
                close_reason = self.rng.choice(["filled", "filled", "cancelled", "expired"])
                closed_at = published_at + datetime.timedelta(days=self.rng.randrange(5, 30))
            rows.append(
                JobPosting(
                    **fields,
                    status=status,
                    published_at=published_at,
                    closes_on=closes_on,
                    close_reason=close_reason,
                    closed_at=closed_at,
                )
            )
        for posting, pk in zip(rows, reserve_ids(JobPosting, len(rows))):
            posting.pk, posting.created_at, posting.updated_at = pk, self.now, self.now
        POSTING_ROWS.write_instances(rows)
        _snapshot_requirements(rows[0].pk)
        _snapshot_interview_kits(rows[0].pk)
        if managers:
            MANAGER_LINK_ROWS.write((p.pk, managers[n % len(managers)].pk) for n, p in enumerate(rows))
        return rows

    # --- job alerts -----------------------------------------------------------------------------

    def alerts(self, count, *, states=50):
        """`count` confirmed alerts (alert<n>@alerts.example.org), all due now, with searches like candidates make.

        Daily ones last looked a day ago, weekly ones a week ago; the searches mix
        a state, a level, a place and radius, keywords, a setting and type, and the work mode.
        """
        rng = self.rng
        levels = list(RoleLevel.objects.on_ladder().values_list("slug", flat=True))
        setting_slugs = list(CareSetting.objects.values_list("slug", flat=True))
        places = []
        for state, _city, zip_code, _street in CITIES[:states]:
            point = Location(zip_code=zip_code)
            point.fill_from_zip_code()
            places.append((state, zip_code, point.latitude, point.longitude))
        rows = []
        start = JobAlert.objects.count()
        for n in range(start, start + count):
            state, zip_code, latitude, longitude = places[n % len(places)]
            criteria, point = {}, (None, None)
            shape = rng.random()
            if shape < 0.3:
                criteria = {"state": state}
            elif shape < 0.5:
                criteria = {"role": rng.choice(levels), "state": state}
            elif shape < 0.7:
                criteria = {"near": zip_code, "miles": rng.choice([25, 50, 100])}
                point = (latitude, longitude)
            elif shape < 0.85:
                criteria = {"q": rng.choice(ALERT_KEYWORDS), "state": state}
            elif shape < 0.95:
                criteria = {"setting": rng.choice(setting_slugs), "type": rng.choice(list(JobPosting.EmploymentType))}
            else:
                criteria = {"mode": JobPosting.WorkMode.TELEHEALTH}
            frequency = JobAlert.Frequency.WEEKLY if rng.random() < 0.3 else JobAlert.Frequency.DAILY
            rows.append(
                JobAlert(
                    email=f"alert{n}@alerts.example.org",
                    name=f"Alert {n}",
                    criteria=criteria,
                    summary=" · ".join(str(value) for value in criteria.values()),
                    latitude=point[0],
                    longitude=point[1],
                    frequency=frequency,
                    created_at=self.now - datetime.timedelta(days=30),
                    confirmed_at=self.now - datetime.timedelta(days=30),
                    checked_through=self.now - JobAlert.PERIODS[frequency],
                    due_at=self.now - datetime.timedelta(minutes=1),
                )
            )
        return ALERT_ROWS.write_instances(rows)

    # --- applications --------------------------------------------------------------------------

    def candidate_account(self, email, full_name):
        """One demo candidate's account (the demo password, the address confirmed), without a profile."""
        user = _make_user(email, full_name, self._hash())
        user.save()
        return user

    def preload_profiles(self):
        """Read every candidate's profile, licenses and specialties once, for the bulk applications that follow.

        Each chunk of applications then finds its applicants here instead of reading them again (each
        candidate applies a few times, across chunks); three table scans instead of lists of ids.
        """
        specialties = {specialty.pk: specialty for specialty in Specialty.objects.all()}
        held = collections.defaultdict(list)
        through = CandidateProfile.specialties.through
        for profile_id, specialty_id in through.objects.values_list("candidateprofile_id", "specialty_id").iterator(
            chunk_size=BULK_READ
        ):
            held[profile_id].append(specialties[specialty_id])
        licenses = collections.defaultdict(list)
        for license in StateLicense.objects.order_by("profile_id", *StateLicense._meta.ordering, "pk").iterator(
            chunk_size=BULK_READ
        ):
            licenses[license.profile_id].append(license)
        order = Specialty._meta.ordering
        for profile in CandidateProfile.objects.iterator(chunk_size=BULK_READ):
            mine = sorted(held.get(profile.pk, ()), key=lambda item: tuple(getattr(item, name) for name in order))
            _prefetched(profile, "specialties", Specialty, mine)
            _prefetched(profile, "licenses", StateLicense, licenses.get(profile.pk, []))
            self._profiles[profile.user_id] = profile

    def _screening_profiles(self, user_ids):
        """{user id: profile} with the licenses and specialties screen() reads, preloaded or read now."""
        found = {pk: self._profiles[pk] for pk in user_ids if pk in self._profiles}
        missing = user_ids - found.keys()
        if missing:
            found.update(
                (profile.user_id, profile)
                for profile in CandidateProfile.objects.filter(user__in=missing).prefetch_related(
                    "licenses", "specialties"
                )
            )
        return found

    def applications(self, pairs, *, with_answers=True, reviewers=(), stage=None, all_yes=False, report_rows=True):
        """Applications for (posting, candidate) pairs with answers, screening, history, notes and scorecards.

        `all_yes`: every asked item answered yes with a line of evidence, so the checks alone set the band.
        `report_rows=False`: the caller writes the reports' rows itself once it is done (the bulk build: one
        rebuild over every application costs less than a refresh of each chunk's list of ids).
        """
        # Everything screening() reads, loaded once: it then finds each posting's requirements and each
        # profile's licenses in the prefetch caches instead of querying per application.
        postings = _screening_postings({p.pk for p, _ in pairs})
        profiles = self._screening_profiles({c.pk for _, c in pairs})
        compact = compact_states()
        ids = reserve_ids(Application, len(pairs))
        apps, answer_rows, plans = [], [], []
        for (posting_ref, candidate), pk in zip(pairs, ids):
            posting = postings[posting_ref.pk]
            profile = profiles[candidate.pk]
            answers = (
                {
                    item.pk: AnswerInput(item.pk, True, EVIDENCE[0])
                    for item in posting.requirements.all()
                    if not item.is_checked
                }
                if all_yes
                else _random_answers(self.rng, posting.requirements.all())
            )
            base = posting.published_at or self.now - datetime.timedelta(days=20)
            submitted_at = min(base + datetime.timedelta(hours=self.rng.randrange(2, 24 * 20)), self.now)
            # As the apply flow screens it: on the day it was submitted.
            result = screen(
                posting=posting,
                profile=profile,
                answers=answers,
                today=timezone.localtime(submitted_at).date(),
                compact=compact,
            )
            target = stage or self.rng.choices(STAGES, weights=STAGE_WEIGHTS)[0]
            # The path through the pipeline, timed, so the row is written once with its final stage.
            steps, moment = [], submitted_at
            for step in STAGE_PATHS[target]:
                moment = min(moment + datetime.timedelta(hours=self.rng.randrange(6, 24 * 6)), self.now)
                steps.append((step, moment))
            screened = result.fields()
            apps.append(
                (
                    pk,
                    posting.pk,
                    candidate.pk,
                    target,
                    submitted_at,
                    moment,
                    DEMO_RESUME_NAME,
                    "resume.pdf",
                    "" if self.rng.random() < 0.5 else "I would love to bring my experience to your team.",
                    self.rng.choice(SOURCES),
                    submitted_at,
                    *(screened[name] for name in SCREENED_FIELDS),
                )
            )
            plans.append((pk, posting.pk, candidate.pk, result, target, steps))
        APPLICATION_ROWS.write(apps)
        history, notes, scorecards = [], [], []
        reviewer = reviewers[0] if reviewers else None
        for pk, posting_pk, candidate_pk, result, target, steps in plans:
            if with_answers:
                answer_rows.extend(
                    (pk, item.requirement.pk, item.is_met, item.outcome, item.reason, item.evidence)
                    for item in result.items
                )
            previous = Application.Stage.SUBMITTED
            for step, moment in steps:
                history.append(
                    (
                        pk,
                        previous,
                        step,
                        candidate_pk if step == "withdrawn" else (reviewer.pk if reviewer else None),
                        moment,
                        "Another candidate was a closer match." if step == "rejected" else "",
                    )
                )
                previous = step
            if reviewer and target in ("interview", "offer", "hired") and self.rng.random() < 0.7:
                notes.append((pk, reviewer.pk, self.rng.choice(NOTES), steps[-1][1]))
                scorecards.append((pk, posting_pk, reviewer, target))
        ANSWER_ROWS.write(answer_rows)
        STAGE_CHANGE_ROWS.write(history)
        NOTE_ROWS.write(notes)
        card_ids = reserve_ids(Scorecard, len(scorecards))
        SCORECARD_ROWS.write(
            (
                card_pk,
                pk,
                reviewer.pk,
                "strong_yes" if target != "interview" else self.rng.choice(["yes", "no", "strong_yes"]),
                "Clear clinical reasoning; good fit for the team.",
                self.now,
            )
            for card_pk, (pk, _, reviewer, target) in zip(card_ids, scorecards)
        )
        SCORECARD_RATING_ROWS.write(
            (card_pk, item.pk, self.rng.randint(3, 5))
            for card_pk, (_, posting_pk, _, _) in zip(card_ids, scorecards)
            for item in postings[posting_pk].requirements.all()
            if item.is_required
        )
        if report_rows:
            # The reports' rows of what the bulk inserts wrote, in two INSERT ... SELECT, as applying and moving would.
            refresh_report_rows(ids)
        return ids

    # --- the small demo ------------------------------------------------------------------------

    @transaction.atomic
    def small_demo(self):
        """Accounts, 48 postings and pipelines for trying the site."""
        if not default_storage.exists(DEMO_RESUME_NAME):
            default_storage.save(DEMO_RESUME_NAME, ContentFile(SAMPLE_PDF))
        staff = self.staff()
        manager, other_manager = staff["manager@example.com"], staff["manager2@example.com"]
        postings = self.postings(48, states=12, open_share=0.75, draft_share=0.1, managers=[manager, other_manager])
        published = [p for p in postings if p.status != "draft"]

        candidate = User.objects.create(
            email="candidate@example.com", full_name="Casey Morgan", password=self._hash(), email_verified_at=self.now
        )
        specialties = list(Specialty.objects.filter(slug__in=["neuro-rehab", "hand-therapy"]))
        profile = CandidateProfile.objects.create(
            user=candidate,
            phone="512-555-0142",
            city="Austin",
            state="TX",
            degree=CandidateProfile.Degree.MASTERS,
            years_experience=4,
            years_leadership=1,
            nbcot_number="NB2026001",
            nbcot_status=CandidateProfile.NbcotStatus.ACTIVE,
            nbcot_expires_on=self.today + datetime.timedelta(days=420),
            cpr_bls_expires_on=self.today + datetime.timedelta(days=250),
            resume=DEMO_RESUME_NAME,
            resume_name="Casey-Morgan-resume.pdf",
            resume_uploaded_at=self.now,
        )
        profile.specialties.set(specialties)
        StateLicense.objects.create(
            profile=profile, state="TX", number="OT-TX-1182734", expires_on=self.today + datetime.timedelta(days=600)
        )
        StateLicense.objects.create(
            profile=profile, state="CO", number="OT-CO-0098812", expires_on=self.today + datetime.timedelta(days=90)
        )

        others = self.candidates(60, privileges=True)
        pairs = []
        for n, posting in enumerate(published):
            for k in range(3 + n % 4):
                pairs.append((posting, others[(n * 7 + k) % len(others)]))
        self.applications(pairs, reviewers=[manager])
        taken = {(p.pk, c.pk) for p, c in pairs}

        # Casey's own applications, one in each interesting stage, on Morgan's postings.
        managed_ids = set(manager.managed_postings.values_list("pk", flat=True))
        managed = [p for p in published if p.status == "published" and p.pk in managed_ids]
        # The offer on the Texas posting, where Casey holds a license, so it can be verified and accepted.
        for posting, stage in zip(managed, ["submitted", "screening", "interview", "rejected", "offer"]):
            self.applications([(posting, candidate)], reviewers=[manager], stage=stage)
        # Morgan sees every stage in their pipelines.
        for posting, stage in zip(managed[5:], ["hired", "withdrawn", "offer", "interview"]):
            person = next(c for c in reversed(others) if (posting.pk, c.pk) not in taken)
            self.applications([(posting, person)], reviewers=[manager], stage=stage)
        seed_interviews_and_offers(manager, staff["recruiter@example.com"], candidate, self.today, self.now)
        seed_verification(manager, candidate, self.today, self.now)
        seed_screening(self, manager)
        # Morgan's saved views, listed above the filters of every pipeline of theirs.
        SavedView.objects.bulk_create(
            [
                SavedView(owner=manager, name="Texas license, 2+ years, not yet screened", query=DEMO_TEXAS_VIEW),
                SavedView(owner=manager, name="A required item not met", query="flag=knockout"),
            ]
        )
        return DemoReport(
            postings=JobPosting.objects.count(),
            candidates=User.objects.filter(is_staff=False).count(),
            applications=Application.objects.count(),
        )
