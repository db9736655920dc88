from accounts.single_run import SingleRunCommand
from applications.tasks import send_due_emails


class Command(SingleRunCommand):
    help = "Send stored emails whose time has come (delayed rejections) and retry failed ones. Run every few minutes."

    def handle(self, *args, **options):
        sent = send_due_emails.call()
        self.stdout.write(f"{sent} email(s) sent.")
