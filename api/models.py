"""API keys for integrations, webhook endpoints and their deliveries, and the log of what keys did."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from applications.models import Application
from postings.models import JobPosting


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_secret(self, secret):
        """The active key whose secret this is, or None. Keys are looked up by their SHA-256, never stored whole."""
        return self.active().filter(hashed_key=ApiKey.hash(secret)).prefetch_related("hiring_managers").first()


class ApiKey(models.Model):
    """A key an admin made for one integration (an HRIS, a careers site, a script), with what it may do.

    The secret is shown once, when the key is made; only its SHA-256 is kept,
    so a database leak gives no usable key. A key is random (256 bits), so a
    fast hash is enough: nothing can be guessed from it.
    """

    class Scope(models.TextChoices):
        POSTINGS_READ = "postings:read", "postings:read — read every posting the key covers, drafts and closed ones too"
        POSTINGS_WRITE = "postings:write", "postings:write — create drafts, update, publish and close postings"
        APPLICATIONS_READ = (
            "applications:read",
            "applications:read — applicants with their personal data, answers, history and resumes",
        )
        APPLICATIONS_WRITE = "applications:write", "applications:write — move applicants through the pipeline"

    PREFIX = "otk_"
    # How often the last use is written: at most once a minute per key, not on every request.
    LAST_USE_PRECISION = datetime.timedelta(minutes=1)

    name = models.CharField(max_length=100, help_text="The integration this key is for, e.g. Workday HRIS sync.")
    scopes = models.JSONField(default=list, help_text="What the key may do.")
    hiring_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="Leave empty for every posting. Otherwise the key sees and changes only the postings of these "
        "hiring managers (and their applicants).",
    )
    requests_per_minute = models.PositiveIntegerField(
        default=120, help_text="Requests the key may make in a minute; more are answered 429 with Retry-After."
    )
    key_prefix = models.CharField(max_length=16, editable=False, help_text="The start of the key, to recognise it.")
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash(secret):
        return hashlib.sha256(secret.encode()).hexdigest()

    def set_new_secret(self):
        """Give the key a new random secret and return it: the only time it exists outside the caller."""
        secret = self.PREFIX + secrets.token_urlsafe(32)
        self.key_prefix = secret[:10]
        self.hashed_key = self.hash(secret)
        return secret

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            ApiKey.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=self.revoked_at)

    def has_scope(self, scope):
        return scope in self.scopes

    def postings(self):
        """Every posting the key covers: all, or those of its hiring managers (read from the prefetch)."""
        managers = list(self.hiring_managers.all())
        if not managers:
            return JobPosting.objects.all()
        return JobPosting.objects.assigned_to(managers)

    def applications(self):
        """The applications of the key's postings: the same rule as a reviewer's, postings first."""
        return Application.objects.of_postings(self.postings())

    def record_use(self, now=None):
        """Note the key's last use, writing at most once a minute."""
        now = now or timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= self.LAST_USE_PRECISION:
            self.last_used_at = now
            ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)


class KeyEvent(models.Model):
    """Something a key did that someone may have to account for: a resume read, a move, a posting changed."""

    class Action(models.TextChoices):
        RESUME_DOWNLOADED = "resume_downloaded", "Downloaded a resume"
        APPLICATION_MOVED = "application_moved", "Moved an application"
        POSTING_CREATED = "posting_created", "Created a posting"
        POSTING_UPDATED = "posting_updated", "Updated a posting"
        POSTING_PUBLISHED = "posting_published", "Published a posting"
        POSTING_CLOSED = "posting_closed", "Closed a posting"

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    # Deleting an application (account deletion, retention) deletes its log lines with it.
    application = models.ForeignKey(Application, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    address = models.CharField(
        max_length=64, blank=True, help_text="Where the request came from (an IPv6 address as its /64)."
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # The key's page in the admin: its latest events.
            models.Index(fields=["key", "-at"], name="keyevent_key_idx"),
        ]

    def __str__(self):
        return f"{self.key.name}: {self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"


class WebhookEndpoint(models.Model):
    """A URL an admin registered to be told of events, with the secret its deliveries are signed with."""

    class Event(models.TextChoices):
        POSTING_PUBLISHED = "posting.published", "posting.published"
        POSTING_CLOSED = "posting.closed", "posting.closed"
        APPLICATION_SUBMITTED = "application.submitted", "application.submitted"
        APPLICATION_STAGE_CHANGED = "application.stage_changed", "application.stage_changed"
        APPLICATION_WITHDRAWN = "application.withdrawn", "application.withdrawn"

    name = models.CharField(max_length=100, help_text="Who receives this, e.g. Onboarding tool.")
    url = models.URLField(
        max_length=500,
        help_text="Where deliveries are POSTed. https only in production; never a private or loopback address.",
    )
    events = models.JSONField(default=list, help_text="The events sent to this URL.")
    secret = models.CharField(
        max_length=64,
        editable=False,
        help_text="Deliveries are signed with it (HMAC-SHA256); give it to the receiver to verify them.",
    )
    is_active = models.BooleanField(default=True, help_text="Untick to stop sending (deliveries queue no more).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.url})"

    def save(self, *args, **kwargs):
        if not self.secret:
            self.secret = "whsec_" + secrets.token_hex(24)
        super().save(*args, **kwargs)


class WebhookDelivery(models.Model):
    """One event for one endpoint: stored with the change that caused it, then sent (and retried) by the worker."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEndpoint.Event.choices)
    payload = models.JSONField(help_text="The body sent, as JSON.")
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="Empty once delivered or given up.")
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The receiver's last answer.")

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # send_due_webhooks: deliveries whose next attempt is due.
            models.Index(fields=["next_attempt_at"], name="webhook_due_idx"),
        ]

    def __str__(self):
        return f"{self.event} to {self.endpoint.name} ({self.status_label})"

    @property
    def status_label(self):
        if self.delivered_at:
            return "delivered"
        if self.gave_up_at:
            return "given up"
        return "pending" if not self.attempts else "retrying"


class WebhookAttempt(models.Model):
    """One try at sending a delivery: what the receiver answered, or why nothing was sent."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty when no answer came.")
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.status_code or self.error} at {self.at:%Y-%m-%d %H:%M:%S}"
