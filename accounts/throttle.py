"""Limits on guessing: sign-in, sign-up and password reset attempts, per account and per address.

Counts live in Django's cache in fixed windows: the first attempt opens a
window (`cache.add`), later ones count within it (`cache.incr`), both atomic
on the local-memory, Redis and Memcached backends, so simultaneous attempts
are all counted. Locked-out people are told why and for how long, in words
that do not say whether an account exists.

The cache is per process by default: with several gunicorn workers each
counts on its own, so a shared cache (CACHE_URL=redis://...) makes the limits exact.
"""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache


class Throttle:
    def __init__(self, name, limit, window_seconds):
        self.name, self.limit, self.window = name, limit, window_seconds

    def _key(self, subject):
        # Hashed: emails and addresses never appear in cache keys, and any text makes a valid key.
        digest = hashlib.sha256(str(subject).strip().lower().encode()).hexdigest()
        return f"throttle:{self.name}:{digest}"

    def count(self, subject):
        return cache.get(self._key(subject), 0)

    def blocked(self, subject):
        return self.count(subject) >= self.limit

    def hit(self, subject):
        """Count one attempt; returns the count in the current window."""
        key = self._key(subject)
        if cache.add(key, 1, self.window):
            # When the window ends, for "try again in N minutes".
            cache.set(f"{key}:until", time.time() + self.window, self.window)
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.add(key, 1, self.window)
            cache.set(f"{key}:until", time.time() + self.window, self.window)
            return 1

    def reset(self, subject):
        key = self._key(subject)
        cache.delete_many([key, f"{key}:until"])

    def seconds_left(self, subject):
        """Whole seconds until the current window ends (at least 1): what a Retry-After header says."""
        until = cache.get(f"{self._key(subject)}:until") or time.time() + self.window
        return max(1, math.ceil(until - time.time()))

    def minutes_left(self, subject):
        return max(1, math.ceil(self.seconds_left(subject) / 60))


# Failed sign-ins: a handful per account (guessing one password), more per address (a shared office).
SIGN_IN_PER_EMAIL = Throttle("sign-in-email", limit=5, window_seconds=15 * 60)
SIGN_IN_PER_ADDRESS = Throttle("sign-in-address", limit=20, window_seconds=15 * 60)
# Accounts created, and sign-ups refused because the address is taken (probing who has an account).
SIGN_UPS_PER_ADDRESS = Throttle("sign-up-address", limit=5, window_seconds=60 * 60)
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


def lockout_message(minutes):
    return (
        f"Too many attempts in a short time, so we have paused them for your safety. "
        f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
