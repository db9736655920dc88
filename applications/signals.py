"""What the candidate side tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent inside the transaction that stores a new application, after its answers and the candidate's
# confirmation email: whatever a receiver writes commits or rolls back with the application.
# Arguments: application.
application_submitted = Signal()

# Sent by services.candidate_data() while it gathers a candidate's data for their download. Each
# receiver returns a dict of sections ({"job_alerts": [...]}) added to the export: the apps above
# hold data of the candidate that the export must include. Arguments: user.
candidate_data_requested = Signal()
