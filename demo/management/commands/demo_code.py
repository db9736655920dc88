import base64
import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from demo.data import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the sign-in code the demo staff accounts' authenticator shows now (demo data only)."

    def handle(self, *args, **options):
        totp = TOTP(base64.b32decode(DEMO_TOTP_SECRET))
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{totp.token():06d}  (for {left} more seconds; the next one works too)")
