from django.core.management.base import BaseCommand

from roles.catalog import load_catalog


class Command(BaseCommand):
    help = (
        "Load the OT role catalog (roles/catalog.json). Adds what is missing and leaves "
        "levels an admin has edited alone; --reset restores every level to the file's text."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Overwrite the occupation and every level, with their items, from the file.",
        )

    def handle(self, *args, reset=False, **options):
        report = load_catalog(reset=reset)
        for title in report.created:
            self.stdout.write(f"created  {title}")
        for title in report.reset:
            self.stdout.write(f"reset    {title}")
        for title in report.kits_added:
            self.stdout.write(f"kit      {title}: its interview kit added from the file")
        if report.kept:
            self.stdout.write(f"kept     {len(report.kept)} existing entries as they are (use --reset to restore them)")
        self.stdout.write(self.style.SUCCESS("Role catalog ready."))
