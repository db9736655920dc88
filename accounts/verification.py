"""Confirming an email address: a signed link that expires, sent when an account is made or its address changes.

The link carries the account, the address to confirm and the address the
account had when it was sent, signed with SECRET_KEY: nothing is stored, and
a link stops working once the account's address changed since (so an old
link cannot undo a newer change). A new address replaces the old one only
once confirmed: until then the account signs in and is written to at the
address it has, which stays confirmed.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from . import throttle
from .mail import EMAIL_VERIFICATION, send_account_email
from .models import User

SALT = "accounts.email-verification"
VALID_DAYS = 3
# Confirmation emails a person may ask for (again, or for a new address) an hour.
SENDS_PER_ACCOUNT = throttle.Throttle("verify-send", limit=3, window_seconds=60 * 60)


class VerificationError(ValidationError):
    """A confirmation link that cannot be used: code "invalid", "expired", "used" or "taken"."""


def link_for(user, email):
    token = signing.dumps({"u": user.pk, "e": email, "f": user.email}, salt=SALT, compress=True)
    return reverse("accounts:verify_email", args=[token])


def send_confirmation(user, email=None):
    """Email the confirmation link for `email` (the account's own address by default) to that address."""
    email = email or user.email
    send_account_email(
        kind=EMAIL_VERIFICATION,
        to=[email],
        template_name="email_verification",
        context={
            "user": user,
            "email": email,
            "is_change": email != user.email,
            "link": settings.SITE_URL + link_for(user, email),
            "days": VALID_DAYS,
        },
    )


def send_confirmation_limited(user, email=None):
    """send_confirmation, a few times an hour per account; raises ValidationError(code="throttled") past that."""
    if SENDS_PER_ACCOUNT.blocked(user.pk):
        raise ValidationError(throttle.lockout_message(SENDS_PER_ACCOUNT.minutes_left(user.pk)), code="throttled")
    SENDS_PER_ACCOUNT.hit(user.pk)
    send_confirmation(user, email)


def read(token):
    """(account, address) a link confirms; VerificationError when it is damaged, expired or out of date."""
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_DAYS * 24 * 60 * 60)
    except signing.SignatureExpired:
        raise VerificationError("This link has expired.", code="expired") from None
    except signing.BadSignature:
        raise VerificationError("This link is not complete or not one of ours.", code="invalid") from None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        raise VerificationError("This link is not complete or not one of ours.", code="invalid")
    if user.email != data.get("f"):
        raise VerificationError("The account's address changed since this link was sent.", code="used")
    return user, data["e"]


def confirm(token, now=None):
    """Confirm what the link says: the account's address, or the new one it replaces it with. Returns the account."""
    user, email = read(token)
    now = now or timezone.now()
    if email == user.email:
        if not user.email_verified:
            user.email_verified_at = now
            user.save(update_fields=["email_verified_at"])
        return user
    try:
        with transaction.atomic():
            if User.objects.filter(email=email).exists():
                raise IntegrityError("taken")
            user.email, user.email_verified_at = email, now
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:
        raise VerificationError("Another account uses this address now.", code="taken") from None
    return user
