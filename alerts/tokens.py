"""Signed links in alert emails: confirming an address (expires) and unsubscribing (does not).

Each link names one alert and is signed with SECRET_KEY under its own salt,
so a confirmation link cannot unsubscribe, a link for one alert cannot be
changed into another's, and nobody can make one without the key.
"""

from django.core import signing

from .models import JobAlert

_CONFIRM = signing.TimestampSigner(salt="alerts.confirm")
_UNSUBSCRIBE = signing.Signer(salt="alerts.unsubscribe")


def confirmation_token(alert):
    return _CONFIRM.sign(str(alert.pk))


def unsubscribe_token(alert_pk):
    return _UNSUBSCRIBE.sign(str(alert_pk))


def confirmed_alert_pk(token):
    """The alert a confirmation link names; None when forged, mangled or older than CONFIRMATION_VALID."""
    try:
        return int(_CONFIRM.unsign(token, max_age=JobAlert.CONFIRMATION_VALID))
    except (signing.BadSignature, ValueError):
        return None


def unsubscribed_alert_pk(token):
    """The alert an unsubscribe link names; None when forged or mangled."""
    try:
        return int(_UNSUBSCRIBE.unsign(token))
    except (signing.BadSignature, ValueError):
        return None
