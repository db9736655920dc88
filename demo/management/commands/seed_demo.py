import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts.models import User
from applications.models import Application, StageChange
from applications.report_rows import rebuild as rebuild_report_rows
from demo.builder import DemoBuilder
from demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from demo.hiring_demo import candidate_links
from demo.hiring_records import bulk_hire_verifications, bulk_interviews_and_offers
from hiring.models import Interview
from postings.models import JobPosting
from roles.models import RoleLevel


class Command(BaseCommand):
    help = (
        "Create the demo: sign-ins, 48 postings across every level and setting in 12 states, candidates and "
        "pipelines, and a travel contract whose applicants show every screening outcome. Safe to run again "
        "(it does nothing the second time). With --postings N it adds bulk data "
        "for benchmarks instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--postings", type=int, default=0, help="Add this many postings in bulk.")
        parser.add_argument(
            "--open", type=int, default=None, help="How many of the bulk postings are open (default 4%%)."
        )
        parser.add_argument("--candidates", type=int, default=0, help="Add this many candidates in bulk.")
        parser.add_argument("--applications", type=int, default=0, help="Add this many applications in bulk.")
        parser.add_argument(
            "--big-posting",
            type=int,
            default=0,
            help="Give one open posting this many applicants (part of --applications).",
        )
        parser.add_argument("--states", type=int, default=50, help="Spread bulk postings over this many states.")
        parser.add_argument(
            "--alerts", type=int, default=0, help="Add this many confirmed job alerts, all due, in bulk."
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        if not RoleLevel.objects.exists():
            raise CommandError("The role catalog is empty: run `manage.py load_catalog` first.")
        builder = DemoBuilder(seed=options["seed"], stdout=self.stdout)
        if options["postings"] or options["candidates"] or options["applications"] or options["alerts"]:
            self._bulk(builder, options)
            return
        if User.objects.filter(email="admin@example.com").exists():
            self.stdout.write("Demo data already present; nothing to add.")
        else:
            report = builder.small_demo()
            self.stdout.write(
                f"Demo ready: {report.postings} postings, {report.candidates} candidates, "
                f"{report.applications} applications."
            )
        self.stdout.write(self.style.SUCCESS(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})"))
        for email, who in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {email:<24} {who}")
        self.stdout.write(
            "\nStaff then type a code from an authenticator app. Add this key to one (every demo staff account "
            f"has it):\n  {' '.join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, 32, 4))}\n"
            "or print the current code with:  .venv/bin/python manage.py demo_code"
        )
        casey = User.objects.filter(email="candidate@example.com").first()
        links = candidate_links(casey) if casey else []
        if links:
            self.stdout.write("Casey's links from the emails the demo did not send (sign in as candidate@example.com):")
            for what, link in links:
                self.stdout.write(f"  {what}: {link}")

    def _bulk(self, builder, options):
        started = time.monotonic()
        staff = builder.staff()
        # Like a real health system: each hiring manager has a few dozen postings at most.
        managers = [staff["manager@example.com"]]
        count = options["postings"]
        open_count = options["open"] if options["open"] is not None else max(1, count // 25)
        with transaction.atomic():
            if count:
                postings = builder.postings(
                    count,
                    states=min(options["states"], 50),
                    open_share=open_count / count,
                    draft_share=0.02,
                    managers=builder.hiring_managers(max(2, count // 40)),
                )
                # The demo manager reviews two dozen open postings (and, below, the busiest one).
                staff["manager@example.com"].managed_postings.add(*JobPosting.objects.open().order_by("-pk")[:24])
                self.stdout.write(f"{len(postings)} postings in {time.monotonic() - started:.1f}s")
            if options["candidates"]:
                existing = User.objects.filter(email__endswith="@bulk.example.org").count()
                builder.candidates(options["candidates"], start=existing, domain="bulk.example.org")
                self.stdout.write(f"{options['candidates']} candidates in {time.monotonic() - started:.1f}s")
            if options["applications"]:
                self._bulk_applications(builder, options, managers)
                self.stdout.write(f"{options['applications']} applications in {time.monotonic() - started:.1f}s")
                interviews, offers = bulk_interviews_and_offers(managers[0])
                verified = bulk_hire_verifications(managers[0])
                self.stdout.write(
                    f"{interviews} interviews, {offers} offers and {verified} verifications of hires' credentials "
                    f"in {time.monotonic() - started:.1f}s"
                )
                self._report_rows()
            if options["alerts"]:
                builder.alerts(options["alerts"], states=min(options["states"], 50))
                self.stdout.write(f"{options['alerts']} job alerts in {time.monotonic() - started:.1f}s")
        if connection.vendor == "postgresql":
            # VACUUM too, as autovacuum would after a bulk load: it marks pages all-visible, so counts
            # can read an index alone (an index-only scan) instead of visiting every row.
            # VACUUM cannot run inside a transaction (the test suite wraps each test in one): ANALYZE there.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")

    def _bulk_applications(self, builder, options, managers):
        candidates = list(User.objects.filter(email__endswith="@bulk.example.org").only("pk").order_by("pk"))
        if not candidates:
            raise CommandError("Add candidates first (--candidates).")
        open_postings = list(JobPosting.objects.open().only("pk").order_by("pk"))
        others = list(JobPosting.objects.exclude(status="draft").only("pk").order_by("pk"))
        total, big = options["applications"], options["big_posting"]
        pairs, seen = [], set()
        if big:
            target = open_postings[0]
            target.hiring_managers.add(managers[0])
            pairs.extend((target, candidates[i]) for i in range(min(big, len(candidates))))
            seen.update((target.pk, candidate.pk) for _, candidate in pairs)
        first = len(pairs)  # the big posting's applicants
        remaining = total - first
        # Open postings get more than their share, as they do in life.
        pool = [p for p in open_postings[1:] + others if not big or p.pk != open_postings[0].pk]
        i = 0
        while remaining > 0 and pool:
            posting = pool[i % len(pool)]
            candidate = candidates[(i * 7919) % len(candidates)]
            if (posting.pk, candidate.pk) not in seen:
                seen.add((posting.pk, candidate.pk))
                pairs.append((posting, candidate))
                remaining -= 1
            i += 1
        # Written a posting after another (the big posting first): each chunk then reads a few thousand postings'
        # requirements rather than one per application, and the pipeline indexes, which lead with the posting,
        # grow at a few places at a time.
        pairs[first:] = sorted(pairs[first:], key=lambda pair: pair[0].pk)
        started = time.monotonic()
        builder.preload_profiles()
        batch, start = 20000, 0
        while start < len(pairs):
            # Answers only where a reviewer will read them: the big posting's applicants.
            end = min(start + batch, first) if start < first else start + batch
            builder.applications(
                pairs[start:end], with_answers=start < first, reviewers=managers[:1], report_rows=False
            )
            start = end
        self.stdout.write(f"  {len(pairs)} applications written in {time.monotonic() - started:.1f}s")

    def _report_rows(self):
        """The reports' rows of every application, once its history and interviews are written: two INSERT ...
        SELECT over the tables, as a rebuild would."""
        started = time.monotonic()
        if connection.vendor == "postgresql":
            # The planner's statistics of the tables just filled, so the rebuild's joins and subqueries use the
            # indexes (without them it plans for empty tables: 7 s instead of 1.4 s at 40,000 applications).
            with connection.cursor() as cursor:
                tables = (Application, StageChange, Interview)
                cursor.execute(f"ANALYZE {', '.join(model._meta.db_table for model in tables)}")
        rebuild_report_rows()
        self.stdout.write(f"  their report rows in {time.monotonic() - started:.1f}s")
