"""Emails about an account, rendered here and handed to the site's outbox (see signals.account_email)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

from .models import User
from .signals import account_email

PASSWORD_RESET = "password_reset"
EMAIL_VERIFICATION = "email_verification"


def site_name():
    return f"{settings.HIRING_ORGANIZATION['name']} OT Careers"


def send_account_email(*, kind, to, template_name, context):
    """Render templates/accounts/<template_name>_subject.txt and _body.txt and queue them in the outbox."""
    context = {"site_name": site_name(), "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"accounts/{template_name}_subject.txt", context).split())
    body = render_to_string(f"accounts/{template_name}_body.txt", context)
    delivered = account_email.send(sender=User, kind=kind, to=list(to), subject=subject, body=body)
    if not delivered:
        raise ImproperlyConfigured("No outbox receives accounts.signals.account_email: the email would be lost.")
