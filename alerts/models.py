"""Job alerts (a saved board search, emailed daily or weekly) and saved jobs."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from postings.cards import CARD_FIELDS
from postings.forms import BoardFilterForm
from postings.models import JobPosting


class AlertError(Exception):
    """An alert that cannot be made: the address has too many, or is waiting for its confirmations."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


class JobAlertQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def due(self, now=None):
        """Confirmed alerts whose next email is due: what a run of send_job_alerts looks at, oldest due first."""
        return self.confirmed().filter(due_at__lte=now or timezone.now()).order_by("due_at", "pk")

    def for_address(self, email):
        return self.filter(email__iexact=email.strip())

    def stale_unconfirmed(self, now=None):
        """Alerts made without an account whose confirmation link has expired: never confirmed, never sent."""
        return self.unconfirmed().filter(created_at__lt=(now or timezone.now()) - JobAlert.CONFIRMATION_VALID)


class JobAlert(models.Model):
    """A board search a person asked to receive by email: the postings published since the last email.

    `criteria` is the search as the board accepted it (BoardFilterForm.criteria:
    keywords, place and radius, level, setting, state, type, work mode); the
    place's coordinates are kept beside it, so a run never looks a place up.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    PERIODS = {Frequency.DAILY: datetime.timedelta(days=1), Frequency.WEEKLY: datetime.timedelta(days=7)}
    # A run an hour early still counts as the next day's (or week's): cron's minute-long jitter and a
    # slow run must not push an alert to the day after.
    DUE_SLACK = datetime.timedelta(hours=1)
    # How long a confirmation link works; unconfirmed alerts older than this are deleted by the run.
    CONFIRMATION_VALID = datetime.timedelta(days=7)
    # Alerts one address may have (confirmed or waiting), and confirmations it may be waiting for at once.
    MAX_PER_ADDRESS = 10
    MAX_UNCONFIRMED_PER_ADDRESS = 3

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="job_alerts",
        help_text="The candidate who made it; empty for an alert made with an email address only.",
    )
    email = models.EmailField(help_text="Where the alert is sent.")
    name = models.CharField(max_length=100, help_text="As the person named it; the email's subject quotes it.")
    criteria = models.JSONField(default=dict, blank=True, help_text="The board's search, as the board accepted it.")
    summary = models.CharField(max_length=300, blank=True, help_text="The search in words, as the board named it.")
    place_label = models.CharField(max_length=100, blank=True, help_text="The place searched around, as found.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    frequency = models.CharField(max_length=6, choices=Frequency.choices, default=Frequency.DAILY)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until the address is confirmed: nothing is sent before."
    )
    checked_through = models.DateTimeField(
        default=timezone.now, help_text="Postings published after this moment are new to the alert."
    )
    due_at = models.DateTimeField(default=timezone.now, help_text="When the next email may go.")
    last_sent_at = models.DateTimeField(null=True, blank=True)
    emails_sent = models.PositiveIntegerField(default=0)

    objects = JobAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # send_job_alerts: confirmed alerts whose time has come, oldest due first, a batch at a time.
            models.Index(fields=["due_at", "id"], condition=Q(confirmed_at__isnull=False), name="alert_due_idx"),
            # The limits per address (made without an account).
            models.Index(fields=["email"], name="alert_email_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_frequency_display().lower()}, {self.email})"

    def get_absolute_url(self):
        return reverse("alerts:alert_edit", args=[self.pk])

    @property
    def board_query(self):
        """The search as the board's query string, in the board's order (PostgreSQL's JSON keeps no key order)."""
        order = {name: index for index, name in enumerate(BoardFilterForm.CRITERIA)}
        return urlencode(sorted(self.criteria.items(), key=lambda item: order.get(item[0], len(order))))

    @property
    def board_url(self):
        """The board showing every posting that matches now."""
        query = self.board_query
        return reverse("postings:board") + (f"?{query}" if query else "")

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def next_due(self, after):
        return after + self.PERIODS[self.frequency] - self.DUE_SLACK

    @classmethod
    def due_after(cls, moment):
        """The due time of each frequency after a run at `moment`, as one SQL expression (for a batch update)."""
        return Case(
            *[
                When(frequency=frequency, then=Value(moment + period - cls.DUE_SLACK))
                for frequency, period in cls.PERIODS.items()
            ],
            output_field=models.DateTimeField(),
        )

    @classmethod
    def check_address_limits(cls, email):
        """Refuse a new alert for an address that has too many, or too many waiting for confirmation."""
        alerts = cls.objects.for_address(email)
        if alerts.count() >= cls.MAX_PER_ADDRESS:
            raise AlertError(
                f"This email address already has {cls.MAX_PER_ADDRESS} job alerts. Stop one (each alert email has a "
                "link) before making another, or sign in to manage them.",
                code="too_many",
            )
        if alerts.unconfirmed().count() >= cls.MAX_UNCONFIRMED_PER_ADDRESS:
            raise AlertError(
                "We already emailed this address confirmation links that are not used yet. Confirm one of them "
                "(check the spam folder too), or try again in a few days.",
                code="unconfirmed",
            )

    @transaction.atomic
    def confirm(self, now=None):
        """The address is confirmed: the alert starts now, with the postings published from now on."""
        now = now or timezone.now()
        locked = JobAlert.objects.select_for_update().get(pk=self.pk)
        if locked.confirmed_at is not None:
            return False
        self.confirmed_at = self.checked_through = now
        self.due_at = self.next_due(now)
        JobAlert.objects.filter(pk=self.pk).update(confirmed_at=now, checked_through=now, due_at=self.due_at)
        return True


class SavedJobQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def for_list(self):
        """What the saved-jobs page shows: each posting's card and whether it still takes applications."""
        return self.select_related("posting__level", "posting__setting", "posting__location").only(
            "saved_at",
            "user_id",
            "posting_id",
            *[f"posting__{field}" for field in (*CARD_FIELDS, "status", "close_reason")],
        )


class SavedJob(models.Model):
    """A posting a candidate keeps to come back to."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_jobs")
    # related_name "+": postings knows nothing of saving.
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    objects = SavedJobQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "posting"], name="one_save_per_candidate_per_posting"),
        ]
        indexes = [
            # The candidate's saved jobs, newest first.
            models.Index(fields=["user", "-saved_at"], name="savedjob_user_idx"),
        ]

    def __str__(self):
        return f"{self.user} saved {self.posting_id}"
