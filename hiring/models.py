"""What the hiring team writes about applicants, and the email texts of their moves.

These models moved here from `applications` and kept their tables (each Meta
names its `db_table`); see migrations/0001.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import CharField, Exists, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from applications.models import Application, OutgoingEmail, StageChange
from postings.models import JobPosting, PostingInterviewQuestion, PostingRequirement

from .email_text import BODY_VARIABLES, SUBJECT_VARIABLES, check_text


class Note(models.Model):
    """An internal note on an applicant. Never shown to the candidate."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "applications_note"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note by {self.author} on {self.created_at:%Y-%m-%d}"


def _rating_pairs(item):
    """A scorecard's ratings in its own row, as "<item id>:<rating>,...", so a list of them is one query."""
    pair = Concat(Cast(f"ratings__{item}_id", CharField()), Value(":"), Cast("ratings__rating", CharField()))
    return StringAgg(pair, delimiter=Value(","), filter=Q(ratings__isnull=False), default=Value(""))


def _read_rating_pairs(text):
    pairs = (pair.partition(":") for pair in text.split(",") if pair)
    return {int(item): int(rating) for item, _, rating in pairs}


@transaction.atomic
def _save_scorecard(scorecards, item, ratings, *, defaults, **one):
    """Create or update the one scorecard `one` names, with exactly `ratings` ({<item> id: 1–5}); (card, created)."""
    scorecard, created = scorecards.update_or_create(**one, defaults=defaults)
    scorecard.ratings.exclude(**{f"{item}_id__in": list(ratings)}).delete()
    for item_id, rating in ratings.items():
        scorecard.ratings.update_or_create(**{f"{item}_id": item_id}, defaults={"rating": rating})
    return scorecard, created


class ScorecardQuerySet(models.QuerySet):
    def with_ratings(self):
        """Each scorecard with its ratings in the same query, as `rating_pairs`: "<requirement id>:<rating>,..."."""
        return self.annotate(rating_pairs=_rating_pairs("requirement"))

    def save_for(self, application, reviewer, *, recommendation, comments, ratings):
        """Create or update `reviewer`'s one scorecard of `application`; `ratings` maps requirement id to 1–5."""
        scorecard, _ = _save_scorecard(
            self,
            "requirement",
            ratings,
            application=application,
            reviewer=reviewer,
            defaults={"recommendation": recommendation, "comments": comments.strip()},
        )
        return scorecard


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
        db_table = "applications_scorecard"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_scorecard_per_reviewer"),
        ]

    def __str__(self):
        return f"{self.reviewer}: {self.get_recommendation_display()}"

    def rating_by_requirement(self):
        """{requirement id: 1-5}; no query when the scorecard was read `with_ratings`."""
        if hasattr(self, "rating_pairs"):
            return _read_rating_pairs(self.rating_pairs)
        return {rating.requirement_id: rating.rating for rating in self.ratings.all()}


class ScorecardRating(models.Model):
    """A 1–5 rating of one required item of the posting."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    requirement = models.ForeignKey(PostingRequirement, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        db_table = "applications_scorecardrating"
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "requirement"], name="one_rating_per_requirement"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="rating_between_1_and_5"),
        ]

    def __str__(self):
        return f"{self.rating}/5 on {self.requirement}"


class InterviewScorecardQuerySet(models.QuerySet):
    def with_visibility(self, user):
        """Each scorecard with `is_visible` to `user`, in the same query: the rule of independent feedback.

        Someone who sits on an interview of the application (not cancelled) sees the others' scorecards
        of its interviews only once they have submitted their own for each of those interviews, so no
        interviewer's judgement leans on another's; their own is always shown. Reviewers on no panel
        of the application see every scorecard.
        """
        from .interview_models import Interview, Panelist

        still_to_write = (
            Panelist.objects.filter(interviewer=user, interview__application=OuterRef("interview__application_id"))
            .exclude(interview__status=Interview.Status.CANCELLED)
            .exclude(interview__scorecards__interviewer=user)
        )
        return self.annotate(is_visible=Q(interviewer=user) | ~Exists(still_to_write))

    def with_ratings(self):
        """Each scorecard with its ratings in the same query, as `rating_pairs`: "<kit question id>:<rating>,..."."""
        return self.annotate(rating_pairs=_rating_pairs("question"))

    def save_for(self, interview, interviewer, *, recommendation, comments, ratings):
        """Create or update `interviewer`'s scorecard of `interview` (`ratings`: kit question id to 1–5); (card, created).

        Who may write one is `kits.check_may_score`'s to say.
        """
        return _save_scorecard(
            self,
            "question",
            ratings,
            interview=interview,
            interviewer=interviewer,
            defaults={"recommendation": recommendation, "comments": comments.strip()},
        )


class InterviewScorecard(models.Model):
    """One interviewer's scorecard of one interview: the posting's kit rated, and a recommendation.

    Written through `kits.submit_scorecard`; who may read it is `with_visibility`.
    """

    interview = models.ForeignKey("hiring.Interview", on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recommendation = models.CharField(max_length=10, choices=Scorecard.Recommendation.choices)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="one_scorecard_per_interviewer"),
        ]

    def __str__(self):
        return f"{self.interviewer}: {self.get_recommendation_display()}"

    def rating_by_question(self):
        """{kit question id: 1-5}; no query when the scorecard was read `with_ratings`."""
        if hasattr(self, "rating_pairs"):
            return _read_rating_pairs(self.rating_pairs)
        return {rating.question_id: rating.rating for rating in self.ratings.all()}


class InterviewRating(models.Model):
    """A 1–5 rating of one item of the posting's interview kit."""

    scorecard = models.ForeignKey(InterviewScorecard, on_delete=models.CASCADE, related_name="ratings")
    question = models.ForeignKey(PostingInterviewQuestion, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "question"], name="one_rating_per_kit_question"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="kit_rating_between_1_and_5"),
        ]

    def __str__(self):
        return f"{self.rating}/5 on {self.question}"


class EmailTemplateQuerySet(models.QuerySet):
    def standard(self, kind):
        """The standard email of `kind` (an EmailTemplate.Kind), or None."""
        return self.filter(kind=kind, name="").first()


class EmailTemplate(models.Model):
    """The text of an email sent to candidates on a pipeline move. Admins edit these."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Invitation to interview"
        OFFER = "offer", "Offer"
        REJECTION = "rejection", "Rejection"
        POSTING_FILLED = "posting_filled", "Opening filled (to applicants still open)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Empty for the standard email of its kind. Name another rejection email (e.g. "
        "'No licence for the state') to choose it for some rejection reasons.",
    )
    subject = models.CharField(
        max_length=200,
        help_text="May use {{ candidate_name }}, {{ posting_title }} and {{ organization }}, "
        "and {% if %}/{% else %}/{% endif %} on them.",
    )
    body = models.TextField(
        help_text="Plain text. May use {{ candidate_name }}, {{ posting_title }}, {{ organization }} and "
        "{{ status_url }}, the filters default, capfirst, lower, upper and title, and {% if %}/{% else %}/{% endif %} "
        "on those variables; nothing else of the template language. No HTML."
    )
    send_automatically = models.BooleanField(default=True, help_text="Untick to stop sending this email altogether.")
    delay_hours = models.PositiveSmallIntegerField(
        default=0, help_text="Hold the email back this many hours after the move (e.g. 48 for rejections)."
    )

    objects = EmailTemplateQuerySet.as_manager()

    class Meta:
        db_table = "applications_emailtemplate"
        ordering = ["kind", "name"]
        constraints = [
            # The code looks the standard email of each kind up by its kind.
            models.UniqueConstraint(fields=["kind"], condition=Q(name=""), name="one_standard_email_per_kind"),
            models.UniqueConstraint(fields=["kind", "name"], name="one_email_per_kind_and_name"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}" if self.name else self.get_kind_display()

    def clean(self):
        """Only the variables the help texts promise, a few filters and {% if %}: see email_text.py.

        Only rejections have named variants: the other moves have one email each.
        """
        errors = {}
        if self.name and self.kind != self.Kind.REJECTION:
            errors["name"] = [ValidationError("Only rejection emails come in several versions.", code="named_kind")]
        for field, variables in (("subject", SUBJECT_VARIABLES), ("body", BODY_VARIABLES)):
            try:
                check_text(getattr(self, field), variables)
            except ValidationError as error:
                errors[field] = error.error_list
        if errors:
            raise ValidationError(errors)


class RejectionReasonQuerySet(models.QuerySet):
    OFFERED_CACHE_KEY = "hiring:rejection-reasons-offered"

    def offered(self):
        """The reasons reviewers choose from, in the admins' order."""
        return self.filter(is_active=True).order_by("position", "label")

    def offered_choices(self):
        """[(id, label)] of the reasons offered, kept in the shared cache.

        Every pipeline and applicant page lists them, and only the admin changes
        them: saving or deleting a reason clears the entry (forget_offered_reasons,
        on the model's signals and after `migrate`, apps.py); the hour's expiry
        catches a change made without signals (an `update()` in a shell).
        """
        choices = cache.get(self.OFFERED_CACHE_KEY)
        if choices is None:
            choices = list(self.offered().values_list("pk", "label"))
            cache.set(self.OFFERED_CACHE_KEY, choices, timeout=3600)
        return choices


def forget_offered_reasons(**kwargs):
    """A reason was saved or deleted: the next page reads the list again."""
    cache.delete(RejectionReasonQuerySet.OFFERED_CACHE_KEY)


class RejectionReason(models.Model):
    """Why an application was rejected: a fixed list admins edit, each with its rejection email.

    Reports count rejections by reason and by the stage they came from
    (`Rejection`, one per move to rejected that named a reason).
    """

    label = models.CharField(max_length=100, unique=True, help_text="What reviewers choose, e.g. 'Position filled'.")
    slug = models.SlugField(
        max_length=40, unique=True, help_text="A stable name for reports and code (e.g. position_filled); never shown."
    )
    email_template = models.ForeignKey(
        EmailTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rejection_reasons",
        limit_choices_to={"kind": EmailTemplate.Kind.REJECTION},
        help_text="The rejection email sent with this reason. Empty: the standard rejection email.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first in the list.")
    is_active = models.BooleanField(
        "offered", default=True, help_text="Untick to stop offering it; rejections already made keep their reason."
    )

    objects = RejectionReasonQuerySet.as_manager()

    class Meta:
        ordering = ["position", "label"]

    def __str__(self):
        return self.label

    def clean(self):
        if self.email_template_id and self.email_template.kind != EmailTemplate.Kind.REJECTION:
            raise ValidationError({"email_template": "Choose a rejection email."}, code="not_rejection")


class Rejection(models.Model):
    """The listed reason of one move to rejected. With its StageChange: who, when, from which stage."""

    change = models.OneToOneField(StageChange, on_delete=models.CASCADE, primary_key=True, related_name="rejection")
    reason = models.ForeignKey(RejectionReason, on_delete=models.PROTECT, related_name="rejections")

    def __str__(self):
        return f"{self.reason} ({self.change})"


class BulkMoveQuerySet(models.QuerySet):
    # What the pipeline reads of my latest bulk move, with the posting (see latest_on_each_posting).
    LATEST_FIELDS = ("id", "stage", "at", "undone_at")

    def last_undoable(self, user, posting):
        """`user`'s latest bulk move on `posting`, while it may still be undone (else None)."""
        latest = self.filter(by=user, posting=posting).order_by("-at", "-pk").first()
        return latest if latest is not None and latest.is_undoable() else None

    def latest_on_each_posting(self, user):
        """Annotations (`last_bulk_move_<field>`) for postings: `user`'s latest bulk move on each.

        The pipeline reads them with its posting rather than in a query of its
        own; BulkMove.last_undoable_of turns them back into the move.
        """
        latest = self.filter(by=user, posting=OuterRef("pk")).order_by("-at", "-pk")
        return {f"last_bulk_move_{name}": Subquery(latest.values(name)[:1]) for name in self.LATEST_FIELDS}


class BulkMove(models.Model):
    """One bulk move a reviewer made on a pipeline: its moves and the emails they queued, so it can be undone."""

    UNDO_WINDOW = datetime.timedelta(hours=1)

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=10, choices=Application.Stage.choices)
    at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    changes = models.ManyToManyField(StageChange, related_name="+")
    emails = models.ManyToManyField(OutgoingEmail, related_name="+", blank=True)

    objects = BulkMoveQuerySet.as_manager()

    class Meta:
        indexes = [
            # The pipeline: my latest bulk move on this posting, to offer its undo.
            models.Index(fields=["by", "posting", "-at"], name="bulkmove_latest_idx"),
        ]

    def __str__(self):
        return f"{self.by} moved to {self.get_stage_display()} at {self.at:%Y-%m-%d %H:%M}"

    def is_undoable(self, now=None):
        return self.undone_at is None and self.at >= (now or timezone.now()) - self.UNDO_WINDOW

    @classmethod
    def last_undoable_of(cls, posting, user):
        """The latest bulk move of `user` read with `posting` (latest_on_each_posting), while undoable, or None."""
        fields = {name: getattr(posting, f"last_bulk_move_{name}") for name in BulkMoveQuerySet.LATEST_FIELDS}
        if fields["id"] is None:
            return None
        move = cls(posting=posting, by=user, **fields)
        return move if move.is_undoable() else None


class PostingVisitQuerySet(models.QuerySet):
    def last_seen(self, user):
        """When `user` last opened the pipeline of the posting in the outer query: a subquery to annotate postings with."""
        return Subquery(self.filter(user=user, posting=OuterRef("pk")).values("seen_at")[:1])

    def record(self, user, posting, now=None):
        """Note that `user` opened the pipeline now.

        One upsert, so two tabs opening the pipeline at once cannot trip the
        unique constraint. The previous visit is read beforehand with
        `last_seen`, as part of the query that reads the posting.
        """
        self.bulk_create(
            [PostingVisit(user=user, posting=posting, seen_at=now or timezone.now())],
            update_conflicts=True,
            unique_fields=["user", "posting"],
            update_fields=["seen_at"],
        )


class PostingVisit(models.Model):
    """When a reviewer last opened a posting's pipeline, for 'new since your last visit'."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    objects = PostingVisitQuerySet.as_manager()

    class Meta:
        db_table = "applications_postingvisit"
        constraints = [models.UniqueConstraint(fields=["user", "posting"], name="one_visit_row_per_user_posting")]

    def __str__(self):
        return f"{self.user} opened {self.posting} at {self.seen_at:%Y-%m-%d %H:%M}"


class SavedViewQuerySet(models.QuerySet):
    def owned_by(self, user):
        """A reviewer's own views: nobody else lists, applies or deletes them."""
        return self.filter(owner=user)


class SavedView(models.Model):
    """A reviewer's named set of pipeline filters ("Texas license, 2+ years, not yet screened").

    Private to its owner and not tied to one posting: the same filters apply to
    any pipeline the owner opens.
    """

    MAX_PER_REVIEWER = 30

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)
    query = models.CharField(
        max_length=500, help_text="The pipeline's query string these filters make (stage, flag, license, ...)."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="one_view_name_per_reviewer")]

    def __str__(self):
        return f"{self.name} ({self.owner})"


# Interviews live in their own module; imported here so Django finds the models of the app.
from .interview_models import HiringEvent, Interview, InterviewSlot, Panelist  # noqa: E402
from .offer_models import Offer, OfferLetterTemplate  # noqa: E402

__all__ = [
    "EmailTemplate",
    "HiringEvent",
    "Interview",
    "InterviewRating",
    "InterviewScorecard",
    "InterviewSlot",
    "Note",
    "Offer",
    "OfferLetterTemplate",
    "Panelist",
    "PostingVisit",
    "SavedView",
    "Scorecard",
    "ScorecardRating",
]
