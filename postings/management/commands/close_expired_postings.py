from django.utils import timezone

from accounts.single_run import SingleRunCommand
from postings.models import JobPosting, PostingError


class Command(SingleRunCommand):
    help = (
        "Close published postings whose closing day has ended in their location's time zone (reason: expired). "
        "The board already hides them; this records when and why they closed. Run hourly, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be closed; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        expired = JobPosting.objects.expired(now=now).select_related("location").order_by("pk")
        closed = 0
        for posting in expired:
            label = f"{posting.reference} {posting} (closing date {posting.closes_on:%Y-%m-%d})"
            if dry_run:
                self.stdout.write(f"Would close {label}")
                continue
            try:
                # One at a time through close(): it locks the row, so an admin closing it now is not overwritten.
                posting.close(JobPosting.CloseReason.EXPIRED, now=now)
            except PostingError as error:
                self.stdout.write(f"Skipped {label}: {' '.join(error.messages)}")
                continue
            closed += 1
            self.stdout.write(f"Closed {label}")
        if dry_run:
            self.stdout.write(f"{expired.count()} posting(s) would be closed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Closed {closed} expired posting(s)."))
