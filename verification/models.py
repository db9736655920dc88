"""Primary-source verification of credentials, hire overrides, the posting's hire rules and expiry notices.

Verification entries and overrides are an audit trail: never edited or
deleted (except with the whole application, as retention and account deletion
do), only superseded by a newer entry for the same credential. References live
in references.py.
"""

import calendar
import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.utils import timezone

from applications.models import Application
from postings.models import JobPosting
from postings.states import US_STATES


class Credential(models.TextChoices):
    """What is verified. A license and a compact privilege are per state; the others are one each."""

    LICENSE = "license", "State OT license"
    PRIVILEGE = "privilege", "OT Compact privilege"
    NBCOT = "nbcot", "NBCOT certification"
    CPR_BLS = "cpr_bls", "CPR/BLS"
    DEGREE = "degree", "OT degree"


PER_STATE = {Credential.LICENSE, Credential.PRIVILEGE}


class Source(models.TextChoices):
    STATE_BOARD = "state_board", "State board look-up"
    NBCOT = "nbcot", "NBCOT online credential verification"
    COMPACT = "compact", "OT Compact data system"
    CARD_ISSUER = "card_issuer", "Card issuer (e.g. the AHA eCard check)"
    SCHOOL = "school", "School or registrar"


# The primary sources for each credential (DOMAIN.md): a state board answers for its licenses, NBCOT for its
# certification, the compact's data system (or the home state's board) for a privilege.
SOURCES_FOR = {
    Credential.LICENSE: (Source.STATE_BOARD,),
    Credential.PRIVILEGE: (Source.COMPACT, Source.STATE_BOARD),
    Credential.NBCOT: (Source.NBCOT,),
    Credential.CPR_BLS: (Source.CARD_ISSUER,),
    Credential.DEGREE: (Source.SCHOOL,),
}


def months_before(day, months):
    """The same day of the month `months` earlier (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


class VerificationError(ValidationError):
    """A verification or override refused; `code` says why."""


def evidence_path(instance, filename):
    """A random name under a private folder, like resumes: nothing the uploader typed reaches the path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"verification/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class AppendOnly(models.Model):
    """Rows written once: saving an existing row or deleting one alone is refused (an audit trail)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise VerificationError(
                f"A {self._meta.verbose_name} is never changed; record a new one.", code="append_only"
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise VerificationError(f"A {self._meta.verbose_name} is never deleted.", code="append_only")


class VerificationEntryQuerySet(models.QuerySet):
    def current(self):
        """The entries no newer one supersedes: one per credential of an application."""
        return self.filter(superseded_by__isnull=True)

    def for_credential(self, credential, state=""):
        return self.filter(credential=credential, state=state if credential in PER_STATE else "")

    def of_hires(self):
        return self.filter(application__stage=Application.Stage.HIRED)


class VerificationEntry(AppendOnly):
    """One check of one credential at its primary source, by a reviewer of the application."""

    class Result(models.TextChoices):
        VERIFIED = "verified", "Verified active"
        DISCREPANCY = "discrepancy", "Discrepancy"
        NOT_FOUND = "not_found", "Not found"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="verifications")
    credential = models.CharField(max_length=10, choices=Credential.choices)
    state = models.CharField(
        max_length=2, choices=US_STATES, blank=True, help_text="The state of a license or compact privilege."
    )
    number = models.CharField(
        "credential number", max_length=40, blank=True, help_text="The license or certificate number looked up."
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    source_name = models.CharField(
        max_length=150, blank=True, help_text="Who answered, e.g. the board's name: Texas Board of OT Examiners."
    )
    result = models.CharField(max_length=12, choices=Result.choices)
    reference_number = models.CharField(
        "reference or confirmation number", max_length=80, blank=True, help_text="As the source gave it."
    )
    issued_on = models.DateField("issued on", null=True, blank=True, help_text="As confirmed at the source.")
    expires_on = models.DateField("expiry", null=True, blank=True, help_text="As confirmed at the source.")
    notes = models.TextField(blank=True, help_text="What the source said, in particular about a discrepancy.")
    evidence = models.FileField(upload_to=evidence_path, blank=True, max_length=200)
    evidence_name = models.CharField(max_length=150, blank=True, help_text="The file name as uploaded.")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(default=timezone.now)
    supersedes = models.OneToOneField(
        "self",
        # RESTRICT: an entry cannot go while a newer one points to it, unless both go (with the application).
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="superseded_by",
        editable=False,
        help_text="The earlier entry for the same credential that this one replaces.",
    )

    objects = VerificationEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "verification entry"
        verbose_name_plural = "verification entries"
        ordering = ["application", "credential", "state", "-verified_at", "-pk"]
        indexes = [
            # The audit export of hires in a period and the applicant page: an application's entries by credential.
            models.Index(fields=["application", "credential", "state"], name="verification_credential_idx"),
        ]

    def __str__(self):
        return f"{self.credential_label}: {self.get_result_display()}"

    @property
    def credential_label(self):
        label = Credential(self.credential).label
        return f"{self.state} {label.replace('State ', '')}" if self.state else label

    @property
    def is_verified(self):
        return self.result == self.Result.VERIFIED

    def valid_through(self, day):
        """Verified active at the source, and not expiring before `day` (no expiry: a degree)."""
        return self.is_verified and (self.expires_on is None or self.expires_on >= day)

    @classmethod
    def record(cls, application, *, by, evidence=None, **fields):
        """Store a new entry for one credential, superseding the current one; returns it.

        The application's row is locked, so two reviewers recording the same
        credential at once are stored one after the other, the later one
        superseding the earlier. `evidence`: an evidence.CheckedEvidence.
        """
        entry = cls(application=application, verified_by=by, **fields)
        if entry.credential not in PER_STATE:
            entry.state = ""
        entry.full_clean(exclude=["application", "verified_by", "evidence"])
        with transaction.atomic():
            Application.objects.select_for_update().filter(pk=application.pk).first()
            entry.supersedes = (
                cls.objects.filter(application=application)
                .for_credential(entry.credential, entry.state)
                .current()
                .first()
            )
            if evidence is not None:
                evidence.file.seek(0)
                entry.evidence.save(evidence.storage_name, evidence.file, save=False)
                entry.evidence_name = evidence.name
            entry.save()
        return entry

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.credential in PER_STATE and not self.state:
            errors["state"] = "Choose the state of this license or privilege."
        if self.source and self.credential and self.source not in SOURCES_FOR[self.credential]:
            allowed = " or ".join(Source(source).label for source in SOURCES_FOR[self.credential])
            errors["source"] = f"A {Credential(self.credential).label} is verified at its primary source: {allowed}."
        if self.source == Source.STATE_BOARD and not self.source_name.strip():
            errors["source_name"] = "Name the board you checked with."
        if self.issued_on and self.issued_on > today:
            errors["issued_on"] = "The issue date cannot be in the future."
        if self.expires_on and self.expires_on < today:
            errors["expires_on"] = "This expiry date has passed: record the credential as a discrepancy, without it."
        elif self.expires_on and self.issued_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = "The expiry must come after the issue date."
        if self.result == self.Result.VERIFIED:
            if not self.reference_number.strip():
                errors["reference_number"] = "Give the reference or confirmation number the source showed."
            if self.credential != Credential.DEGREE and not self.expires_on:
                errors["expires_on"] = "Give the expiry date the source confirmed."
        if self.result == self.Result.DISCREPANCY and not self.notes.strip():
            errors["notes"] = "Say what the discrepancy is."
        if errors:
            raise VerificationError(errors)


class HireOverride(AppendOnly):
    """An administrator's decision to allow a hire although verifications are missing, with the reason."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="hire_overrides")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(help_text="Why the hire may go ahead without them.")
    missing = models.TextField(help_text="What was missing when the override was recorded, one item a line.")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"Override by {self.by} on {self.at:%Y-%m-%d}"

    @property
    def missing_list(self):
        return [line for line in self.missing.splitlines() if line.strip()]


class HirePolicy(models.Model):
    """What a posting asks before hiring beyond its credentials (credentials.py): answered references.

    How long credentials must stay valid is the posting's own (start date and assignment length).
    """

    posting = models.OneToOneField(JobPosting, on_delete=models.CASCADE, related_name="hire_policy")
    references_required = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(5)],
        help_text="Answered references from a manager or supervisor (worked together within 24 months) needed "
        "before hiring; two is the allied-health norm. Peers' references are shown flagged and do not count.",
    )

    class Meta:
        verbose_name = "hire policy"
        verbose_name_plural = "hire policies"

    def __str__(self):
        return f"Hire policy of {self.posting}"


class ExpiryNotice(models.Model):
    """That the candidate and the hiring team were told a credential expires within `threshold` days.

    One per credential, expiry date and threshold (the constraint): a renewed
    credential, with its new date, is watched afresh.
    """

    profile = models.ForeignKey("applications.CandidateProfile", on_delete=models.CASCADE, related_name="+")
    credential = models.CharField(max_length=10, choices=Credential.choices)
    state = models.CharField(max_length=2, blank=True)
    expires_on = models.DateField()
    threshold = models.PositiveSmallIntegerField(help_text="Days before expiry: 90, 30 or 7.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "credential", "state", "expires_on", "threshold"],
                name="one_expiry_notice_per_threshold",
            )
        ]
        indexes = [
            # The daily run reads the notices of credentials expiring in the next 90 days.
            models.Index(fields=["expires_on"], name="expiry_notice_expires_idx"),
        ]

    def __str__(self):
        return f"{self.get_credential_display()} {self.state} expiring {self.expires_on}: {self.threshold}-day notice"


class ReferenceQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)

    def counting_for_hire(self, today=None):
        """Answered by a manager or supervisor who worked with the candidate within the last 24 months."""
        since = months_before(today or timezone.localdate(), 24)
        return (
            self.answered()
            .filter(answered_relationship__in=Reference.SUPERVISING)
            .filter(models.Q(worked_until__isnull=True) | models.Q(worked_until__gte=since))
        )


class Reference(models.Model):
    """A professional reference the candidate named; the referee answers through a link, without an account.

    The answers are for reviewers only: candidates see who they named and
    whether the referee answered, never what they said.
    """

    class Relationship(models.TextChoices):
        MANAGER = "manager", "Manager"
        SUPERVISOR = "supervisor", "Clinical supervisor"
        PEER = "peer", "Peer or colleague"
        OTHER = "other", "Other"

    class Rehire(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNSURE = "unsure", "Not sure"

    SUPERVISING = (Relationship.MANAGER, Relationship.SUPERVISOR)
    RATINGS = {
        "rating_clinical": "Clinical skills",
        "rating_reliability": "Reliability and punctuality",
        "rating_teamwork": "Teamwork",
        "rating_communication": "Communication with patients and families",
    }

    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="references")
    name = models.CharField("referee's name", max_length=150)
    title = models.CharField("their job title", max_length=150)
    organization = models.CharField("organization", max_length=150)
    relationship = models.CharField(
        "how you worked together", max_length=12, choices=Relationship.choices, help_text="As the candidate said."
    )
    email = models.EmailField("their email address")
    phone = models.CharField("their phone", max_length=30, blank=True)
    # Changed by each request: a link sent earlier stops working once a new one is sent.
    link_key = models.CharField(max_length=32, default="", editable=False)
    requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # The referee's answers.
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_relationship = models.CharField(
        "relationship", max_length=12, choices=Relationship.choices, blank=True, help_text="As the referee said."
    )
    worked_from = models.DateField(null=True, blank=True)
    worked_until = models.DateField(null=True, blank=True, help_text="Empty: they still work together.")
    rating_clinical = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(5)])
    rating_reliability = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(5)])
    rating_teamwork = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(5)])
    rating_communication = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(5)])
    would_rehire = models.CharField(max_length=6, choices=Rehire.choices, blank=True)
    comments = models.TextField(blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Reference from {self.name} for {self.candidate}"

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def is_peer(self):
        """Flagged to reviewers: the norm asks for a manager or supervisor."""
        relationship = self.answered_relationship or self.relationship
        return relationship not in self.SUPERVISING

    @property
    def rating_rows(self):
        return [(label, getattr(self, field)) for field, label in self.RATINGS.items()]
