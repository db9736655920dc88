"""Workflows of the hiring workspace (/manage/) that touch several models.

Every change of stage goes through `Application.move_to`, which locks the row
and writes the history; the functions here add what comes with a move (the
candidate's email, in the same transaction so a rolled-back move sends
nothing) and the reads the workspace pages share.
"""

import csv
import dataclasses
import datetime
import functools
import io
import operator

from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import dateformat, timezone

from postings.models import JobPosting

from .emails import queue_candidate_email
from .models import (
    Application,
    CandidateProfile,
    EmailTemplate,
    OutgoingEmail,
    PostingVisit,
    Scorecard,
    ScorecardRating,
    StageError,
)
from .tasks import deliver_email

Stage = Application.Stage

# Moves that tell the candidate by email, and which admin-edited template they use.
STAGE_EMAILS = {
    Stage.INTERVIEW: EmailTemplate.Kind.INTERVIEW,
    Stage.OFFER: EmailTemplate.Kind.OFFER,
    Stage.REJECTED: EmailTemplate.Kind.REJECTION,
}

FILLED_REASON = "Opening filled"


class EmailChoice(models.TextChoices):
    """What to do about the candidate's email when moving them."""

    USUAL = "usual", "Send the usual email (a rejection waits the delay set in its template)"
    NOW = "now", "Send the email now, without the delay"
    NONE = "none", "Do not email the candidate"


# --- Moves ------------------------------------------------------------------------------------------


def move_application(application, stage, *, by, reason="", expected_stage=None, email=EmailChoice.USUAL):
    """Move one application and queue the candidate's email for that move, atomically.

    Raises StageError (nothing stored, nothing sent) when the move is refused.
    The email goes out only after the transaction commits.
    """
    with transaction.atomic():
        change = application.move_to(stage, by=by, reason=reason, expected_stage=expected_stage)
        kind = STAGE_EMAILS.get(stage)
        if kind and email != EmailChoice.NONE:
            queued = queue_candidate_email(application, kind)
            if queued is not None and email == EmailChoice.NOW and queued.send_after > change.at:
                _send_now(queued, change.at)
    return change


def _send_now(email, now):
    # A delayed email may also have a deferred task queued; deliver_email skips sent rows, so that one no-ops.
    OutgoingEmail.objects.filter(pk=email.pk).update(send_after=now)
    email.send_after = now
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk), robust=True)


@dataclasses.dataclass
class BulkResult:
    moved: list
    refused: list  # (application, message) pairs


def move_many(selection, stage, *, by, reason="", email=EmailChoice.USUAL):
    """Move each (application, stage the person saw) pair on its own.

    One refusal (a stale page, a move that makes no sense from where that
    applicant is) does not undo the others; it is reported beside its name.
    """
    result = BulkResult(moved=[], refused=[])
    for application, expected_stage in selection:
        try:
            move_application(application, stage, by=by, reason=reason, expected_stage=expected_stage, email=email)
        except StageError as error:
            result.refused.append((application, " ".join(error.messages)))
        else:
            result.moved.append(application)
    return result


def fill_posting(posting, *, by, notify_open):
    """Close a posting as filled; with `notify_open`, tell every applicant still open and close their application.

    Those applicants are moved to rejected with the reason "Opening filled" and
    get the posting_filled email (not the rejection one), so nobody is left
    waiting on a job that no longer exists. Returns how many were notified.
    """
    notified = 0
    with transaction.atomic():
        posting.close(JobPosting.CloseReason.FILLED)
        if not notify_open:
            return 0
        for application in posting.applications.open().select_related("candidate", "posting"):
            try:
                with transaction.atomic():
                    application.move_to(Stage.REJECTED, by=by, reason=FILLED_REASON, expected_stage=application.stage)
                    queue_candidate_email(application, EmailTemplate.Kind.POSTING_FILLED)
            except StageError:
                # Withdrawn or moved by someone else since the list was read: leave it as it now is.
                continue
            notified += 1
    return notified


def hired_count(stage_counts):
    return stage_counts.get(Stage.HIRED, 0)


def offers_to_close(posting, stage_counts):
    """The pipeline offers to close a published posting once it has as many hires as openings."""
    return posting.status == JobPosting.Status.PUBLISHED and hired_count(stage_counts) >= posting.openings


# --- Scorecards -------------------------------------------------------------------------------------


def save_scorecard(application, reviewer, *, recommendation, comments, ratings):
    """Create or update `reviewer`'s one scorecard; `ratings` maps requirement id to 1–5."""
    with transaction.atomic():
        scorecard, _ = Scorecard.objects.update_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"recommendation": recommendation, "comments": comments.strip()},
        )
        scorecard.ratings.exclude(requirement_id__in=list(ratings)).delete()
        for requirement_id, rating in ratings.items():
            ScorecardRating.objects.update_or_create(
                scorecard=scorecard, requirement_id=requirement_id, defaults={"rating": rating}
            )
    return scorecard


# --- Visits and the dashboard -----------------------------------------------------------------------


def last_visit(user):
    """When `user` last opened the pipeline of the posting in the outer query: a subquery to annotate postings with."""
    return Subquery(PostingVisit.objects.filter(user=user, posting=OuterRef("pk")).values("seen_at")[:1])


def record_visit(user, posting, now=None):
    """Note that `user` opened the pipeline now.

    One upsert, so two tabs opening the pipeline at once cannot trip the unique
    constraint. The previous visit is read beforehand with `last_visit`, as
    part of the query that reads the posting.
    """
    PostingVisit.objects.bulk_create(
        [PostingVisit(user=user, posting=posting, seen_at=now or timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "posting"],
        update_fields=["seen_at"],
    )


def known_count(filters, stage_counts):
    """How many applicants the pipeline's filters match, when the stage counts already say (else None).

    Filtering by stage alone (or by none) needs no COUNT query of its own.
    """
    if filters.keys() - {"stage", "sort"}:
        return None
    stage = filters.get("stage")
    if not stage:
        return sum(stage_counts.values())
    if stage == OPEN:
        return sum(stage_counts.get(each, 0) for each in Application.OPEN_STAGES)
    return stage_counts.get(stage, 0)


# The dashboard lists live postings first, then closed ones, then drafts; newest first within each.
DASHBOARD_STATUS_ORDER = (JobPosting.Status.PUBLISHED, JobPosting.Status.CLOSED, JobPosting.Status.DRAFT)
DASHBOARD_ORDER_WITHIN_STATUS = ("-published_at", "-pk")


def _sees_every_posting(user):
    # The same rule as JobPosting.objects.managed_by.
    return user.is_superuser or user.is_recruiter


class DashboardPostings:
    """The postings `user` reviews, in dashboard order, as a sliceable list for Paginator.

    A recruiter sees 50,000 postings and a busy manager thousands: one ORDER BY
    over a CASE on status would sort all of them for every page. Instead each
    status is its own segment, read in the order of the (status, published_at)
    index, and a page takes just the rows it needs from the segments it spans.
    `count()` adds up per-status counts, read only once.
    """

    ordered = True  # Paginator warns about unordered lists; this one is.

    def __init__(self, user):
        self.user = user
        self.queryset = JobPosting.objects.managed_by(user)

    @functools.cached_property
    def status_counts(self):
        """{status: number of postings}. Two small queries, however many postings there are.

        Drafts and live postings are few and come from the status index; closed
        postings are the bulk, so they are the total less the others, and the
        total of a manager's postings is counted in the assignment table alone.
        """
        if _sees_every_posting(self.user):
            total = JobPosting.objects.count()
        else:
            total = JobPosting.hiring_managers.through.objects.filter(user=self.user).count()
        counts = dict(
            self.queryset.filter(status__in=[JobPosting.Status.PUBLISHED, JobPosting.Status.DRAFT])
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        counts[JobPosting.Status.CLOSED] = total - sum(counts.values())
        return counts

    def count(self):
        return sum(self.status_counts.values())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("DashboardPostings only supports slicing.")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        wanted, offset = Q(), 0
        for status in DASHBOARD_STATUS_ORDER:
            size = self.status_counts.get(status, 0)
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                segment = self.queryset.filter(status=status).order_by(*DASHBOARD_ORDER_WITHIN_STATUS)[low:high]
                wanted |= Q(pk__in=segment.values("pk"))
            offset += size
        if not wanted:
            return []
        status_order = models.Case(
            *(models.When(status=status, then=rank) for rank, status in enumerate(DASHBOARD_STATUS_ORDER)),
            output_field=models.IntegerField(),
        )
        return list(
            JobPosting.objects.filter(wanted)
            .select_related("level", "location")
            .annotate(last_seen=last_visit(self.user), status_order=status_order)
            .order_by("status_order", *DASHBOARD_ORDER_WITHIN_STATUS)
        )


def attach_dashboard_counts(postings):
    """Give each posting `stage_counts`, `total`, `open_count` and `new_count`, in one query.

    `postings` come from DashboardPostings (with `last_seen`, when the person
    last opened that pipeline). New means submitted after that visit; before the
    first visit every applicant is new. The counts read the (posting, stage,
    submitted_at) index of only the postings on the page.
    """
    postings = list(postings)
    is_new = Q()
    for posting in postings:
        if posting.last_seen is None:
            is_new |= Q(posting=posting.pk)
        else:
            is_new |= Q(posting=posting.pk, submitted_at__gt=posting.last_seen)
    counts, new = {}, {}
    if postings:
        rows = (
            Application.objects.filter(posting__in=[posting.pk for posting in postings])
            .values("posting", "stage")
            .annotate(n=Count("pk"), new=Count("pk", filter=is_new))
            .order_by()
        )
        for row in rows:
            counts.setdefault(row["posting"], {})[row["stage"]] = row["n"]
            new[row["posting"]] = new.get(row["posting"], 0) + row["new"]
    for posting in postings:
        posting.stage_counts = counts.get(posting.pk, {})
        posting.total = sum(posting.stage_counts.values())
        posting.open_count = sum(posting.stage_counts.get(stage, 0) for stage in Application.OPEN_STAGES)
        posting.new_count = new.get(posting.pk, 0)
        posting.stage_cells = [(stage, posting.stage_counts.get(stage, 0)) for stage in Stage]
    return postings


# --- The pipeline list ------------------------------------------------------------------------------

OPEN = "open"
NO_FLAGS = "none"
SORTS = {
    "newest": ("-submitted_at", "-pk"),
    "oldest": ("submitted_at", "pk"),
    "score": ("-match_score", "-submitted_at", "-pk"),
}


def no_flags_condition():
    return ~functools.reduce(operator.or_, (Application.flag_filter(key) for key in Application.FLAG_FIELDS))


def filter_applicants(queryset, *, stage="", flag="", q="", sort="newest"):
    """The pipeline's filters: stage (or "open"), flag (or "none"), words in the name or email, sort."""
    if stage == OPEN:
        queryset = queryset.open()
    elif stage:
        queryset = queryset.in_stage(stage)
    if flag == NO_FLAGS:
        queryset = queryset.filter(no_flags_condition())
    elif flag:
        queryset = queryset.filter(Application.flag_filter(flag))
    for word in q.split()[:5]:
        queryset = queryset.filter(Q(candidate__full_name__icontains=word) | Q(candidate__email__icontains=word))
    return queryset.order_by(*SORTS.get(sort, SORTS["newest"]))


# --- CSV export -------------------------------------------------------------------------------------

CSV_HEADER = [
    "Name",
    "Email",
    "Phone",
    "Stage",
    "Match score",
    "Required items not met",
    "Flags",
    "Years of experience",
    "Years leading",
    "Applied",
    "Heard of it through",
]
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Text that a spreadsheet shows as typed: a leading formula character gets a ' in front."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


CSV_COLUMNS = (
    "candidate__full_name",
    "candidate__email",
    "candidate__profile__phone",
    "stage",
    "match_score",
    "years_experience",
    "years_leadership",
    "submitted_at",
    "source",
    *Application.FLAG_COLUMNS.values(),
)


def applicant_csv_rows(queryset):
    """The header, then one row per applicant.

    Plain values, not model instances, read in chunks: 5,000 rows stream in
    well under the time budget and memory stays flat whatever the size.
    Only what people typed (name, email, phone) can start like a formula;
    the other cells are numbers and the site's own labels.
    """
    yield CSV_HEADER
    stages, sources = dict(Stage.choices), dict(Application.Source.choices)
    zone = timezone.get_current_timezone()
    for values in queryset.values(*CSV_COLUMNS).iterator(chunk_size=2000):
        yield [
            csv_safe(values["candidate__full_name"] or values["candidate__email"]),
            csv_safe(values["candidate__email"]),
            csv_safe(values["candidate__profile__phone"] or ""),
            stages[values["stage"]],
            values["match_score"],
            values["knockouts"],
            "; ".join(Application.flag_labels(values)),
            values["years_experience"],
            values["years_leadership"],
            values["submitted_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            sources.get(values["source"], values["source"]),
        ]


def csv_text(rows, rows_per_chunk=500):
    """The rows as CSV text in pieces of `rows_per_chunk` rows, for a streaming response.

    Starts with a byte-order mark, so Excel reads the file as UTF-8 (names with
    accents stay intact). A piece a row would cost more in the response's
    per-piece handling than writing the rows does.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        if number % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- The applicant page -----------------------------------------------------------------------------


def candidate_profile(user):
    """The candidate's profile, or None for someone who never filled one in."""
    try:
        return user.profile
    except CandidateProfile.DoesNotExist:
        return None


def _day(value):
    return dateformat.format(value, "M j, Y")


def time_labels(moment):
    """(ISO 8601, "Nov 27, 2026") in the site's time zone, for a <time> element in a table row.

    What the template's |date:"c" and |date:"M j, Y" give, made in Python: through
    the template filters, two dates a row cost as much as the rest of the row.
    """
    local = timezone.localtime(moment)
    return local.isoformat(), f"{local:%b} {local.day}, {local.year}"


@dataclasses.dataclass
class CredentialCheck:
    label: str
    value: str
    problem: str = ""


def credential_checks(application, profile, today=None):
    """Each credential a reviewer checks, with what is wrong with it today (empty when fine).

    Read from the profile as it is now; the application's flags keep what was
    true when the candidate applied.
    """
    today = today or timezone.localdate()
    posting = application.posting
    start = posting.start_date or today
    if profile is None:
        return [CredentialCheck("Profile", "Not filled in", "No credentials on file")]
    checks = []
    state = posting.location.state if posting.location_id else ""
    licenses = list(profile.licenses.all())
    for license in licenses:
        problem = ""
        if license.expires_on < today:
            problem = "Expired"
        elif license.expires_on < start:
            problem = "Expires before the start date"
        checks.append(
            CredentialCheck(
                f"{license.state} OT license", f"{license.number}, expires {_day(license.expires_on)}", problem
            )
        )
    if state and not any(license.state == state for license in licenses):
        checks.append(
            CredentialCheck(f"{state} OT license", "None on file", f"No license for {state}, where the job is")
        )
    nbcot_value = profile.get_nbcot_status_display() or "Not given"
    if profile.nbcot_number:
        nbcot_value = f"{nbcot_value}, no. {profile.nbcot_number}"
    if profile.nbcot_expires_on:
        nbcot_value += f", expires {_day(profile.nbcot_expires_on)}"
    nbcot_problem = ""
    if profile.nbcot_status != profile.NbcotStatus.ACTIVE:
        nbcot_problem = "Not active"
    elif profile.nbcot_expires_on and profile.nbcot_expires_on < today:
        nbcot_problem = "Expired"
    checks.append(CredentialCheck("NBCOT certification", nbcot_value, nbcot_problem))
    if profile.cpr_bls_expires_on:
        cpr = CredentialCheck("CPR/BLS", f"Expires {_day(profile.cpr_bls_expires_on)}")
        if profile.cpr_bls_expires_on < today:
            cpr.problem = "Expired"
    else:
        cpr = CredentialCheck("CPR/BLS", "Not given", "No CPR/BLS on file")
    checks.append(cpr)
    return checks


def requirement_rows(posting_requirements, answers):
    """(required, preferred): each requirement with the candidate's answer beside it (None if unanswered)."""
    by_requirement = {answer.requirement_id: answer for answer in answers}
    required, preferred = [], []
    for requirement in posting_requirements:
        row = (requirement, by_requirement.get(requirement.pk))
        (required if requirement.is_required else preferred).append(row)
    return required, preferred


@dataclasses.dataclass
class StagePeriod:
    stage: str
    label: str
    entered_at: datetime.datetime
    by: object
    reason: str
    from_label: str
    duration: datetime.timedelta | None

    @property
    def until(self):
        return self.entered_at + self.duration if self.duration is not None else None


def stage_periods(application, changes, now=None):
    """The history as periods: each stage with who moved it there, when, why and how long it stayed.

    Starts with the submission itself; the current stage's time runs until now
    while the application is open (a final stage has no duration).
    """
    now = now or timezone.now()
    periods = []
    entries = [(Stage.SUBMITTED, application.submitted_at, application.candidate, "", "")]
    entries += [
        (change.to_stage, change.at, change.by, change.reason, change.get_from_stage_display()) for change in changes
    ]
    for index, (stage, at, by, reason, from_label) in enumerate(entries):
        if index + 1 < len(entries):
            duration = entries[index + 1][1] - at
        else:
            duration = now - at if stage in Application.OPEN_STAGES else None
        periods.append(StagePeriod(stage, Stage(stage).label, at, by, reason, from_label, duration))
    return periods


def hired_at(changes):
    """When the application moved to hired (None until then); time to hire runs from submission to this."""
    return next((change.at for change in changes if change.to_stage == Stage.HIRED), None)
