"""Interviews: what kind, who gives it, the times proposed to the candidate and the one booked.

The rules of booking (no time in the past or outside the posting's open
period, no interviewer in two places at once, one candidate per time) live in
`interviews.py`; the last two are also constraints of the database, so two
candidates clicking the same time at the same instant cannot both get it.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, OutgoingEmail, refresh_report_rows


class InterviewQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=Interview.Status.SCHEDULED)

    def upcoming(self, now=None):
        """Booked and not over yet, soonest first."""
        now = now or timezone.now()
        return self.scheduled().filter(ends_at__gt=now).order_by("starts_at", "pk")

    def given_by(self, user):
        return self.filter(panelists__interviewer=user)

    def for_candidate(self, user):
        return self.filter(application__candidate=user)

    def for_dashboard(self):
        """What the dashboard's list shows, in one query: the candidate, the posting and its location."""
        return self.select_related(
            "application__candidate", "application__posting__location", "application__posting__level"
        )


class Interview(models.Model):
    """One interview of one application: a fixed time, or times proposed for the candidate to pick."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone screen"
        VIDEO = "video", "Video call"
        ON_SITE = "on_site", "On site at the facility"
        SKILLS = "skills", "Skills demonstration"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for the candidate to pick a time"
        OTHER_TIMES = "other_times", "The candidate asked for other times"
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.VIDEO)
    duration_minutes = models.PositiveSmallIntegerField(
        "length (minutes)", default=45, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    details = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the candidate needs: the video link, the number we call, the room or whom to ask for.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    # RFC 5545: every invite, update and cancellation of this interview carries the same UID and a higher SEQUENCE.
    sequence = models.PositiveIntegerField(default=0)
    candidate_message = models.CharField(
        max_length=500, blank=True, help_text="What the candidate wrote when asking for other times or cancelling."
    )
    cancel_reason = models.CharField(max_length=500, blank=True)
    # The reminders queued for 24 hours before, cancelled when the time changes.
    reminders = models.ManyToManyField(OutgoingEmail, related_name="+", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="scheduled", starts_at__isnull=False, ends_at__isnull=False)
                | ~Q(status="scheduled"),
                name="scheduled_interview_has_a_time",
            ),
        ]
        indexes = [
            # The dashboard's upcoming interviews and the reminder job: booked ones by time.
            models.Index(fields=["status", "starts_at"], name="interview_upcoming_idx"),
        ]

    def __str__(self):
        when = f"{timezone.localtime(self.starts_at, self.zone):%Y-%m-%d %H:%M}" if self.starts_at else "time to pick"
        return f"{self.get_kind_display()} with {self.application.candidate} ({when})"

    # The applicant's report row counts the interviews booked and not cancelled (the sources report reads it, not
    # 100,000 interviews): booking, cancelling and deleting one recounts it in the same transaction.
    def save(self, *args, update_fields=None, **kwargs):
        with transaction.atomic():
            super().save(*args, update_fields=update_fields, **kwargs)
            if update_fields is None or "status" in update_fields:
                refresh_report_rows([self.application_id])

    def get_absolute_url(self):
        return reverse("hiring:interview", args=[self.pk])

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            refresh_report_rows([self.application_id])
        return deleted

    @property
    def zone(self):
        """Times of the interview are shown in the zone of the posting's location."""
        return self.application.posting.zone

    @property
    def duration(self):
        return datetime.timedelta(minutes=self.duration_minutes)

    @property
    def uid(self):
        """The iCalendar UID: stable for the interview's whole life, unique to this site."""
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        return f"interview-{self.pk}@{host}"

    @property
    def is_scheduled(self):
        return self.status == self.Status.SCHEDULED

    @property
    def is_awaiting_candidate(self):
        return self.status == self.Status.PROPOSED

    @property
    def is_over(self):
        return self.is_scheduled and self.ends_at <= timezone.now()


class InterviewSlot(models.Model):
    """A time proposed to the candidate; it lasts the interview's length."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["interview", "starts_at"], name="one_slot_per_time")]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + self.interview.duration


class Panelist(models.Model):
    """An interviewer of an interview, with the time they are booked for once it is scheduled.

    The booked time is copied here from the interview so the database can
    refuse one interviewer booked twice: at the same start on every database
    (`interviewer_booked_once_per_start`), overlapping times on PostgreSQL
    (the exclusion constraint of migration 0004).
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panelists")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panels")
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["interview", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="one_panel_seat_per_interviewer"),
            models.UniqueConstraint(fields=["interviewer", "starts_at"], name="interviewer_booked_once_per_start"),
        ]
        indexes = [
            # Double-booking check and "my upcoming interviews": an interviewer's booked times.
            models.Index(fields=["interviewer", "starts_at"], name="panelist_booked_idx"),
        ]

    def __str__(self):
        return f"{self.interviewer} on {self.interview_id}"


class HiringEvent(models.Model):
    """A line of an application's history beside its stage moves: an interview booked, an offer approved, ...

    Who, when and what, in words the hiring team reads; reports count `kind`.
    """

    class Kind(models.TextChoices):
        INTERVIEW_PROPOSED = "interview_proposed", "Interview times proposed"
        INTERVIEW_SCHEDULED = "interview_scheduled", "Interview scheduled"
        INTERVIEW_OTHER_TIMES = "interview_other_times", "Candidate asked for other times"
        INTERVIEW_CANCELLED = "interview_cancelled", "Interview cancelled"
        SCORECARD = "scorecard", "Interview scorecard submitted"
        OFFER_DRAFTED = "offer_drafted", "Offer drafted"
        OFFER_SUBMITTED = "offer_submitted", "Offer sent for approval"
        OFFER_APPROVED = "offer_approved", "Offer approved"
        OFFER_REJECTED = "offer_rejected", "Offer approval refused"
        OFFER_SENT = "offer_sent", "Offer sent"
        OFFER_ACCEPTED = "offer_accepted", "Offer accepted"
        OFFER_DECLINED = "offer_declined", "Offer declined"
        OFFER_WITHDRAWN = "offer_withdrawn", "Offer withdrawn"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="hiring_events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # Reports: events of a kind over a period (offers declined, interviews held).
            models.Index(fields=["kind", "at"], name="hiringevent_report_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"

    @classmethod
    def record(cls, application, kind, *, by=None, text=""):
        return cls.objects.create(application=application, kind=kind, by=by, text=text[:500])
