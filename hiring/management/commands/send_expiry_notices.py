from django.conf import settings
from django.urls import reverse

from accounts.single_run import SingleRunCommand
from verification.expiry import send_expiry_notices


class Command(SingleRunCommand):
    help = (
        "Tell candidates and their hiring teams of credentials expiring in 90, 30 and 7 days, once per threshold "
        "(hired people and active applicants). Run daily."
    )

    def handle(self, *args, **options):
        told = send_expiry_notices(list_url=settings.SITE_URL + reverse("hiring:expiring_credentials"))
        self.stdout.write(f"{told} credential(s) told about.")
