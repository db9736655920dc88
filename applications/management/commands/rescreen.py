"""`manage.py rescreen`: screen applications again after the rules changed (weights, checks, the compact's data)."""

from django.core.management.base import BaseCommand

from applications.models import Application
from applications.services import rescreen


class Command(BaseCommand):
    help = (
        "Screen open applications again under the current rules and each candidate's profile as it is now: "
        "checked requirements, flags, band, match score and its reasons. The yes/no answers stay as given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posting", type=int, help="Only the applications of this posting (its id).")
        parser.add_argument("--all", action="store_true", help="Closed applications too (hired, rejected, withdrawn).")

    def handle(self, *args, posting=None, all=False, **options):
        applications = Application.objects.all() if all else Application.objects.open()
        if posting:
            applications = applications.filter(posting=posting)
        total = applications.count()
        changed = rescreen(applications)
        self.stdout.write(
            self.style.SUCCESS(f"Screened {total} application(s) again; {changed} changed score or band.")
        )
