"""manage.py rebuild_report_rows: recompute the recruiting reports' rows from the applications and their history.

Every change keeps them up to date by itself (applications/report_rows.py); run this after a repair written
straight into the database (a move inserted by hand, history re-timed), or to check nothing drifted: a rebuild
writes what the changes would have.
"""

import time

from django.core.management.base import BaseCommand

from applications import report_rows


class Command(BaseCommand):
    help = "Recompute the recruiting reports' rows (one per application, one per stay in a stage) from the raw rows."

    def handle(self, *args, **options):
        started = time.monotonic()
        applications, stays = report_rows.rebuild()
        self.stdout.write(
            f"{applications} application rows and {stays} stays written in {time.monotonic() - started:.1f}s"
        )
