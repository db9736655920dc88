from accounts.single_run import SingleRunCommand
from accounts.throttle import clear_expired


class Command(SingleRunCommand):
    help = "Delete the sign-in, sign-up and reset attempt counts whose window has ended (run daily from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{clear_expired()} expired attempt count(s) deleted.")
