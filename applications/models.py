import functools
import operator
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q, StringAgg, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from postings.models import JobPosting, PostingRequirement

# The candidate's profile and the compact's data live in modules of their own; every name stays importable from here.
from .compact import CompactMemberState
from .profiles import CandidateProfile, Specialty, StateLicense, resume_path
from .report_rows import ApplicationDay, ApplicationReportRow, StageStay, StayDay
from .report_rows import refresh as refresh_report_rows
from .signals import stage_changed, withdrawn

__all__ = [
    "Answer",
    "Application",
    "ApplicationDay",
    "ApplicationReportRow",
    "CandidateProfile",
    "CompactMemberState",
    "OutgoingEmail",
    "Outcome",
    "Specialty",
    "StageChange",
    "StageCounts",
    "StageError",
    "StageStay",
    "StayDay",
    "StateLicense",
    "resume_path",
]


UTM_SOURCE = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")


class Outcome(models.TextChoices):
    """What a check of a requirement (or a yes/no answer) found: see screening.py."""

    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    NOT_KNOWN = "not_known", "Not known"


class StageError(ValidationError):
    """A move through the pipeline that makes no sense from where the application is."""


class StageCounts(dict):
    """{stage: number of applications}, with the sums the workspace shows."""

    @property
    def total(self):
        return sum(self.values())

    @property
    def open(self):
        return sum(self.get(stage, 0) for stage in Application.OPEN_STAGES)

    @property
    def hired(self):
        return self.get(Application.Stage.HIRED, 0)


class ApplicationQuerySet(models.QuerySet):
    def for_candidate(self, user):
        return self.filter(candidate=user)

    def reviewable_by(self, user):
        """Applications a staff member may see: those of postings they manage (all for recruiters)."""
        return self.of_postings(JobPosting.objects.managed_by(user))

    def of_postings(self, postings):
        """Applications to the postings of `postings` (a JobPosting queryset): who sees a posting sees its applicants."""
        return self.filter(posting__in=postings)

    def changed_since(self, moment):
        """Submitted or moved at `moment` or later (a new application's stage_changed_at is its submission)."""
        return self.filter(stage_changed_at__gte=moment)

    def in_stage(self, stage):
        return self.filter(stage=stage)

    def open(self):
        return self.filter(stage__in=Application.OPEN_STAGES)

    def with_flag(self, key):
        """Applications with the flag `key` (a key of Application.FLAGS) raised."""
        return self.filter(Application.flag_condition(key))

    def without_flags(self):
        return self.exclude(functools.reduce(operator.or_, map(Application.flag_condition, Application.FLAGS)))

    def matching(self, words):
        """Every word (up to five) in the candidate's name or email."""
        queryset = self
        for word in words.split()[:5]:
            queryset = queryset.filter(Q(candidate__full_name__icontains=word) | Q(candidate__email__icontains=word))
        return queryset

    def holding_license_in(self, state):
        """Candidates whose profile holds a license (or compact privilege) for `state`, unexpired today."""
        current = StateLicense.objects.filter(
            profile__user=OuterRef("candidate"), state=state, expires_on__gte=timezone.localdate()
        )
        return self.filter(Exists(current))

    def in_pipeline(self, *, stage="", flag="", q="", sort="newest", license="", min_years=None):
        """The pipeline's filters: stage (or "open", or "all"), flag (or "none"), words in the name or email,
        a current license in a state, at least `min_years` of experience (as given when applying), sort."""
        queryset = self
        if license:
            queryset = queryset.holding_license_in(license)
        if min_years:
            queryset = queryset.filter(years_experience__gte=min_years)
        if stage == Application.OPEN:
            queryset = queryset.open()
        elif stage and stage != Application.ALL:
            queryset = queryset.in_stage(stage)
        if flag == Application.NO_FLAGS:
            queryset = queryset.without_flags()
        elif flag:
            queryset = queryset.with_flag(flag)
        queryset = queryset.matching(q)
        return queryset.order_by(*Application.PIPELINE_SORTS.get(sort, Application.PIPELINE_SORTS["newest"]))

    def as_candidate_sees(self):
        """Each application with what its candidate may be shown yet (see Application.candidate_stage).

        A rejection whose email still waits (48 hours by default) is not told
        on the site before the email tells it: `rejection_waiting`, with
        `stage_before_rejection`, the stage to show meanwhile.
        """
        waiting = OutgoingEmail.objects.filter(application=OuterRef("pk")).waiting_to_tell_rejection()
        before = (
            StageChange.objects.filter(application=OuterRef("pk"), to_stage=Application.Stage.REJECTED)
            .order_by("-at", "-pk")
            .values("from_stage")[:1]
        )
        return self.annotate(rejection_waiting=Exists(waiting), stage_before_rejection=Subquery(before))

    def with_pipeline_data(self):
        return self.select_related("candidate", "candidate__profile", "posting")

    def stage_counts(self):
        return StageCounts(self.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))

    def with_specialty_names(self):
        """Each application with `specialty_names`: the candidate's specialties, one a line, in the same query.

        In no set order (SQLite before 3.44 cannot order an aggregate): see Application.specialty_list.
        """
        names = (
            Specialty.objects.filter(candidates__user=OuterRef("candidate"))
            .order_by()
            .values("candidates__user")
            .annotate(names=StringAgg("name", delimiter=Value("\n")))
            .values("names")
        )
        return self.annotate(specialty_names=Subquery(names))


class Application(models.Model):
    """One candidate's application to one posting, and where it stands in the hiring pipeline."""

    class Stage(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        SCREENING = "screening", "Screening"
        INTERVIEW = "interview", "Interview"
        OFFER = "offer", "Offer"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Source(models.TextChoices):
        JOB_BOARD = "job_board", "This website"
        INDEED = "indeed", "Indeed or another job site"
        REFERRAL = "referral", "A colleague or friend"
        SCHOOL = "school", "My school or fieldwork site"
        SOCIAL = "social", "Social media"
        EVENT = "event", "A career fair or event"
        OTHER = "other", "Somewhere else"

    class Band(models.IntegerChoices):
        """Where the screening puts an applicant before the score: the pipeline sorts by this first."""

        KNOCKED_OUT = 0, "A required item not met"
        TO_CONFIRM = 1, "A required item not known"
        QUALIFIED = 2, "Meets every required item"

    OPEN_STAGES = (Stage.SUBMITTED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER)
    # Forward moves staff may make from each stage, in one step (a clear fit goes from submitted straight to
    # interview); hired only once an offer was made. Rejected is allowed from any open stage.
    NEXT_STAGES = {
        Stage.SUBMITTED: (Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER),
        Stage.SCREENING: (Stage.INTERVIEW, Stage.OFFER),
        Stage.INTERVIEW: (Stage.OFFER,),
        Stage.OFFER: (Stage.HIRED,),
    }
    # What the candidate reads: never the reviewers' verdict before it is final.
    CANDIDATE_STATUS = {
        Stage.SUBMITTED: "Submitted — we have your application",
        Stage.SCREENING: "Under review",
        Stage.INTERVIEW: "Interview stage",
        Stage.OFFER: "Offer extended",
        Stage.HIRED: "Hired — welcome aboard",
        Stage.REJECTED: "Not selected",
        Stage.WITHDRAWN: "Withdrawn by you",
    }

    posting = models.ForeignKey(JobPosting, on_delete=models.PROTECT, related_name="applications")
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.SUBMITTED)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(default=timezone.now)
    resume = models.FileField(upload_to=resume_path, max_length=200)
    resume_name = models.CharField(max_length=150, help_text="The file name as the candidate uploaded it.")
    cover_letter = models.TextField(blank=True)
    source = models.CharField("how they heard of the opening", max_length=12, choices=Source.choices)
    utm_source = models.CharField(
        "link source",
        max_length=40,
        blank=True,
        help_text="The utm_source of the link the candidate came by (a job board, a feed), recorded at apply; "
        "empty when they came to the site directly.",
    )
    consented_at = models.DateTimeField(help_text="When the candidate agreed to the processing of their data.")

    # What reviewers see, computed on submit from the answers and the profile as it was then.
    years_experience = models.PositiveSmallIntegerField(default=0)
    years_leadership = models.PositiveSmallIntegerField(default=0)
    knockouts = models.PositiveSmallIntegerField(
        default=0, help_text="Required items not met: checked against the profile, or answered no."
    )
    flag_no_state_license = models.BooleanField(default=False)
    flag_license_not_given = models.BooleanField(default=False)
    flag_license_expires_before_start = models.BooleanField(default=False)
    flag_nbcot_not_active = models.BooleanField(default=False)
    flag_nbcot_not_given = models.BooleanField(default=False)
    flag_cpr_expired = models.BooleanField(default=False)
    flag_cpr_not_given = models.BooleanField(default=False)
    flag_experience_below_minimum = models.BooleanField(default=False)
    screening_band = models.PositiveSmallIntegerField(
        choices=Band.choices,
        default=Band.QUALIFIED,
        help_text="Sorted on before the score: every required item met, one not known, or one not met.",
    )
    match_score = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="0–100, see applications/README.md: capped at 49 with a required item not met, "
        "at 79 with one not known.",
    )
    match_reasons = models.TextField(blank=True, help_text="The few reasons behind the match score, one a line.")

    objects = ApplicationQuerySet.as_manager()

    # What reviewers are warned of, by key (the pipeline's ?flag=): its label and the column that raises it,
    # a count above zero or a true boolean.
    # Raised by screening.py: "not given" is a flag of its own, never shown as expired.
    FLAGS = {
        "knockout": ("Required item not met", "knockouts"),
        "no_license": ("No license for the posting's state", "flag_no_state_license"),
        "license_not_given": ("No license given", "flag_license_not_given"),
        "license_expiring": ("License expired or expires too soon", "flag_license_expires_before_start"),
        "nbcot": ("NBCOT not active", "flag_nbcot_not_active"),
        "nbcot_not_given": ("NBCOT status not given", "flag_nbcot_not_given"),
        "cpr": ("CPR/BLS expired or expires too soon", "flag_cpr_expired"),
        "cpr_not_given": ("CPR/BLS not given", "flag_cpr_not_given"),
        "experience": ("Less experience than the level asks", "flag_experience_below_minimum"),
    }
    FLAG_CHOICES = [(key, label) for key, (label, _) in FLAGS.items()]
    FLAG_COLUMNS = [column for _, column in FLAGS.values()]

    # The pipeline's filter values beside the stages and flags, and its orders.
    OPEN = "open"
    ALL = "all"
    NO_FLAGS = "none"
    PIPELINE_SORTS = {
        "newest": ("-submitted_at", "-pk"),
        "oldest": ("submitted_at", "pk"),
        # Everyone who meets every required item first, whatever the scores (screening.py).
        "score": ("-screening_band", "-match_score", "-submitted_at", "-pk"),
    }

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "candidate"], name="one_application_per_candidate_per_posting"),
        ]
        indexes = [
            # The pipeline: a posting's applicants by stage, newest first.
            models.Index(fields=["posting", "stage", "-submitted_at", "-id"], name="application_stage_id_idx"),
            # The pipeline sorted by match score (band first).
            # With the id and then the stage last, a page's ids come from the index alone at any depth, the open
            # stages' too (hiring/pipeline.py): without the stage, the 10,000th row cost a table read per row before it.
            models.Index(
                fields=["posting", "-screening_band", "-match_score", "-submitted_at", "-id", "stage"],
                name="application_score_stage_idx",
            ),
            # The pipeline's default order (newest first; oldest first reads it backwards), so its first
            # page reads 25 index entries instead of sorting thousands; with a flag filter too. Also the
            # "new since your last visit" counts: a posting's applicants submitted after a moment.
            # The stage last: the open stages' pages are read from this index alone (hiring/pipeline.py).
            models.Index(fields=["posting", "-submitted_at", "-id", "stage"], name="application_newest_stage_idx"),
            # The candidate area: my applications, newest first.
            models.Index(fields=["candidate", "-submitted_at"], name="application_candidate_idx"),
            # The daily credential expiry run: the postings each watched candidate is in the running for (its
            # hiring teams), read from the index alone for tens of thousands of candidates.
            models.Index(fields=["candidate", "stage", "posting"], name="application_candidate_team_idx"),
            # The API's applications list (api/): a posting's applicants in the order they last changed,
            # read a page at a time from a (changed at, id) cursor, also with updated_since.
            models.Index(fields=["posting", "stage_changed_at", "id"], name="application_changes_idx"),
            # The reports' cohort over every posting (hiring/reports/): applications submitted in a period.
            models.Index(fields=["submitted_at"], name="application_submitted_idx"),
            # Time in stage's waiting list over every posting: open applications by how long they have waited.
            models.Index(
                fields=["stage_changed_at", "id"],
                condition=Q(stage__in=["submitted", "screening", "interview", "offer"]),
                name="application_waiting_idx",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.posting}"

    def get_absolute_url(self):
        return reverse("applications:application_detail", args=[self.pk])

    @staticmethod
    def link_source(value):
        """A link's `utm_source` as stored: lower case, letters, digits, dot, dash and underscore, 40 at most.

        Anything else (a typo, an address pasted by hand, an attempt at mischief) is kept as nothing rather
        than cleaned into a new value, so the sources report only ever lists what links really said.
        """
        value = (value or "").strip().lower()
        return value if UTM_SOURCE.fullmatch(value) else ""

    @property
    def specialty_list(self):
        """The candidate's specialties by name, for an application read `with_specialty_names`."""
        return sorted(filter(None, (self.specialty_names or "").split("\n")))

    @property
    def score_reasons(self):
        """Why the match score is what it is: a few short lines, stored with it."""
        return [line for line in self.match_reasons.split("\n") if line]

    @property
    def candidate_stage(self):
        """The stage the candidate is shown: a rejection only once its email has gone out (or none will).

        Read `as_candidate_sees` it costs no query; otherwise a rejected
        application asks the outbox and the history.
        """
        if self.stage != self.Stage.REJECTED:
            return self.stage
        if not hasattr(self, "rejection_waiting"):
            self.rejection_waiting = self.emails.waiting_to_tell_rejection().exists()
            self.stage_before_rejection = (
                self.history.filter(to_stage=self.Stage.REJECTED)
                .order_by("-at", "-pk")
                .values_list("from_stage", flat=True)
                .first()
            )
        if self.rejection_waiting and self.stage_before_rejection:
            return self.stage_before_rejection
        return self.stage

    @property
    def candidate_status(self):
        return self.CANDIDATE_STATUS[self.candidate_stage]

    @property
    def is_open(self):
        return self.stage in self.OPEN_STAGES

    @classmethod
    def flag_labels(cls, values):
        """Labels of the flags raised in `values`, a mapping of each of FLAG_COLUMNS to its value."""
        return [label for label, column in cls.FLAGS.values() if values[column]]

    @property
    def flags(self):
        """Labels of every flag raised, for reviewers."""
        return self.flag_labels(self.__dict__)

    @property
    def flag_keys(self):
        """Keys (of FLAGS) of every flag raised: what the API gives integrations beside the labels."""
        return [key for key, (_, column) in self.FLAGS.items() if self.__dict__[column]]

    @classmethod
    def flag_condition(cls, key):
        """The queryset condition under which flag `key` is raised."""
        column = cls.FLAGS[key][1]
        if isinstance(cls._meta.get_field(column), models.BooleanField):
            return Q(**{column: True})
        return Q(**{f"{column}__gt": 0})

    def allowed_moves(self, *, by_candidate=False):
        if self.stage not in self.OPEN_STAGES:
            return ()
        if by_candidate:
            return (self.Stage.WITHDRAWN,)
        return self.NEXT_STAGES[self.stage] + (self.Stage.REJECTED,)

    def move_to(self, stage, *, by, reason="", by_candidate=False, expected_stage=None):
        """Move through the pipeline and record who, when, from, to and why.

        The row is locked for the move, so two reviewers acting at once are
        applied one after the other; pass `expected_stage` (the stage the
        person saw) to refuse a move made on a stale page instead.
        """
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=self.pk)
            # Withdrawn first: a page shown before the candidate withdrew should say so, not "someone moved it".
            if locked.stage == self.Stage.WITHDRAWN:
                raise StageError(
                    "The candidate withdrew this application; it can no longer be moved.", code="withdrawn"
                )
            if expected_stage and locked.stage != expected_stage:
                raise StageError(
                    f"Someone else moved this application to {locked.get_stage_display()} meanwhile. "
                    "Reload the page to see its current stage.",
                    code="stale",
                )
            if stage not in locked.allowed_moves(by_candidate=by_candidate):
                raise StageError(
                    f"An application cannot go from {locked.get_stage_display()} to {self.Stage(stage).label}.",
                    code="invalid_move",
                )
            now = timezone.now()
            change = StageChange.objects.create(
                application=locked, from_stage=locked.stage, to_stage=stage, by=by, reason=reason.strip(), at=now
            )
            Application.objects.filter(pk=self.pk).update(stage=stage, stage_changed_at=now)
            refresh_report_rows([self.pk])
            self.stage, self.stage_changed_at = stage, now
            # Inside the transaction: what receivers store (webhook deliveries) rolls back with the move.
            (withdrawn if stage == self.Stage.WITHDRAWN else stage_changed).send(
                sender=Application, application=self, change=change
            )
            return change

    def undo_move(self, change, *, by, reason):
        """Put the application back where `change` (one of its moves) found it, recording who undid it.

        Only while `change` is still its latest move: one moved again since
        (by anyone, the candidate included) is left as it is (StageError
        `moved_since`). The new history row points at the one it undoes.
        """
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=self.pk)
            latest = StageChange.objects.filter(application=locked).order_by("-at", "-pk").first()
            if latest is None or latest.pk != change.pk or locked.stage != change.to_stage:
                raise StageError(
                    f"Moved again since, now {locked.get_stage_display()}: left as it is.", code="moved_since"
                )
            now = timezone.now()
            undo = StageChange.objects.create(
                application=locked,
                from_stage=change.to_stage,
                to_stage=change.from_stage,
                by=by,
                reason=reason,
                at=now,
                undoes=change,
            )
            Application.objects.filter(pk=self.pk).update(stage=change.from_stage, stage_changed_at=now)
            refresh_report_rows([self.pk])
            self.stage, self.stage_changed_at = change.from_stage, now
            stage_changed.send(sender=Application, application=self, change=undo)
            return undo

    def withdraw(self, *, by):
        return self.move_to(self.Stage.WITHDRAWN, by=by, reason="Withdrawn by the candidate.", by_candidate=True)


class Answer(models.Model):
    """A candidate's answer to one requirement of the posting."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(PostingRequirement, on_delete=models.PROTECT, related_name="answers")
    meets = models.BooleanField("I meet this", help_text="The outcome is met (answered yes, or checked and met).")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.MET)
    reason = models.CharField(
        max_length=300, blank=True, help_text="For a requirement checked against the profile: what the check found."
    )
    evidence = models.CharField(max_length=300, blank=True, help_text="A line of evidence, e.g. where or when.")

    class Meta:
        ordering = ["requirement__position", "requirement__pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="one_answer_per_requirement"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.requirement}"


class StageChangeQuerySet(models.QuerySet):
    def standing(self):
        """Moves that stand: neither undone nor an undo (what reports count).

        "Not undone" as NOT EXISTS over the undos alone (stagechange_undo_idx): the reverse relation's LEFT JOIN
        read every move's `undoes` to leave out a few (60,000 rejections against 490,000 moves at the bench's size).
        """
        undos = self.model.objects.filter(undoes__isnull=False, undoes=models.OuterRef("pk"))
        return self.filter(undoes__isnull=True).filter(~models.Exists(undos))


class StageChange(models.Model):
    """One move of an application through the pipeline. Reports are derived from these rows."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=10, choices=Application.Stage.choices)
    to_stage = models.CharField(max_length=10, choices=Application.Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=500, blank=True)
    undoes = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undone_by",
        help_text="The move this one took back (an undone bulk move). Reports leave both out.",
    )

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # Moves into a stage over a period (reports), and the audit record's hires newest first, a page read
            # from the index in its order (the application last: ties broken without a sort).
            models.Index(fields=["to_stage", "at", "application"], name="stagechange_stage_at_app_idx"),
            # Time in stage (hiring/reports/timing.py): every move made in a period, whatever its stage.
            models.Index(fields=["at"], name="stagechange_at_idx"),
            # The few undos (StageChangeQuerySet.standing): the unique index of `undoes` holds every move.
            models.Index(fields=["undoes"], name="stagechange_undo_idx", condition=models.Q(undoes__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class OutgoingEmailQuerySet(models.QuerySet):
    def waiting_to_tell_rejection(self):
        """Unsent, uncancelled emails that tell a candidate they were not selected."""
        return self.filter(kind__in=OutgoingEmail.REJECTION_KINDS, sent_at__isnull=True, cancelled_at__isnull=True)

    def to_candidate_outside_applications(self, user):
        """Emails to the candidate's address that belong to no application (job alerts and their confirmations)."""
        return self.filter(application__isnull=True, to=user.email).order_by("created_at", "pk")


class OutgoingEmail(models.Model):
    """An email, rendered and stored before it is sent, so neither a delay nor a mail outage loses it.

    Rows are written inside the transaction that caused them and delivered
    by the `deliver_email` task after commit; `send_due_emails` sends the
    delayed ones and retries failures.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", "Application received (to the candidate)"
        MANAGER_NOTICE = "manager_notice", "New applicant (to hiring managers)"
        INTERVIEW = "interview", "Invitation to interview"
        OFFER = "offer", "Offer"
        REJECTION = "rejection", "Rejection"
        POSTING_FILLED = "posting_filled", "Opening filled"
        JOB_ALERT = "job_alert", "Job alert (new matching postings)"
        ALERT_CONFIRMATION = "alert_confirmation", "Job alert: confirm the address"
        PASSWORD_RESET = "password_reset", "Password reset link"
        EMAIL_VERIFICATION = "email_verification", "Email address to confirm"
        REFERENCE_REQUEST = "reference_request", "Reference request (to a referee)"
        CREDENTIAL_EXPIRY = "credential_expiry", "Credential expiring (to the candidate)"
        EXPIRY_TEAM_NOTICE = "expiry_team_notice", "Credential expiring (to the hiring team)"
        INTERVIEW_INVITE = "interview_invite", "Interview: time to pick, invite, update or cancellation"
        INTERVIEW_REMINDER = "interview_reminder", "Interview reminder (24 hours before)"
        INTERVIEW_NOTICE = "interview_notice", "Interview: the candidate's request (to interviewers)"
        OFFER_LETTER = "offer_letter", "Offer letter (to the candidate)"
        OFFER_APPROVAL = "offer_approval", "Offer to approve (to approvers)"
        OFFER_ANSWER = "offer_answer", "Offer accepted or declined (to the hiring team)"

    # The emails that tell a candidate the application is over: the site says so only once one has gone out.
    REJECTION_KINDS = (Kind.REJECTION, Kind.POSTING_FILLED)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="emails", null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    to = models.TextField(help_text="Recipients, comma-separated.")
    subject = models.CharField(max_length=250)
    body = models.TextField()
    headers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Extra mail headers, e.g. List-Unsubscribe on alert emails.",
    )
    attachments = models.JSONField(
        default=list,
        blank=True,
        help_text="Files sent with the email, as text: [{filename, content, mimetype}], e.g. a calendar invite.",
    )
    send_after = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["send_after", "pk"]
        indexes = [
            # send_due_emails: unsent emails whose time has come.
            models.Index(fields=["sent_at", "send_after"], name="outgoing_due_idx"),
            # A candidate's export and account deletion: emails to their address outside any application.
            models.Index(fields=["to"], condition=Q(application__isnull=True), name="outgoing_unattached_to_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}"

    @property
    def recipients(self):
        return [address.strip() for address in self.to.split(",") if address.strip()]
