"""Email delivery through Django's tasks framework.

Every email is first stored as an OutgoingEmail row (see emails.queue_email),
so a mail server that is down delays it instead of losing it.
"""

import datetime
import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# A failed email is retried at growing gaps (at once, then 5, 10, 20, 40 minutes, then hourly), so a mail server
# that is down for a weekend delays emails instead of losing them, and a bad address is not retried forever.
MAX_ATTEMPTS = 100
RETRY_CAP = datetime.timedelta(hours=1)
# Emails whose body holds a secret (a reset or confirmation link, a referee's one-time link), and what is kept
# of them once sent.
LINK_KINDS = {
    OutgoingEmail.Kind.PASSWORD_RESET,
    OutgoingEmail.Kind.EMAIL_VERIFICATION,
    OutgoingEmail.Kind.REFERENCE_REQUEST,
}
LINK_REMOVED = "(This email held a one-time link; it is not kept once sent.)"


def retry_delay(attempts):
    """How long to wait after the `attempts`-th failure before trying again."""
    if attempts <= 1:
        return datetime.timedelta()
    return min(datetime.timedelta(minutes=5) * 2 ** min(attempts - 2, 8), RETRY_CAP)


@task()
def deliver_email(email_id):
    """Send one stored email unless it was sent or cancelled meanwhile. Returns True when sent."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True, cancelled_at__isnull=True, send_after__lte=timezone.now())
            .first()
        )
        if email is None:
            return False
        try:
            message = EmailMessage(subject=email.subject, body=email.body, to=email.recipients, headers=email.headers)
            for attachment in email.attachments:
                message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
            message.send()
        except Exception as error:  # any SMTP or socket failure: keep the row for the next run
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:300]
            email.send_after = timezone.now() + retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "send_after"])
            logger.warning("Email %s (%s) not sent, attempt %s: %s", email.pk, email.kind, email.attempts, error)
            return False
        email.sent_at = timezone.now()
        email.attempts += 1
        email.last_error = ""
        if email.kind in LINK_KINDS:
            # The link works like a password until used or expired: once sent, the outbox keeps no copy of it.
            email.body = LINK_REMOVED
        email.save(update_fields=["sent_at", "attempts", "last_error", "body"])
        return True


@task()
def deliver_emails(email_ids):
    """Send stored emails one after the other (see deliver_email); returns how many went out."""
    return sum(1 for email_id in email_ids if deliver_email.call(email_id))


@task()
def send_due_emails():
    """Send every stored email whose time has come, retrying earlier failures. Returns how many went out."""
    due = OutgoingEmail.objects.filter(
        sent_at__isnull=True, cancelled_at__isnull=True, send_after__lte=timezone.now(), attempts__lt=MAX_ATTEMPTS
    ).values_list("pk", flat=True)
    return sum(1 for email_id in list(due) if deliver_email.call(email_id))
