"""Writing emails: render, store, and hand to the task queue once the transaction commits."""

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail
from .tasks import deliver_email


def queue_email(*, kind, to, subject, body, application=None, delay=None):
    """Store an email and deliver it after commit (or after `delay`, a timedelta).

    Call inside the transaction that makes the email true: if it rolls back,
    no email is stored and none is sent.
    """
    email = OutgoingEmail.objects.create(
        application=application,
        kind=kind,
        to=", ".join(to),
        subject=" ".join(subject.split())[:250],
        body=body,
        send_after=timezone.now() + (delay or datetime.timedelta()),
    )
    if not delay:
        # robust: a mail or queue failure after commit is logged, never shown to the person as an error.
        transaction.on_commit(lambda: deliver_email.enqueue(email.pk), robust=True)
    elif deliver_email.get_backend().supports_defer:
        # The database queue can hold it until then; elsewhere `send_due_emails` picks it up.
        task = deliver_email.using(run_after=email.send_after)
        transaction.on_commit(lambda: task.enqueue(email.pk), robust=True)
    return email


def queue_templated_email(*, template_name, kind, to, context, application=None, delay=None):
    """Render templates/emails/<template_name>_subject.txt and _body.txt, then queue."""
    context = {"organization": settings.HIRING_ORGANIZATION["name"], "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{template_name}_subject.txt", context)
    body = render_to_string(f"emails/{template_name}_body.txt", context)
    return queue_email(kind=kind, to=to, subject=subject, body=body, application=application, delay=delay)
