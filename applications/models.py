import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import CharField, Count, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from postings.models import JobPosting, PostingRequirement
from postings.states import US_STATES


class StageError(ValidationError):
    """A move through the pipeline that makes no sense from where the application is."""


class Specialty(models.Model):
    """A clinical specialty a candidate can list, e.g. hand therapy."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name


def resume_path(instance, filename):
    """A random name under a private folder: nothing the uploader typed reaches the disk path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"resumes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class CandidateProfile(models.Model):
    """A candidate's details and credentials, reused for every application."""

    class Degree(models.TextChoices):
        MASTERS = "masters", "Master's in OT (MOT / MSOT)"
        DOCTORATE = "otd", "Doctor of OT (OTD)"
        OTHER = "other", "Other"

    class NbcotStatus(models.TextChoices):
        ACTIVE = "active", "Active"
        ELIGIBLE = "eligible", "Eligible to sit for the exam"
        INACTIVE = "inactive", "Inactive or lapsed"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    phone = models.CharField(max_length=30, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, choices=US_STATES, blank=True)
    degree = models.CharField("highest OT degree", max_length=10, choices=Degree.choices, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        "years of OT experience", default=0, validators=[MaxValueValidator(60)]
    )
    years_leadership = models.PositiveSmallIntegerField(
        "years in a leadership role", default=0, validators=[MaxValueValidator(60)]
    )
    specialties = models.ManyToManyField(Specialty, blank=True, related_name="candidates")
    nbcot_number = models.CharField("NBCOT certification number", max_length=30, blank=True)
    nbcot_status = models.CharField("NBCOT status", max_length=10, choices=NbcotStatus.choices, blank=True)
    nbcot_expires_on = models.DateField("NBCOT expiry", null=True, blank=True)
    cpr_bls_expires_on = models.DateField("CPR/BLS expiry", null=True, blank=True)
    resume = models.FileField(upload_to=resume_path, blank=True, max_length=200)
    resume_name = models.CharField(max_length=150, blank=True, help_text="The file name as the candidate uploaded it.")
    resume_uploaded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.user}"

    def license_for(self, state):
        return next((lic for lic in self.licenses.all() if lic.state == state), None)


class StateLicense(models.Model):
    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="licenses")
    state = models.CharField(max_length=2, choices=US_STATES)
    number = models.CharField("license number", max_length=40)
    expires_on = models.DateField("expiry")

    class Meta:
        ordering = ["state"]
        constraints = [models.UniqueConstraint(fields=["profile", "state"], name="one_license_per_state_per_profile")]

    def __str__(self):
        return f"{self.state} OT license"


class ApplicationQuerySet(models.QuerySet):
    def for_candidate(self, user):
        return self.filter(candidate=user)

    def reviewable_by(self, user):
        """Applications a staff member may see: those of postings they manage (all for recruiters)."""
        return self.filter(posting__in=JobPosting.objects.managed_by(user))

    def in_stage(self, stage):
        return self.filter(stage=stage)

    def open(self):
        return self.filter(stage__in=Application.OPEN_STAGES)

    def with_pipeline_data(self):
        return self.select_related("candidate", "candidate__profile", "posting")

    def stage_counts(self):
        return dict(self.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))

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

    OPEN_STAGES = (Stage.SUBMITTED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER)
    # Forward moves staff may make from each stage; rejected is allowed from any open stage.
    NEXT_STAGES = {
        Stage.SUBMITTED: (Stage.SCREENING,),
        Stage.SCREENING: (Stage.INTERVIEW,),
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
    consented_at = models.DateTimeField(help_text="When the candidate agreed to the processing of their data.")

    # What reviewers see, computed on submit from the answers and the profile as it was then.
    years_experience = models.PositiveSmallIntegerField(default=0)
    years_leadership = models.PositiveSmallIntegerField(default=0)
    knockouts = models.PositiveSmallIntegerField(
        default=0, help_text="Required items the candidate said they do not meet."
    )
    flag_no_state_license = models.BooleanField(default=False)
    flag_license_expires_before_start = models.BooleanField(default=False)
    flag_nbcot_not_active = models.BooleanField(default=False)
    flag_cpr_expired = models.BooleanField(default=False)
    flag_experience_below_minimum = models.BooleanField(default=False)
    match_score = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="Share of requirements met, 0–100; required count double.",
    )

    objects = ApplicationQuerySet.as_manager()

    FLAG_FIELDS = {
        "knockout": "Required item not met",
        "no_license": "No license for the posting's state",
        "license_expiring": "License expires before the start date",
        "nbcot": "NBCOT not active",
        "cpr": "CPR/BLS expired",
        "experience": "Less experience than the level asks",
    }

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "candidate"], name="one_application_per_candidate_per_posting"),
        ]
        indexes = [
            # The pipeline: a posting's applicants by stage, newest first.
            models.Index(fields=["posting", "stage", "-submitted_at"], name="application_pipeline_idx"),
            # The pipeline sorted by match score.
            models.Index(fields=["posting", "-match_score", "-submitted_at"], name="application_score_idx"),
            # The pipeline's default order (newest first; oldest first reads it backwards), so its first
            # page reads 25 index entries instead of sorting thousands; with a flag filter too. Also the
            # "new since your last visit" counts: a posting's applicants submitted after a moment.
            models.Index(fields=["posting", "-submitted_at", "-id"], name="application_newest_idx"),
            # The candidate area: my applications, newest first.
            models.Index(fields=["candidate", "-submitted_at"], name="application_candidate_idx"),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.posting}"

    def get_absolute_url(self):
        return reverse("applications:application_detail", args=[self.pk])

    @property
    def specialty_list(self):
        """The candidate's specialties by name, for an application read `with_specialty_names`."""
        return sorted(filter(None, (self.specialty_names or "").split("\n")))

    @property
    def candidate_status(self):
        return self.CANDIDATE_STATUS[self.stage]

    @property
    def is_open(self):
        return self.stage in self.OPEN_STAGES

    # The column behind each flag (a count above zero or a true boolean raises it).
    FLAG_COLUMNS = {
        "knockout": "knockouts",
        "no_license": "flag_no_state_license",
        "license_expiring": "flag_license_expires_before_start",
        "nbcot": "flag_nbcot_not_active",
        "cpr": "flag_cpr_expired",
        "experience": "flag_experience_below_minimum",
    }

    @classmethod
    def flag_labels(cls, values):
        """Labels of the flags raised in `values`, a mapping of FLAG_COLUMNS to their values."""
        return [label for key, label in cls.FLAG_FIELDS.items() if values[cls.FLAG_COLUMNS[key]]]

    @property
    def flags(self):
        """Labels of every flag raised, for reviewers."""
        return self.flag_labels(self.__dict__)

    @classmethod
    def flag_filter(cls, key):
        """The queryset condition for one flag, for the pipeline's flag filter."""
        return {
            "knockout": Q(knockouts__gt=0),
            "no_license": Q(flag_no_state_license=True),
            "license_expiring": Q(flag_license_expires_before_start=True),
            "nbcot": Q(flag_nbcot_not_active=True),
            "cpr": Q(flag_cpr_expired=True),
            "experience": Q(flag_experience_below_minimum=True),
        }[key]

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
            if expected_stage and locked.stage != expected_stage:
                raise StageError(
                    f"Someone else moved this application to {locked.get_stage_display()} meanwhile. "
                    "Reload the page to see its current stage.",
                    code="stale",
                )
            if locked.stage == self.Stage.WITHDRAWN:
                raise StageError(
                    "The candidate withdrew this application; it can no longer be moved.", code="withdrawn"
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
            self.stage, self.stage_changed_at = stage, now
            return change

    def withdraw(self, *, by):
        return self.move_to(self.Stage.WITHDRAWN, by=by, reason="Withdrawn by the candidate.", by_candidate=True)

    def time_in_stage(self, now=None):
        return (now or timezone.now()) - self.stage_changed_at

    def time_to_hire(self):
        """Submission to hire, from the history; None until hired."""
        hire = next((c for c in self.history.all() if c.to_stage == self.Stage.HIRED), None)
        return hire.at - self.submitted_at if hire else None


class Answer(models.Model):
    """A candidate's answer to one requirement of the posting."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(PostingRequirement, on_delete=models.PROTECT, related_name="answers")
    meets = models.BooleanField("I meet this")
    evidence = models.CharField(max_length=300, blank=True, help_text="A line of evidence, e.g. where or when.")

    class Meta:
        ordering = ["requirement__position", "requirement__pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="one_answer_per_requirement"),
        ]

    def __str__(self):
        return f"{'Meets' if self.meets else 'Does not meet'}: {self.requirement}"


class StageChange(models.Model):
    """One move of an application through the pipeline. Reports are derived from these rows."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=10, choices=Application.Stage.choices)
    to_stage = models.CharField(max_length=10, choices=Application.Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # Time-to-hire and stage reports: moves into a stage over a period.
            models.Index(fields=["to_stage", "at"], name="stagechange_report_idx"),
        ]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Note(models.Model):
    """An internal note on an applicant. Never shown to the candidate."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note by {self.author} on {self.created_at:%Y-%m-%d}"


class ScorecardQuerySet(models.QuerySet):
    def with_ratings(self):
        """Each scorecard with its ratings in the same query, as `rating_pairs`: "<requirement id>:<rating>,..."."""
        pair = Concat(Cast("ratings__requirement_id", CharField()), Value(":"), Cast("ratings__rating", CharField()))
        return self.annotate(
            rating_pairs=StringAgg(pair, delimiter=Value(","), filter=Q(ratings__isnull=False), default=Value(""))
        )


class Scorecard(models.Model):
    """One reviewer's assessment of one applicant."""

    class Recommendation(models.TextChoices):
        STRONG_NO = "strong_no", "Strong no"
        NO = "no", "No"
        YES = "yes", "Yes"
        STRONG_YES = "strong_yes", "Strong yes"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scorecards")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorecards")
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices)
    comments = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_scorecard_per_reviewer"),
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.get_recommendation_display()}"

    def rating_by_requirement(self):
        """{requirement id: 1-5}; no query when the scorecard was read `with_ratings`."""
        if hasattr(self, "rating_pairs"):
            pairs = (pair.partition(":") for pair in self.rating_pairs.split(",") if pair)
            return {int(requirement): int(rating) for requirement, _, rating in pairs}
        return {rating.requirement_id: rating.rating for rating in self.ratings.all()}


class ScorecardRating(models.Model):
    """A 1–5 rating of one required item of the posting."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    requirement = models.ForeignKey(PostingRequirement, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "requirement"], name="one_rating_per_requirement"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="rating_between_1_and_5"),
        ]

    def __str__(self):
        return f"{self.rating}/5 on {self.requirement}"


class EmailTemplate(models.Model):
    """The text of an email sent to candidates on a pipeline move. Admins edit these."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Invitation to interview"
        OFFER = "offer", "Offer"
        REJECTION = "rejection", "Rejection"
        POSTING_FILLED = "posting_filled", "Opening filled (to applicants still open)"

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    subject = models.CharField(
        max_length=200, help_text="May use {{ candidate_name }}, {{ posting_title }} and {{ organization }}."
    )
    body = models.TextField(
        help_text="Plain text. May use {{ candidate_name }}, {{ posting_title }}, {{ organization }} and "
        "{{ status_url }}. Everything is escaped; no HTML."
    )
    send_automatically = models.BooleanField(default=True, help_text="Untick to stop sending this email altogether.")
    delay_hours = models.PositiveSmallIntegerField(
        default=0, help_text="Hold the email back this many hours after the move (e.g. 48 for rejections)."
    )

    def __str__(self):
        return self.get_kind_display()


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

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="emails", null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    to = models.TextField(help_text="Recipients, comma-separated.")
    subject = models.CharField(max_length=250)
    body = models.TextField()
    send_after = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["send_after", "pk"]
        indexes = [
            # send_due_emails: unsent emails whose time has come.
            models.Index(fields=["sent_at", "send_after"], name="outgoing_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}"

    @property
    def recipients(self):
        return [address.strip() for address in self.to.split(",") if address.strip()]


class PostingVisit(models.Model):
    """When a reviewer last opened a posting's pipeline, for 'new since your last visit'."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "posting"], name="one_visit_row_per_user_posting")]

    def __str__(self):
        return f"{self.user} opened {self.posting} at {self.seen_at:%Y-%m-%d %H:%M}"
