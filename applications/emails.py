"""Writing emails: render, store, and hand to the task queue once the transaction commits."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User

from .models import OutgoingEmail
from .tasks import deliver_email, deliver_emails

logger = logging.getLogger(__name__)
# The emails that prove an address: the only ones sent to an address its account has not confirmed yet.
CONFIRMATION_KINDS = {OutgoingEmail.Kind.EMAIL_VERIFICATION, OutgoingEmail.Kind.ALERT_CONFIRMATION}


def _confirmed_recipients(kind, to, unconfirmed):
    """`to` less the addresses whose account has not confirmed them, unless this email is what confirms one.

    Such an address may be someone else's, typed by mistake or on purpose.
    """
    if kind in CONFIRMATION_KINDS or not unconfirmed:
        return list(to)
    kept = [address for address in to if address not in unconfirmed]
    if len(kept) < len(to):
        logger.info("%s email not sent to %s unconfirmed address(es)", kind, len(to) - len(kept))
    return kept


def _outgoing(*, kind, to, subject, body, application=None, headers=None, attachments=None, send_after):
    return OutgoingEmail(
        application=application,
        kind=kind,
        to=", ".join(to),
        subject=" ".join(subject.split())[:250],
        body=body,
        headers=headers or {},
        attachments=attachments or [],
        send_after=send_after,
    )


def queue_email(*, kind, to, subject, body, application=None, delay=None, headers=None, attachments=None):
    """Store an email and deliver it after commit (or after `delay`, a timedelta).

    Call inside the transaction that makes the email true: if it rolls back,
    no email is stored and none is sent. `headers`: extra mail headers
    (a dict of strings), stored with the email and sent with it. Nothing but
    a confirmation goes to an address not confirmed yet: with no recipient
    left, no email is stored (None). `attachments`: text files sent with it,
    dicts of filename, content and mimetype (a calendar invite).
    """
    to = _confirmed_recipients(kind, to, set(User.objects.unconfirmed_addresses(to)))
    if not to:
        return None
    email = _outgoing(
        kind=kind,
        to=to,
        subject=subject,
        body=body,
        application=application,
        headers=headers,
        attachments=attachments,
        send_after=timezone.now() + (delay or datetime.timedelta()),
    )
    email.save()
    if not delay:
        # robust: a mail or queue failure after commit is logged, never shown to the person as an error.
        transaction.on_commit(lambda: deliver_email.enqueue(email.pk), robust=True)
    elif deliver_email.get_backend().supports_defer:
        # The database queue can hold it until then; elsewhere `send_due_emails` picks it up.
        task = deliver_email.using(run_after=email.send_after)
        transaction.on_commit(lambda: task.enqueue(email.pk), robust=True)
    return email


def queue_emails(emails):
    """Store many emails in one insert and deliver them after commit, in one task.

    `emails`: dicts of queue_email()'s arguments (no delay). For bulk senders
    (the job alerts' run): a row and a task per email would be two queries per
    email. A failed send stays unsent for `send_due_emails`, as with queue_email().
    """
    now = timezone.now()
    unconfirmed = set(User.objects.unconfirmed_addresses({address for email in emails for address in email["to"]}))
    emails = [{**email, "to": _confirmed_recipients(email["kind"], email["to"], unconfirmed)} for email in emails]
    rows = OutgoingEmail.objects.bulk_create([_outgoing(**email, send_after=now) for email in emails if email["to"]])
    ids = [row.pk for row in rows]  # PostgreSQL and SQLite both return them from the insert
    if ids:
        transaction.on_commit(lambda: deliver_emails.enqueue(ids), robust=True)
    return rows


def queue_templated_email(*, template_name, kind, to, context, application=None, delay=None, attachments=None):
    """Render templates/emails/<template_name>_subject.txt and _body.txt, then queue."""
    context = {"organization": settings.HIRING_ORGANIZATION["name"], "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{template_name}_subject.txt", context)
    body = render_to_string(f"emails/{template_name}_body.txt", context)
    return queue_email(
        kind=kind, to=to, subject=subject, body=body, application=application, delay=delay, attachments=attachments
    )


def queue_account_email(sender, *, kind, to, subject, body, **kwargs):
    """Receiver of accounts.signals.account_email: a reset link or an address to confirm, through the outbox."""
    return queue_email(kind=kind, to=to, subject=subject, body=body)
