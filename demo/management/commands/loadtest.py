"""`manage.py loadtest`: simulated candidates browse and apply against gunicorn on 127.0.0.1.

Bounded in users and seconds; it stops by itself. It passes when no request
got a 5xx and every application a user submitted is stored exactly once.
Run it against PostgreSQL (SQLite serialises writers and is not what serves
production). Results of a run: docs/reliability.md.
"""

import http.cookiejar
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from applications.models import Application, CandidateProfile, StateLicense
from demo import serving
from demo.data import DEMO_PASSWORD, SAMPLE_PDF
from postings.models import JobPosting

EMAIL_DOMAIN = "loadtest.example.org"


class Command(BaseCommand):
    help = "Simulated users browse and apply for a bounded time against gunicorn on 127.0.0.1; fails on any 5xx or lost/duplicated application."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument(
            "--apply-share", type=float, default=0.3, help="Share of page views that are an application."
        )
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker.")

    def handle(self, *args, users, seconds, apply_share, workers, threads, **options):
        if users > 200 or seconds > 600:
            raise CommandError("Keep it bounded: at most 200 users and 600 seconds.")
        if connection.vendor != "postgresql":
            self.stderr.write("Note: SQLite serialises writers; production runs PostgreSQL.")
        people = self._prepare(users)
        postings = list(JobPosting.objects.open().values_list("pk", "slug"))
        if not postings:
            raise CommandError("No open postings: run `manage.py seed_demo` first.")
        stats = Counter()
        submitted, lock = [], threading.Lock()
        with serving.gunicorn(serving.production_env(), workers=workers, threads=threads) as (base, _):
            deadline = time.monotonic() + seconds
            crew = [
                threading.Thread(
                    target=_user,
                    args=(base, email, postings, deadline, apply_share, random.Random(n), stats, submitted, lock),
                )
                for n, email in enumerate(people)
            ]
            started = time.monotonic()
            for thread in crew:
                thread.start()
            for thread in crew:
                thread.join(timeout=seconds + 120)
            elapsed = time.monotonic() - started
        self._report(stats, submitted, elapsed, users)

    def _prepare(self, count):
        """Load-test candidates with complete profiles and no applications (so a rerun starts clean)."""
        call_command("load_catalog", verbosity=0)
        if not JobPosting.objects.open().exists():
            call_command("seed_demo", verbosity=0)
        Application.objects.filter(candidate__email__endswith=EMAIL_DOMAIN).delete()
        probe = User(email="probe@" + EMAIL_DOMAIN)
        probe.set_password(DEMO_PASSWORD)
        emails = [f"load{n}@{EMAIL_DOMAIN}" for n in range(count)]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            User(
                email=email,
                full_name=f"Load Tester {email.split('@')[0]}",
                password=probe.password,
                email_verified_at=timezone.now(),  # they apply at once, as confirmed accounts do
            )
            for email in emails
            if email not in existing
        )
        today = timezone.localdate()
        for user in User.objects.filter(email__in=emails, profile__isnull=True):
            profile = CandidateProfile.objects.create(
                user=user,
                city="Austin",
                state="TX",
                degree=CandidateProfile.Degree.MASTERS,
                years_experience=6,
                years_leadership=2,
                nbcot_number="NB0000000",
                nbcot_status=CandidateProfile.NbcotStatus.ACTIVE,
                nbcot_expires_on=today.replace(year=today.year + 2),
                cpr_bls_expires_on=today.replace(year=today.year + 1),
            )
            StateLicense.objects.create(
                profile=profile, state="TX", number="OT-TX-0", expires_on=today.replace(year=today.year + 2)
            )
        return emails

    def _report(self, stats, submitted, elapsed, users):
        stored = Counter(
            Application.objects.filter(candidate__email__endswith=EMAIL_DOMAIN).values_list(
                "candidate__email", "posting_id"
            )
        )
        expected = Counter(set(submitted))
        duplicates = [pair for pair, n in stored.items() if n > 1]
        lost = [pair for pair in expected if pair not in stored]
        unexpected = [pair for pair in stored if pair not in expected]
        server_errors = sum(n for status, n in stats.items() if isinstance(status, int) and status >= 500)
        total = sum(n for status, n in stats.items() if isinstance(status, int))
        self.stdout.write(f"{users} users for {elapsed:.0f}s: {total} requests ({total / elapsed:.1f}/s)")
        self.stdout.write("answers: " + ", ".join(f"{status}: {n}" for status, n in sorted(stats.items(), key=str)))
        self.stdout.write(
            f"applications submitted: {len(expected)}, stored: {sum(stored.values())}, "
            f"lost: {len(lost)}, duplicated: {len(duplicates)}, unexpected: {len(unexpected)}"
        )
        if server_errors or lost or duplicates or unexpected or stats["connection error"]:
            raise CommandError("FAIL: see the counts above.")
        if not expected:
            raise CommandError("FAIL: no application went through, so the run proves nothing.")
        self.stdout.write(self.style.SUCCESS("PASS: no 5xx, every application stored exactly once."))


def _user(base, email, postings, deadline, apply_share, rng, stats, submitted, lock):
    """One simulated candidate: browse the board and postings, sign in once, apply to some."""
    # Production cookies are Secure; on this plain-HTTP loopback run the client sends them anyway.
    jar = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "http")))
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    signed_in = False
    applied = set()

    def request(path, data=None, headers=None):
        req = urllib.request.Request(base + path, data=data, headers=headers or {})
        try:
            with opener.open(req, timeout=60) as response:
                status, body, location = response.status, response.read().decode(errors="replace"), ""
        except urllib.error.HTTPError as error:
            status, body, location = (
                error.code,
                error.read().decode(errors="replace"),
                error.headers.get("Location", ""),
            )
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            with lock:
                stats["connection error"] += 1
            return None, "", ""
        with lock:
            stats[status] += 1
        return status, body, location

    while time.monotonic() < deadline:
        pk, slug = rng.choice(postings)
        if rng.random() >= apply_share or pk in applied:
            request(rng.choice(["/jobs/", "/jobs/?state=TX", "/jobs/?q=rehab", f"/jobs/{pk}/{slug or 'opening'}/"]))
            continue
        if not signed_in:
            _, page, _ = request("/account/sign-in/")
            token = _csrf(page)
            status, _, _ = request(
                "/account/sign-in/",
                urllib.parse.urlencode(
                    {"username": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
                ).encode(),
                {"Referer": base + "/account/sign-in/"},
            )
            signed_in = status == 302
            continue
        status, page, _ = request(f"/jobs/{pk}/apply/")
        if status != 200:
            applied.add(pk)  # already applied, or closed meanwhile
            continue
        fields = {
            "csrfmiddlewaretoken": _csrf(page),
            "source": "job_board",
            "consent": "on",
            "cover_letter": "Load test.",
        }
        for requirement in set(re.findall(r'name="meets_(\d+)"', page)):
            fields[f"meets_{requirement}"] = "yes"
        body, content_type = _multipart(fields, ("resume", "resume.pdf", SAMPLE_PDF))
        status, _, location = request(
            f"/jobs/{pk}/apply/", body, {"Content-Type": content_type, "Referer": base + f"/jobs/{pk}/apply/"}
        )
        if status == 302 and "/account/applications/" in location:
            applied.add(pk)
            with lock:
                submitted.append((email, pk))


def _csrf(page):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return match.group(1) if match else ""


def _multipart(fields, file):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    name, filename, content = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to count (302 after sign-in or apply), not pages to follow."""

    def redirect_request(self, *args, **kwargs):
        return None
