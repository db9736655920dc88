"""Offers: draft, approval, send, the candidate's answer, and "Hired" following an accepted offer.

Every change is one transaction that writes the offer, its history line
(`HiringEvent`), its stage move where there is one and its emails.

**The gate.** `check_offer_may_proceed(offer, step)` is the one place that
decides whether an offer may be sent (`step="send"`) or accepted into Hired
(`step="hire"`); `send` and `accept` call it inside their transaction, with the
rows locked. It refuses an offer that needs an approval it does not have, an
expired one, and (verification.gate.check_ready_to_hire, with the offer's
start date) a candidate whose credentials are not verified.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import TemplateSyntaxError
from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import RECRUITERS_GROUP, staff_in
from applications.emails import queue_templated_email
from applications.models import Application, OutgoingEmail, StageError
from verification.gate import check_ready_to_hire

from . import email_text
from .interview_models import HiringEvent
from .offer_models import Offer

Stage = Application.Stage
LINK_SALT = "hiring.offer"
LINK_DAYS = 60


class OfferError(ValidationError):
    """An offer change its state, its approval or its expiry does not allow."""


# --- Approval -----------------------------------------------------------------------------------


def approval_reasons(offer):
    """Why the offer needs a recruiter's (or its named approver's) approval; empty when it does not."""
    reasons = []
    posting = offer.application.posting
    yearly = offer.yearly_pay()
    hours = {posting.SalaryUnit.HOUR: Decimal(2080), posting.SalaryUnit.YEAR: Decimal(1)}[posting.salary_unit]
    low = posting.salary_min * hours if posting.salary_min is not None else None
    high = posting.salary_max * hours if posting.salary_max is not None else None
    if (low is not None and yearly < low) or (high is not None and yearly > high):
        reasons.append("the pay is outside the posting's range")
    ceiling = settings.OFFER_APPROVAL_CEILING
    if ceiling and yearly > ceiling:
        reasons.append(f"the pay is above ${ceiling:,} a year")
    return reasons


def may_approve(user, offer):
    """The named approver, or any recruiter (and admins) when none is named."""
    if offer.approver_id:
        return user.pk == offer.approver_id or user.is_superuser
    return user.is_recruiter or user.is_superuser


def _approvers(offer):
    if offer.approver_id:
        return [offer.approver.email]
    people = get_user_model().objects.filter(staff_in(RECRUITERS_GROUP))
    return sorted(set(people.values_list("email", flat=True)))


# --- The gate -----------------------------------------------------------------------------------


def check_offer_may_proceed(offer, step):
    """Refuse sending (`step="send"`) or hiring (`step="hire"`) an offer that may not go further.

    The one gate for both steps, called with the offer locked: approval (to
    send), expiry, and the hire gate of `verification` (an offer cannot be sent
    nor Hired set until the credentials are verified for the offer's start).
    """
    if step == "send" and offer.needs_approval and offer.status != Offer.Status.APPROVED:
        raise OfferError(f"This offer needs approval first ({offer.approval_reason}).", code="needs_approval")
    if offer.is_expired():
        raise OfferError(f"This offer expired on {formats.date_format(offer.expires_on)}.", code="expired")
    try:
        check_ready_to_hire(offer.application, start_date=offer.start_date)
    except StageError as error:
        raise OfferError(error.messages[0], code=error.code) from None


# --- Letters and links --------------------------------------------------------------------------


def letter_context(offer):
    posting = offer.application.posting
    return {
        "candidate_name": offer.application.candidate.get_full_name(),
        "posting_title": posting.display_title,
        "organization": settings.HIRING_ORGANIZATION["name"],
        "facility": str(posting.location) if posting.location_id else "",
        "start_date": formats.date_format(offer.start_date),
        "pay": offer.pay_label,
        "employment_type": offer.get_employment_type_display(),
        "schedule": offer.schedule,
        "assignment_weeks": offer.assignment_weeks or "",
        "sign_on_bonus": f"${offer.sign_on_bonus:,.2f}" if offer.sign_on_bonus else "",
        "weekly_breakdown": "\n".join(offer.weekly_breakdown()),
        "expires_on": formats.date_format(offer.expires_on),
    }


def render_letter(offer):
    try:
        return email_text.render(offer.letter_template.body, letter_context(offer))
    except TemplateSyntaxError:
        raise OfferError("The letter template does not compile: an admin must correct it.", code="bad_letter") from None


def candidate_path(offer):
    """The signed path of the offer's page in the candidate's area; it expires after LINK_DAYS."""
    return reverse("candidate:offer", args=[signing.dumps(offer.pk, salt=LINK_SALT)])


def candidate_link(offer):
    """`candidate_path` as a full address, for emails."""
    return settings.SITE_URL + candidate_path(offer)


def offer_from_link(token):
    try:
        return signing.loads(token, salt=LINK_SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.BadSignature:
        return None


def _email(offer, template, to, **extra):
    posting = offer.application.posting
    queue_templated_email(
        template_name=template,
        kind={
            "offer_letter": OutgoingEmail.Kind.OFFER_LETTER,
            "offer_approval": OutgoingEmail.Kind.OFFER_APPROVAL,
        }.get(template, OutgoingEmail.Kind.OFFER_ANSWER),
        to=to,
        context={
            "offer": offer,
            "posting": posting,
            "candidate_name": offer.application.candidate.get_full_name(),
            "link": candidate_link(offer),
            "offer_url": settings.SITE_URL + offer.get_absolute_url(),
            "pipeline_url": settings.SITE_URL + reverse("hiring:pipeline", args=[posting.pk]),
            **extra,
        },
        application=offer.application,
    )


def _lock(offer):
    return (
        Offer.objects.select_for_update(of=("self",)).select_related("application__posting__location").get(pk=offer.pk)
    )


# --- Changes ------------------------------------------------------------------------------------


def draft(application, *, by, **terms):
    """A new draft offer; refused while another offer of the application is open."""
    if not application.is_open:
        raise OfferError("This application is closed: no offer can be made.", code="application_closed")
    offer = Offer(application=application, created_by=by, **terms)
    reasons = approval_reasons(offer)
    offer.needs_approval, offer.approval_reason = bool(reasons), "; ".join(reasons)
    try:
        with transaction.atomic():
            offer.save()
            HiringEvent.record(application, HiringEvent.Kind.OFFER_DRAFTED, by=by, text=offer.pay_label)
    except IntegrityError:
        raise OfferError("This application has an open offer already.", code="open_offer") from None
    return offer


def update(offer, *, by, **terms):
    """Change a draft (or one whose approval was refused): its approval starts again."""
    with transaction.atomic():
        locked = _lock(offer)
        if not locked.is_editable:
            raise OfferError("Only a draft can be changed.", code="not_editable")
        for field, value in terms.items():
            setattr(locked, field, value)
        reasons = approval_reasons(locked)
        locked.needs_approval, locked.approval_reason = bool(reasons), "; ".join(reasons)
        locked.status = Offer.Status.DRAFT
        locked.save()
    return locked


def submit_for_approval(offer, *, by):
    with transaction.atomic():
        locked = _lock(offer)
        if locked.status not in Offer.EDITABLE:
            raise OfferError("Only a draft goes for approval.", code="not_draft")
        if not locked.needs_approval:
            raise OfferError("This offer needs no approval: send it.", code="no_approval_needed")
        locked.status = Offer.Status.PENDING_APPROVAL
        locked.save(update_fields=["status"])
        HiringEvent.record(locked.application, HiringEvent.Kind.OFFER_SUBMITTED, by=by, text=locked.approval_reason)
        _email(locked, "offer_approval", _approvers(locked))
    return locked


def decide(offer, *, by, approve, note=""):
    """The approver's decision, with its reason; a refusal needs one."""
    note = " ".join(note.split())
    with transaction.atomic():
        locked = _lock(offer)
        if locked.status != Offer.Status.PENDING_APPROVAL:
            raise OfferError("This offer is not waiting for approval.", code="not_pending")
        if not may_approve(by, locked):
            raise OfferError("Only the named approver or a recruiter may decide.", code="not_approver")
        if not approve and not note:
            raise OfferError("Say why the offer is not approved.", code="reason_required")
        locked.status = Offer.Status.APPROVED if approve else Offer.Status.APPROVAL_REFUSED
        locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note[:500]
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        kind = HiringEvent.Kind.OFFER_APPROVED if approve else HiringEvent.Kind.OFFER_REJECTED
        HiringEvent.record(locked.application, kind, by=by, text=note)
        if locked.created_by and locked.created_by.email:
            _email(locked, "offer_decision", [locked.created_by.email], approved=approve, note=note)
    return locked


def send(offer, *, by):
    """Send the offer to the candidate (through `check_offer_may_proceed`); the application moves to Offer."""
    with transaction.atomic():
        locked = _lock(offer)
        if locked.status not in (Offer.Status.DRAFT, Offer.Status.APPROVED):
            raise OfferError(f"An offer that is {locked.get_status_display().lower()} cannot be sent.", code="state")
        check_offer_may_proceed(locked, "send")
        application = locked.application
        if application.stage != Stage.OFFER:
            try:
                application.move_to(Stage.OFFER, by=by, reason="Offer sent")
            except StageError as error:
                raise OfferError(
                    "Move the applicant to Interview first: an offer follows the interviews.", code=error.code
                ) from None
        locked.letter = render_letter(locked)
        locked.status, locked.sent_at = Offer.Status.SENT, timezone.now()
        locked.save(update_fields=["letter", "status", "sent_at"])
        HiringEvent.record(locked.application, HiringEvent.Kind.OFFER_SENT, by=by, text=locked.pay_label)
        _email(locked, "offer_letter", [locked.application.candidate.email])
    return locked


def accept(offer, *, by):
    """The candidate accepts: the terms are kept unchanged and the application moves to Hired."""
    with transaction.atomic():
        locked = _lock(offer)
        if locked.status != Offer.Status.SENT:
            raise OfferError("This offer can no longer be answered.", code="state")
        check_offer_may_proceed(locked, "hire")
        locked.status, locked.answered_at, locked.accepted_terms = Offer.Status.ACCEPTED, timezone.now(), locked.terms()
        locked.save(update_fields=["status", "answered_at", "accepted_terms"])
        application = locked.application
        application.move_to(Stage.HIRED, by=by, reason="Offer accepted")
        HiringEvent.record(application, HiringEvent.Kind.OFFER_ACCEPTED, by=by, text=locked.pay_label)
        posting = application.posting
        hires = posting.applications.filter(stage=Stage.HIRED).count()
        _email(locked, "offer_answer", _team(locked), accepted=True, filled=hires >= posting.openings)
    return locked


def decline(offer, *, by, reason):
    reason = " ".join(reason.split())
    if not reason:
        raise OfferError("Tell us why, in a few words: it helps us make better offers.", code="reason_required")
    with transaction.atomic():
        locked = _lock(offer)
        if locked.status != Offer.Status.SENT:
            raise OfferError("This offer can no longer be answered.", code="state")
        locked.status, locked.answered_at, locked.decline_reason = Offer.Status.DECLINED, timezone.now(), reason[:500]
        locked.save(update_fields=["status", "answered_at", "decline_reason"])
        HiringEvent.record(locked.application, HiringEvent.Kind.OFFER_DECLINED, by=by, text=reason)
        _email(locked, "offer_answer", _team(locked), accepted=False, reason=reason)
    return locked


def withdraw(offer, *, by, reason):
    reason = " ".join(reason.split())
    if not reason:
        raise OfferError("Say why the offer is withdrawn.", code="reason_required")
    with transaction.atomic():
        locked = _lock(offer)
        if locked.status not in Offer.OPEN:
            raise OfferError("This offer is closed already.", code="state")
        was_sent = locked.status == Offer.Status.SENT
        locked.status, locked.decision_note = Offer.Status.WITHDRAWN, reason[:500]
        locked.save(update_fields=["status", "decision_note"])
        HiringEvent.record(locked.application, HiringEvent.Kind.OFFER_WITHDRAWN, by=by, text=reason)
        if was_sent:
            _email(locked, "offer_withdrawn", [locked.application.candidate.email], reason=reason)
    return locked


def _team(offer):
    """Who hears of the candidate's answer: the offer's author and the posting's hiring managers."""
    posting = offer.application.posting
    emails = set(posting.hiring_managers.filter(is_active=True).values_list("email", flat=True))
    if offer.created_by_id and offer.created_by.is_active:
        emails.add(offer.created_by.email)
    return sorted(emails)
