"""Limits on guessing: sign-in, sign-up and password reset attempts, per account and per address.

Counts live in Django's cache with a fixed window. Locked-out people are told
why and for how long, in words that do not say whether an account exists.
"""

import hashlib
import math
import time

from django.core.cache import cache


class Throttle:
    def __init__(self, name, limit, window_seconds):
        self.name, self.limit, self.window = name, limit, window_seconds

    def _key(self, subject):
        digest = hashlib.sha256(str(subject).strip().lower().encode()).hexdigest()
        return f"throttle:{self.name}:{digest}"

    def blocked(self, subject):
        return (cache.get(self._key(subject)) or (0, 0))[0] >= self.limit

    def hit(self, subject):
        key = self._key(subject)
        count, started = cache.get(key) or (0, time.time())
        remaining = max(1, int(started + self.window - time.time()))
        cache.set(key, (count + 1, started), remaining)

    def reset(self, subject):
        cache.delete(self._key(subject))

    def minutes_left(self, subject):
        _, started = cache.get(self._key(subject)) or (0, time.time())
        return max(1, math.ceil((started + self.window - time.time()) / 60))


# Failed sign-ins: a handful per account (guessing one password), more per address (a shared office).
SIGN_IN_PER_EMAIL = Throttle("sign-in-email", limit=5, window_seconds=15 * 60)
SIGN_IN_PER_ADDRESS = Throttle("sign-in-address", limit=20, window_seconds=15 * 60)
SIGN_UPS_PER_ADDRESS = Throttle("sign-up-address", limit=10, window_seconds=60 * 60)
RESETS_PER_ADDRESS = Throttle("reset-address", limit=5, window_seconds=60 * 60)
RESETS_PER_EMAIL = Throttle("reset-email", limit=3, window_seconds=60 * 60)


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def lockout_message(minutes):
    return (
        f"Too many attempts from here in a short time, so we have paused them for your safety. "
        f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
