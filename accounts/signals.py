"""What accounts asks of the apps above it, without knowing them."""

from django.dispatch import Signal

# An email about the account itself (a password reset link, an address to confirm), rendered and ready.
# The outbox (applications/emails.py) receives it, stores it and sends it after commit through the task queue.
# Arguments: kind ("password_reset" or "email_verification"), to (a list of addresses), subject, body.
account_email = Signal()
