"""The hiring team's emails: the admin-edited texts sent on moves, and the notice of each new applicant."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import TemplateSyntaxError
from django.urls import reverse

from accounts.models import RECRUITERS_GROUP, staff_in
from applications.emails import queue_email, queue_templated_email
from applications.models import OutgoingEmail

from . import email_text
from .models import EmailTemplate

logger = logging.getLogger(__name__)


def render_candidate_email(application, template):
    """(subject, body) of `template` (an EmailTemplate) for `application`'s candidate.

    Plain-text emails: autoescape is off, and nothing is ever rendered as HTML.
    Raises TemplateSyntaxError for a text saved before texts were checked.
    """
    context = {
        "candidate_name": application.candidate.get_full_name(),
        "posting_title": application.posting.display_title,
        "organization": settings.HIRING_ORGANIZATION["name"],
        "status_url": settings.SITE_URL + application.get_absolute_url(),
    }
    return email_text.render(template.subject, context), email_text.render(template.body, context)


def queue_candidate_email(application, kind, template=None):
    """Queue the admin-edited email of `kind` (an EmailTemplate.Kind) to the application's candidate.

    `template`: another version of that kind (a rejection reason's own
    email); by default the standard one. Returns the stored email, or None
    when admins switched that email off.
    """
    template = template or EmailTemplate.objects.standard(kind)
    if template is None or not template.send_automatically:
        return None
    try:
        subject, body = render_candidate_email(application, template)
    except TemplateSyntaxError:
        # Saved before texts were checked (EmailTemplate.clean): the move still happens; the admins are told.
        logger.error("The %s email text does not compile: no email sent for application %s", kind, application.pk)
        return None
    return queue_email(
        kind=kind,
        to=[application.candidate.email],
        subject=subject,
        body=body,
        application=application,
        delay=datetime.timedelta(hours=template.delay_hours) if template.delay_hours else None,
    )


def _reviewer_addresses(posting):
    """(addresses, to_recruiters): the posting's active hiring managers, or every recruiter when it has none."""
    managers = list(posting.hiring_managers.filter(is_active=True).values_list("email", flat=True))
    if managers:
        return sorted(managers), False
    recruiters = get_user_model().objects.filter(staff_in(RECRUITERS_GROUP)).values_list("email", flat=True)
    return sorted(recruiters), True


def queue_manager_notice(sender, application, **kwargs):
    """Tell whoever reviews the posting about a new applicant (receiver of `application_submitted`)."""
    posting = application.posting
    to, to_recruiters = _reviewer_addresses(posting)
    if not to:
        logger.warning("No hiring manager or recruiter to tell about application %s", application.pk)
        return
    queue_templated_email(
        template_name="application_manager_notice",
        kind=OutgoingEmail.Kind.MANAGER_NOTICE,
        to=to,
        context={
            "application": application,
            "posting": posting,
            "candidate_name": application.candidate.get_full_name(),
            "flags": application.flags,
            "review_url": settings.SITE_URL + reverse("hiring:applicant", args=[application.pk]),
            "to_recruiters": to_recruiters,
        },
        application=application,
    )
