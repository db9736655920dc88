"""References: the candidate names referees, each referee is emailed a link and answers without an account.

A link names one reference and its current `link_key`, signed with SECRET_KEY
under its own salt and valid for LINK_VALID: nobody can make one without the
key, it cannot be turned into another reference's, a newer link (sent again)
replaces it, and once the referee has answered it answers "already used".
"""

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.emails import queue_templated_email
from applications.models import OutgoingEmail

from .models import Reference, VerificationError

LINK_VALID = datetime.timedelta(days=14)
# Sending again refreshes the link; once a day is plenty and keeps a referee's inbox from filling.
RESEND_AFTER = datetime.timedelta(hours=24)
MAX_REFEREES = 6
_SIGNER = signing.TimestampSigner(salt="verification.reference")


class LinkProblem(VerificationError):
    """A referee link that cannot be used; `code`: invalid, expired, replaced or used."""


def link_token(reference):
    return _SIGNER.sign_object([reference.pk, reference.link_key])


def reference_for_link(token):
    """The reference a link names, or LinkProblem saying why the link cannot be used."""
    try:
        pk, key = _SIGNER.unsign_object(token, max_age=LINK_VALID)
    except signing.SignatureExpired:
        raise LinkProblem("This link has expired.", code="expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkProblem("This link is not valid.", code="invalid") from None
    reference = Reference.objects.select_related("candidate").filter(pk=pk).first()
    if reference is None:
        raise LinkProblem("This link is not valid.", code="invalid")
    if reference.is_answered:
        raise LinkProblem("This reference was already given.", code="used")
    if not secrets.compare_digest(str(key), reference.link_key):
        raise LinkProblem("A newer link was sent for this reference.", code="replaced")
    return reference


def _send_request(reference, now):
    reference.link_key = secrets.token_hex(16)
    reference.requested_at = now
    reference.save(update_fields=["link_key", "requested_at"])
    queue_templated_email(
        template_name="reference_request",
        kind=OutgoingEmail.Kind.REFERENCE_REQUEST,
        to=[reference.email],
        context={
            "reference": reference,
            "candidate_name": reference.candidate.get_full_name(),
            "answer_url": settings.SITE_URL + reverse("verification:reference_answer", args=[link_token(reference)]),
            "valid_until": timezone.localtime(now + LINK_VALID),
        },
    )


def name_referee(candidate, form, now=None):
    """Store the referee from a RefereeForm and email them the link; returns the Reference."""
    with transaction.atomic():
        if Reference.objects.filter(candidate=candidate).count() >= MAX_REFEREES:
            raise VerificationError(
                f"You can name up to {MAX_REFEREES} referees. Remove one that has not answered to add another.",
                code="too_many",
            )
        reference = form.save(commit=False)
        reference.candidate = candidate
        reference.save()
        _send_request(reference, now or timezone.now())
    return reference


def send_again(reference, now=None):
    """A new link for a referee who has not answered (the earlier one stops working)."""
    now = now or timezone.now()
    if reference.is_answered:
        raise VerificationError(f"{reference.name} has already answered.", code="answered")
    if reference.requested_at and now - reference.requested_at < RESEND_AFTER:
        raise VerificationError(
            f"{reference.name} was asked less than a day ago. You can send the link again tomorrow.", code="too_soon"
        )
    with transaction.atomic():
        _send_request(reference, now)


def remove_referee(reference):
    """A referee who has not answered may be taken off the list; answers stay for the hiring team."""
    if reference.is_answered:
        raise VerificationError(f"{reference.name} has answered; the reference stays.", code="answered")
    reference.delete()


def save_answers(reference, form, now=None):
    """Store the referee's answers once: a second submit (or a race) is refused as `used`."""
    with transaction.atomic():
        locked = Reference.objects.select_for_update().get(pk=reference.pk)
        if locked.is_answered:
            raise LinkProblem("This reference was already given.", code="used")
        answers = form.save(commit=False)
        answers.answered_at = now or timezone.now()
        answers.link_key = ""
        answers.save()
    return answers
