"""What a posting's lifecycle tells the apps above postings, without knowing them.

Separate from signals.py, which holds the receivers that keep the board's
version: these are signals postings sends. Both are sent by JobPosting.publish()
and close() inside their transaction, after the change is written, so whatever
a receiver stores (a webhook delivery) commits or rolls back with the change.
"""

from django.dispatch import Signal

# A draft (or a closed posting published again) went live. Arguments: posting.
posting_published = Signal()

# A posting was closed: filled, cancelled or expired. Arguments: posting, reason.
posting_closed = Signal()
