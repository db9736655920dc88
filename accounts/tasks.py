"""Account work done by the task queue, away from the request that asked for it."""

from django.tasks import task

from .forms import ResetEmailForm
from .mail import site_name


@task()
def send_password_reset(email, *, domain, use_https):
    """Email a reset link to the account with this address, if there is one (else nothing happens).

    Run by the queue so that the request that asked answers in the same time
    whether or not the address has an account, and never waits on mail.
    """
    form = ResetEmailForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https, extra_email_context={"site_name": site_name()})
