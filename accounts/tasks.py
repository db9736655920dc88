"""Account work done by the task queue, away from the request that asked for it."""

from django.tasks import task

from . import verification
from .forms import ResetEmailForm
from .mail import site_name
from .models import User


@task()
def send_password_reset(email, *, domain, use_https):
    """Email a reset link to the account with this address, if there is one (else nothing happens).

    Run by the queue so that the request that asked answers in the same time
    whether or not the address has an account, and never waits on mail.
    """
    form = ResetEmailForm({"email": email})
    if not form.is_valid():
        return
    account = User.objects.filter(email=form.cleaned_data["email"], is_active=True).first()
    if account is not None and not account.email_verified:
        # Nothing but the confirmation goes to an address not yet confirmed; once it is, a reset can follow.
        verification.send_confirmation(account)
        return
    form.save(domain_override=domain, use_https=use_https, extra_email_context={"site_name": site_name()})
