from accounts.single_run import SingleRunCommand
from api.tasks import send_due_webhooks


class Command(SingleRunCommand):
    help = (
        "Send webhook deliveries whose next attempt is due (retries after a receiver failed). "
        "Run every few minutes from cron; the database task queue also retries on its own."
    )

    def handle(self, *args, **options):
        taken = send_due_webhooks.call()
        self.stdout.write(self.style.SUCCESS(f"{taken} webhook delivery(ies) taken by their receivers."))
