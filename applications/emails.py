"""Writing emails: render, store, and hand to the task queue once the transaction commits."""

import datetime

from django.conf import settings
from django.db import transaction
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone

from .models import EmailTemplate, OutgoingEmail
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


def queue_candidate_email(application, kind):
    """Queue the admin-edited email of `kind` (an EmailTemplate.Kind) to the application's candidate.

    Returns the stored email, or None when admins switched that email off.
    Plain-text emails: autoescape is off, and nothing is ever rendered as HTML.
    """
    template = EmailTemplate.objects.filter(kind=kind, send_automatically=True).first()
    if template is None:
        return None
    context = Context(
        {
            "candidate_name": application.candidate.get_full_name(),
            "posting_title": application.posting.display_title,
            "organization": settings.HIRING_ORGANIZATION["name"],
            "status_url": settings.SITE_URL + application.get_absolute_url(),
        },
        autoescape=False,
    )
    return queue_email(
        kind=kind,
        to=[application.candidate.email],
        subject=Template(template.subject).render(context),
        body=Template(template.body).render(context),
        application=application,
        delay=datetime.timedelta(hours=template.delay_hours) if template.delay_hours else None,
    )
