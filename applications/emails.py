"""Writing emails: render, store, and hand to the task queue once the transaction commits."""

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail
from .tasks import deliver_email, deliver_emails


def _outgoing(*, kind, to, subject, body, application=None, headers=None, send_after):
    return OutgoingEmail(
        application=application,
        kind=kind,
        to=", ".join(to),
        subject=" ".join(subject.split())[:250],
        body=body,
        headers=headers or {},
        send_after=send_after,
    )


def queue_email(*, kind, to, subject, body, application=None, delay=None, headers=None):
    """Store an email and deliver it after commit (or after `delay`, a timedelta).

    Call inside the transaction that makes the email true: if it rolls back,
    no email is stored and none is sent. `headers`: extra mail headers
    (a dict of strings), stored with the email and sent with it.
    """
    email = _outgoing(
        kind=kind,
        to=to,
        subject=subject,
        body=body,
        application=application,
        headers=headers,
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
    rows = OutgoingEmail.objects.bulk_create([_outgoing(**email, send_after=now) for email in emails])
    ids = [row.pk for row in rows]  # PostgreSQL and SQLite both return them from the insert
    if ids:
        transaction.on_commit(lambda: deliver_emails.enqueue(ids), robust=True)
    return rows


def queue_templated_email(*, template_name, kind, to, context, application=None, delay=None):
    """Render templates/emails/<template_name>_subject.txt and _body.txt, then queue."""
    context = {"organization": settings.HIRING_ORGANIZATION["name"], "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{template_name}_subject.txt", context)
    body = render_to_string(f"emails/{template_name}_body.txt", context)
    return queue_email(kind=kind, to=to, subject=subject, body=body, application=application, delay=delay)


def queue_account_email(sender, *, kind, to, subject, body, **kwargs):
    """Receiver of accounts.signals.account_email: a reset link or an address to confirm, through the outbox."""
    return queue_email(kind=kind, to=to, subject=subject, body=body)
