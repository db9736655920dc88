from accounts.single_run import SingleRunCommand
from alerts.services import BATCH_SIZE, send_due_alerts


class Command(SingleRunCommand):
    help = "Email every due job alert the open postings published since its last email that match it (cron: hourly or daily)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Alerts per transaction.")

    def handle(self, *args, batch_size, **options):
        report = send_due_alerts(batch_size=batch_size)
        self.stdout.write(
            f"{report.due} alert(s) due, {report.emails} email(s) queued, {report.new_postings} new posting(s) "
            f"looked at, {report.expired_confirmations} unconfirmed alert(s) expired."
        )
