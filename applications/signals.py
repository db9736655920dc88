"""What the candidate side tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that stores a new application, after its answers and the candidate's
# confirmation email: whatever a receiver writes commits or rolls back with the application.
# Arguments: application.
application_submitted = Signal()
