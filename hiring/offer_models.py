"""Offers: the terms a reviewer drafts, their approval, the letter the candidate reads and their answer.

The workflow (draft, approval, send, accept or decline) lives in `offers.py`;
the one gate every send and every hire goes through is `offers.check_offer_may_proceed`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from postings.models import JobPosting

from .email_text import check_text

# Paid hours in a full-time year and weeks in a year: compare hourly, weekly and yearly pay.
HOURS_PER_YEAR = 2080
WEEKS_PER_YEAR = 52

LETTER_VARIABLES = {
    "candidate_name",
    "posting_title",
    "organization",
    "start_date",
    "pay",
    "employment_type",
    "schedule",
    "assignment_weeks",
    "sign_on_bonus",
    "weekly_breakdown",
    "expires_on",
    "facility",
}


class OfferLetterTemplate(models.Model):
    """The text of the offer letter, rendered from the offer's terms when it is sent. Admins edit it."""

    name = models.CharField(max_length=100, unique=True, help_text="e.g. Standard offer, Travel assignment.")
    body = models.TextField(
        help_text="Plain text. May use {{ candidate_name }}, {{ posting_title }}, {{ organization }}, {{ facility }}, "
        "{{ start_date }}, {{ pay }}, {{ employment_type }}, {{ schedule }}, {{ assignment_weeks }}, "
        "{{ sign_on_bonus }}, {{ weekly_breakdown }} and {{ expires_on }}, the filters default, capfirst, lower, "
        "upper and title, and {% if %}/{% else %}/{% endif %} on those variables."
    )
    for_travel = models.BooleanField(default=False, help_text="Offered first for travel assignments.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            check_text(self.body, LETTER_VARIABLES)
        except ValidationError as error:
            raise ValidationError({"body": error.error_list}) from None


class OfferQuerySet(models.QuerySet):
    def for_candidate(self, user):
        """What the candidate may see: offers sent to them, whatever became of them since."""
        return self.filter(application__candidate=user, sent_at__isnull=False)

    def awaiting_approval(self):
        return self.filter(status=Offer.Status.PENDING_APPROVAL)


class Offer(models.Model):
    """An offer of employment to one applicant."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING_APPROVAL = "pending_approval", "Waiting for approval"
        APPROVED = "approved", "Approved, not sent yet"
        APPROVAL_REFUSED = "approval_refused", "Approval refused"
        SENT = "sent", "Sent to the candidate"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class PayUnit(models.TextChoices):
        HOUR = "hour", "per hour"
        WEEK = "week", "per week"
        YEAR = "year", "per year"

    EDITABLE = (Status.DRAFT, Status.APPROVAL_REFUSED)
    OPEN = (Status.DRAFT, Status.PENDING_APPROVAL, Status.APPROVED, Status.APPROVAL_REFUSED, Status.SENT)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    start_date = models.DateField()
    employment_type = models.CharField(max_length=20, choices=JobPosting.EmploymentType.choices)
    schedule = models.CharField(max_length=150, blank=True, help_text="Days and shifts, e.g. Mon–Fri, 8:00–4:30.")
    pay_rate = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    pay_unit = models.CharField(max_length=4, choices=PayUnit.choices, default=PayUnit.YEAR)
    # Travel assignments: the weekly breakdown (taxable hourly pay, tax-free stipends, guaranteed hours).
    taxable_hourly_rate = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    weekly_housing_stipend = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    weekly_meals_stipend = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    guaranteed_hours = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Guaranteed hours a week.")
    assignment_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Length of a contract or travel assignment, e.g. 13."
    )
    sign_on_bonus = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    expires_on = models.DateField(help_text="The last day the candidate may accept.")
    letter_template = models.ForeignKey(OfferLetterTemplate, on_delete=models.PROTECT, related_name="+")
    letter = models.TextField(blank=True, help_text="The letter as sent, rendered from the template.")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who must approve; empty for any recruiter.",
    )
    needs_approval = models.BooleanField(default=False, editable=False)
    approval_reason = models.CharField(max_length=300, blank=True, help_text="Why approval is needed.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)
    accepted_terms = models.JSONField(
        null=True, blank=True, editable=False, help_text="The terms as accepted, kept unchanged."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["draft", "pending_approval", "approved", "approval_refused", "sent"]),
                name="one_open_offer_per_application",
            ),
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="accepted"), name="one_accepted_offer_per_application"
            ),
        ]
        indexes = [
            # Reports: offers answered over a period (acceptance rate, decline reasons).
            models.Index(fields=["status", "answered_at"], name="offer_answer_report_idx"),
        ]

    def __str__(self):
        return f"Offer to {self.application.candidate} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("hiring:offer", args=[self.pk])

    @property
    def is_travel(self):
        return self.employment_type == JobPosting.EmploymentType.TRAVEL

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    def is_expired(self, today=None):
        return self.expires_on < (today or timezone.localdate(timezone=self.application.posting.zone))

    @property
    def pay_label(self):
        return f"${self.pay_rate:,.2f} {self.get_pay_unit_display()}"

    def yearly_pay(self):
        """The pay as a yearly figure, to compare with the posting's range and the ceiling."""
        factor = {self.PayUnit.HOUR: HOURS_PER_YEAR, self.PayUnit.WEEK: WEEKS_PER_YEAR, self.PayUnit.YEAR: 1}
        return self.pay_rate * factor[self.pay_unit]

    def weekly_breakdown(self):
        """For travel assignments: the lines of a week's pay; empty otherwise."""
        if not self.is_travel or self.taxable_hourly_rate is None:
            return []
        hours = self.guaranteed_hours or 0
        lines = [f"Taxable pay: ${self.taxable_hourly_rate:,.2f} an hour × {hours} guaranteed hours"]
        if self.weekly_housing_stipend:
            lines.append(f"Housing stipend: ${self.weekly_housing_stipend:,.2f} a week")
        if self.weekly_meals_stipend:
            lines.append(f"Meals and incidentals stipend: ${self.weekly_meals_stipend:,.2f} a week")
        total = self.taxable_hourly_rate * hours + (self.weekly_housing_stipend or 0) + (self.weekly_meals_stipend or 0)
        lines.append(f"Total a week: ${total:,.2f}")
        return lines

    def terms(self):
        """The terms as plain values: what is kept, unchangeable, once accepted, and what the export holds."""
        return {
            "posting": self.application.posting.display_title,
            "reference": self.application.posting.reference,
            "start_date": self.start_date.isoformat(),
            "employment_type": self.get_employment_type_display(),
            "schedule": self.schedule,
            "pay": self.pay_label,
            "weekly_breakdown": self.weekly_breakdown(),
            "assignment_weeks": self.assignment_weeks,
            "sign_on_bonus": f"${self.sign_on_bonus:,.2f}" if self.sign_on_bonus else None,
            "expires_on": self.expires_on.isoformat(),
            "letter": self.letter,
        }
