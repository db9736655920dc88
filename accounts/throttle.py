"""Limits on guessing: sign-in, sign-up and password reset attempts, per account and per address.

Counts live in the database (`AttemptCount`), in fixed windows: one atomic
statement opens a window or counts within it, so simultaneous attempts from
every gunicorn worker are all counted, and nothing else the site stores can
push a count out (a page cache that fills up evicts its least used keys, and
an attacker can fill it with board pages). Locked-out people are told why and
for how long, in words that do not say whether an account exists.

When a count cannot be read or written, `ThrottleUnavailable` is raised: the
sign-in refuses rather than let unlimited guesses through (fail closed).
"""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.db import DatabaseError, connections, router

from .models import AttemptCount


class ThrottleUnavailable(DatabaseError):
    """The attempt counts could not be read or written: whatever they guard must refuse for now.

    A database error: a page that does not catch it answers like any other request while the database is down.
    """


def _counts_database():
    return connections[router.db_for_write(AttemptCount)]


class Throttle:
    def __init__(self, name, limit, window_seconds):
        self.name, self.limit, self.window = name, limit, window_seconds

    def _key(self, subject):
        # Hashed: emails and addresses are never stored, and any text makes a valid key.
        digest = hashlib.sha256(str(subject).strip().lower().encode()).hexdigest()
        return f"{self.name}:{digest}"

    def _row(self, subject):
        try:
            return (
                AttemptCount.objects.filter(key=self._key(subject), window_ends__gt=time.time())
                .values_list("count", "window_ends")
                .first()
            )
        except DatabaseError as error:
            raise ThrottleUnavailable(str(error)) from error

    def count(self, subject):
        row = self._row(subject)
        return row[0] if row else 0

    def blocked(self, subject):
        return self.count(subject) >= self.limit

    def hit(self, subject):
        """Count one attempt; returns the count in the current window (a new window when the last one ended)."""
        now = time.time()
        connection = _counts_database()
        table = connection.ops.quote_name(AttemptCount._meta.db_table)
        key, count, ends = (connection.ops.quote_name(name) for name in ("key", "count", "window_ends"))
        # One statement, atomic on PostgreSQL and SQLite alike: insert, or count on, or start over.
        sql = (
            f"INSERT INTO {table} ({key}, {count}, {ends}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key}) DO UPDATE SET "
            f"{count} = CASE WHEN {table}.{ends} <= %s THEN 1 ELSE {table}.{count} + 1 END, "
            f"{ends} = CASE WHEN {table}.{ends} <= %s THEN excluded.{ends} ELSE {table}.{ends} END "
            f"RETURNING {count}"
        )
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, [self._key(subject), now + self.window, now, now])
                return cursor.fetchone()[0]
        except DatabaseError as error:
            raise ThrottleUnavailable(str(error)) from error

    def reset(self, subject):
        try:
            AttemptCount.objects.filter(key=self._key(subject)).delete()
        except DatabaseError as error:
            raise ThrottleUnavailable(str(error)) from error

    def seconds_left(self, subject):
        """Whole seconds until the current window ends (at least 1): what a Retry-After header says."""
        row = self._row(subject)
        until = row[1] if row else time.time() + self.window
        return max(1, math.ceil(until - time.time()))

    def minutes_left(self, subject):
        return max(1, math.ceil(self.seconds_left(subject) / 60))


# Failed sign-ins: a handful per account (guessing one password), more per address (a shared office).
SIGN_IN_PER_EMAIL = Throttle("sign-in-email", limit=5, window_seconds=15 * 60)
SIGN_IN_PER_ADDRESS = Throttle("sign-in-address", limit=20, window_seconds=15 * 60)
# Refused sign-ups (an address already taken, i.e. probing who has an account; passwords the rules refuse),
# never successful ones: a hospital's shared Wi-Fi or a job fair signs many people up from one address.
# Generous, as mass sign-ups are held by email verification (an unconfirmed account cannot apply).
FAILED_SIGN_UPS_PER_ADDRESS = Throttle("sign-up-address", limit=30, window_seconds=60 * 60)
RESETS_PER_ADDRESS = Throttle("reset-address", limit=5, window_seconds=60 * 60)
RESETS_PER_EMAIL = Throttle("reset-email", limit=3, window_seconds=60 * 60)


def client_address(request):
    """Who is asking, for the per-address limits.

    Behind a reverse proxy every request comes from the proxy, so one shared
    count would lock everybody out: with TRUSTED_PROXIES = n, the address the
    nearest of those n proxies saw is read from X-Forwarded-For (entries further
    left are whatever the client wrote, so never trusted). An IPv6 address counts
    as its /64, which one household or phone holds whole.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# Shown when the counts cannot be checked: the sign-in stays closed rather than open to unlimited guessing.
UNAVAILABLE_MESSAGE = (
    "We cannot check sign-in attempts right now, so signing in is paused for your safety. "
    "Please try again in a few minutes."
)


def clear_expired(now=None):
    """Delete the counts whose window has ended (`manage.py clear_expired_limits`, from cron); returns how many."""
    deleted, _ = AttemptCount.objects.filter(window_ends__lte=now or time.time()).delete()
    return deleted


def lockout_message(minutes):
    return (
        f"Too many attempts in a short time, so we have paused them for your safety. "
        f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
