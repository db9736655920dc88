"""Writing emails: render, store, and hand to the task queue once the transaction commits."""

import datetime
import json
import logging
import re

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import get_template, render_to_string
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
    """Store many emails in one insert and deliver them after commit, in one task; returns their ids.

    `emails`: dicts of queue_email()'s arguments (no delay). For bulk senders (the job alerts'
    run, the credential expiry notices): a row and a task per email would be two queries per email.
    A failed send stays unsent for `send_due_emails`, as with queue_email().
    """
    now = timezone.now()
    unconfirmed = set(User.objects.unconfirmed_addresses({address for email in emails for address in email["to"]}))
    emails = [{**email, "to": _confirmed_recipients(email["kind"], email["to"], unconfirmed)} for email in emails]
    ids = _insert_outgoing([email for email in emails if email["to"]], now)
    if ids:
        transaction.on_commit(lambda: deliver_emails.enqueue(ids), robust=True)
    return ids


# What differs from one bulk email to the next; the rest of the row is the same for all of them.
_VARYING = ("application", "kind", "to", "subject", "body", "headers", "attachments")


def _insert_outgoing(emails, now):
    """One INSERT ... SELECT over a JSON array of the rows, whatever their number; the new ids.

    The ORM's bulk_create adapts every value of every column (twelve of them) one by one: 5.7 s for the expiry
    run's 74,000 emails on PostgreSQL, where this takes 1.7 s; on SQLite it also splits the insert to stay under
    the variable limit, while one JSON parameter is one variable.
    """
    if not emails:
        return []
    rows = json.dumps(
        [
            [
                email.get("application") and email["application"].pk,
                email["kind"],
                ", ".join(email["to"]),
                " ".join(email["subject"].split())[:250],
                email["body"],
                email.get("headers") or {},
                email.get("attachments") or [],
            ]
            for email in emails
        ]
    )
    meta = OutgoingEmail._meta
    columns = [meta.get_field(name).column for name in _VARYING]
    columns += [meta.get_field(name).column for name in ("send_after", "attempts", "last_error", "created_at")]
    if connection.vendor == "postgresql":
        # jsonb: the array is parsed once, not again for each ->> of each row.
        values = "(e->>0)::bigint, e->>1, e->>2, e->>3, e->>4, e->5, e->6"
        moment, source = "%s::timestamptz", "jsonb_array_elements(%s::jsonb) AS e"
    else:
        values = ", ".join(f"json_extract(e.value, '$[{i}]')" for i in range(len(_VARYING)))
        moment, source = "%s", "json_each(%s) AS e"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) "
            f"SELECT {values}, {moment}, 0, '', {moment} FROM {source} RETURNING {quote(meta.pk.column)}",
            [connection.ops.adapt_datetimefield_value(now)] * 2 + [rows],
        )
        return [row[0] for row in cursor.fetchall()]


_FIELD = re.compile(r"\x00(\w+)\x00")


class BodyStamp:
    """One email template for thousands of emails: rendered once per shape, then each body stamped from it.

    A bulk sender's bodies differ in plain values (a name, an address, a number) and in a few that change the
    text around them (a date to format, a count the template pluralizes): the `shape`. The template renders
    once per distinct shape with a marker where each plain value goes, and each email joins its values in:
    rendering the template per email took 7 s for the expiry run's 74,000 bodies. `fields` must be printed as
    they are ({{ name }}, in a template with autoescape off, no filter) or tested for truth ({% if number %}),
    so their truth is part of the shape; what a template does more with a value goes in the shape.
    """

    def __init__(self, template_name, **context):
        self.template = get_template(template_name)
        self.context = context
        self.shapes = {}

    def render(self, fields, **shape):
        key = (tuple(shape.items()), tuple((name, bool(value)) for name, value in fields.items()))
        parts = self.shapes.get(key)
        if parts is None:
            markers = {name: f"\x00{name}\x00" if value else value for name, value in fields.items()}
            # re.split with a group: the text between markers at even places, the field names at odd ones.
            parts = self.shapes[key] = _FIELD.split(self.template.render({**self.context, **shape, **markers}))
        return "".join(str(fields[part]) if index % 2 else part for index, part in enumerate(parts))


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
