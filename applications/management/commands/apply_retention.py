"""`manage.py apply_retention`: applications are kept for a limited time after their posting closes.

Once a posting has been closed for longer than the retention period, each of
its applications is deleted with everything hanging off it: the answers and
their evidence, the cover letter, the resume file sent with it, the stage
history, reviewers' notes and scorecards, and its stored emails. The posting
stays (with its requirements), as does each candidate's account and profile:
those are the candidate's own, and go when they delete their account. See
README.md, "Backups, retention and deletion".
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from accounts.single_run import SingleRunCommand
from applications.models import Application
from postings.models import JobPosting

logger = logging.getLogger(__name__)


def postings_past_retention(days, now=None):
    """Closed postings whose closing lies more than `days` days back, oldest first."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return JobPosting.objects.filter(status=JobPosting.Status.CLOSED, closed_at__lt=cutoff).order_by("closed_at", "pk")


def delete_applications_of(posting):
    """Delete one posting's applications; their resume files leave storage once the deletion commits.

    One transaction per posting keeps each short, and a run stopped halfway
    leaves whole postings done or untouched. Returns (applications, files).
    """
    storage = Application._meta.get_field("resume").storage
    with transaction.atomic():
        applications = Application.objects.filter(posting=posting)
        names = [name for name in applications.values_list("resume", flat=True) if name]
        _, deleted = applications.delete()
        for name in names:
            transaction.on_commit(partial(_delete_file, storage, name))
    return deleted.get(Application._meta.label, 0), len(names)


def _delete_file(storage, name):
    try:
        storage.delete(name)
    except OSError:
        # The rows are gone; a file left behind is reported for someone to remove by hand.
        logger.warning("Could not delete resume file %s past the retention period", name, exc_info=True)


class Command(SingleRunCommand):
    help = (
        "Delete the applications (answers, cover letters, resumes, history, notes, scorecards, emails) of postings "
        "closed more than --days days ago (RETENTION_DAYS by default). Run daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Retention period in days after a posting closes (default: RETENTION_DAYS, {settings.RETENTION_DAYS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be deleted; change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError(
                "--days must be 1 or more: a retention period of 0 would delete applications the day a posting closes."
            )
        now = timezone.now()
        cutoff = timezone.localdate(now) - datetime.timedelta(days=days)
        postings = postings_past_retention(days, now=now).filter(applications__isnull=False).distinct()
        total_applications = total_files = 0
        for posting in postings:
            label = (
                f"{posting.reference} {posting.display_title} (closed {timezone.localdate(posting.closed_at):%Y-%m-%d})"
            )
            if dry_run:
                count = posting.applications.count()
                self.stdout.write(f"Would delete {count} application(s) of {label}")
                total_applications += count
                continue
            count, files = delete_applications_of(posting)
            total_applications += count
            total_files += files
            self.stdout.write(f"Deleted {count} application(s) of {label}")
        if dry_run:
            self.stdout.write(
                f"{total_applications} application(s) of postings closed before {cutoff:%Y-%m-%d} would be deleted."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Deleted {total_applications} application(s) and {total_files} resume file(s) "
                    f"of postings closed before {cutoff:%Y-%m-%d}."
                )
            )
