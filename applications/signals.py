"""What the candidate side tells the apps above it, without knowing them.

Every signal here is sent inside the transaction of the change it reports:
whatever a receiver writes commits or rolls back with that change, so a
receiver that stores something to send later (an email, a webhook delivery)
never sends it for a change that did not happen.
"""

from django.dispatch import Signal

# Sent after a new application is stored with its answers and the candidate's confirmation email.
# Arguments: application.
application_submitted = Signal()

# Sent by services.candidate_data() while it gathers a candidate's data for their download. Each
# receiver returns a dict of sections ({"job_alerts": [...]}) added to the export: the apps above
# hold data of the candidate that the export must include. Arguments: user.
candidate_data_requested = Signal()

# Sent by Application.move_to after the StageChange is written, for every move a reviewer (or the
# system, closing a filled posting) makes. Arguments: application, change (the StageChange).
stage_changed = Signal()

# Sent by Application.move_to instead of stage_changed when the candidate withdraws.
# Arguments: application, change.
withdrawn = Signal()
