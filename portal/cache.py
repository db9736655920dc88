"""The shared cache (CACHE_URL=redis://...), which must never take the site down with it.

What the site keeps in the cache can be rebuilt or done without: a board page
is built again, a sign-in limit counts from zero. So while Redis is out of
reach, a read is a miss and a write is skipped, each logged, and every page
keeps answering; Django's own Redis backend would answer 500 instead.

A Redis that accepts connections but never answers is worse than one that is
down: every call waits for its timeout. So a failure opens a circuit breaker:
for BREAKER_SECONDS this process does not call Redis at all (every read a
miss, every write skipped), then tries again. A hung Redis costs one timeout
every few seconds per process, not one per call.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds to wait for Redis: a cache slower than this costs more than it saves.
TIMEOUT_SECONDS = 0.5
# Seconds Redis is left alone after a failure, before one call tries it again.
BREAKER_SECONDS = 5.0

# Until when (time.monotonic()) each Redis location is skipped; shared by the threads of a process, since
# Django gives each thread a cache object of its own.
_skip_until = {}
_breaker_lock = threading.Lock()


def _when_down(fallback):
    """Run the cache operation; if Redis fails, log it and return `fallback(*args, **kwargs)` instead.

    While the breaker is open the operation is not tried at all.
    """

    def decorate(operation):
        @functools.wraps(operation)
        def guarded(self, *args, **kwargs):
            location = self._location_key
            if time.monotonic() < _skip_until.get(location, 0.0):
                return fallback(*args, **kwargs)
            try:
                return operation(self, *args, **kwargs)
            except RedisError as error:
                with _breaker_lock:
                    _skip_until[location] = time.monotonic() + BREAKER_SECONDS
                logger.warning(
                    "Cache unavailable (%s): %s skipped; not tried again for %s s",
                    type(error).__name__,
                    operation.__name__,
                    BREAKER_SECONDS,
                )
                return fallback(*args, **kwargs)

        return guarded

    return decorate


def _missing_key(key, *args, **kwargs):
    # What incr() says of a key it does not hold: the throttle then opens a new window.
    raise ValueError(f"Key {key!r} not found.")


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, with short timeouts, that treats an unreachable Redis as an empty cache."""

    def __init__(self, server, params):
        options = {"socket_connect_timeout": TIMEOUT_SECONDS, "socket_timeout": TIMEOUT_SECONDS}
        super().__init__(server, {**params, "OPTIONS": {**options, **params.get("OPTIONS", {})}})
        self._location_key = server if isinstance(server, str) else ",".join(server)

    @_when_down(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_when_down(lambda keys, version=None: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_when_down(lambda *args, **kwargs: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_when_down(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_when_down(lambda *args, **kwargs: [])
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_when_down(_missing_key)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_when_down(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_when_down(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_when_down(lambda *args, **kwargs: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)
