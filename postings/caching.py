"""Caching what every visitor of the public board sees alike: the board, the feeds, the sitemap.

Keys carry the day (postings expire at midnight) and the moment any posting
last changed, read with one indexed query, so an edit shows at once in every
worker even with a per-process cache. The timeout is only a safety net.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone

from .models import JobPosting

TIMEOUT_SECONDS = 300


def board_key(name, variant=""):
    version = JobPosting.objects.board_version()
    return "{}:{}:{}:{}".format(
        name,
        timezone.localdate().isoformat(),
        version.timestamp() if version else 0,
        hashlib.sha256(variant.encode()).hexdigest(),
    )


def cached(name, build, variant=""):
    """`build()`'s result, from the cache when the board has not changed since it was built."""
    key = board_key(name, variant)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
