from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from verification.expiry import send_expiry_notices


class Command(BaseCommand):
    help = (
        "Tell candidates and their hiring teams of credentials expiring in 90, 30 and 7 days, once per threshold "
        "(hired people and active applicants). Run daily."
    )

    def handle(self, *args, **options):
        told = send_expiry_notices(list_url=settings.SITE_URL + reverse("hiring:expiring_credentials"))
        self.stdout.write(f"{told} credential(s) told about.")
