"""Caching what every visitor of the public board sees alike: its filters and results, the feeds, the sitemap.

Keys carry the hour in UTC (postings leave the board at midnight in their own
zone, which is on the hour in UTC for every US zone) and the board's version: a token in the database (BoardVersion)
that signals replace whenever a posting, its requirements, a location, a care
setting or a level changes. Reading it is one primary-key query per request,
so an edit shows at once in every worker process, even with a per-process
cache. The timeout is only a safety net.

Nothing personal is ever cached here: what is cached is rendered without the
request (no user, CSRF token or CSP nonce), and each page's frame is rendered
per request around it; or, for a visitor with no session (postings.views.posting_detail), the whole page
with markers where the nonce and the CSRF token go, filled in per request.
"""

import datetime
import hashlib

from django.core.cache import cache
from django.utils import timezone

from .models import BoardVersion

TIMEOUT_SECONDS = 300

# Bytes per piece when a cached document is streamed out again.
STREAM_PIECE = 64 * 1024


def board_prefix(token=None):
    """The hour and the board's version (one query, unless `token` is the version already read): every key of this
    request's board documents starts with it."""
    if token is None:
        token = BoardVersion.current()
    return f"board:{timezone.now().astimezone(datetime.UTC):%Y-%m-%dT%H}:{token}"


def board_key(name, variant="", prefix=None):
    return f"{prefix or board_prefix()}:{name}:{hashlib.sha256(variant.encode()).hexdigest()}"


def cached(name, build, variant="", *, prefix=None, keep=None):
    """`build()`'s result, from the cache when the board has not changed since it was built.

    `variant` must be made of what the page was built from, never of raw request
    input: each distinct variant is a new entry. `keep(value)`, when given,
    says whether a freshly built value may be stored under this variant.
    """
    prefix = prefix or board_prefix()
    value = lookup(name, variant, prefix=prefix)
    if value is None:
        value = build()
        if keep is None or keep(value):
            store(name, value, variant, prefix=prefix)
    return value


def lookup(name, variant="", *, prefix=None):
    """What store() put under this name and variant while the board has not changed; None if nothing."""
    return cache.get(board_key(name, variant, prefix))


def store(name, value, variant="", *, prefix=None):
    cache.set(board_key(name, variant, prefix), value, TIMEOUT_SECONDS)


def streamed(name, generate, variant=""):
    """An iterator of bytes: the cached document, or `generate()`'s text pieces as they are made.

    A document built while streaming goes into the cache once its last piece
    is out, so the first reader gets its first bytes at once and the next
    ones get the whole document without building it. A download broken off
    half-way caches nothing.
    """
    key = board_key(name, variant)
    document = cache.get(key)
    if document is not None:
        return (document[start : start + STREAM_PIECE] for start in range(0, len(document), STREAM_PIECE))

    def build():
        pieces, waiting, size = [], [], 0
        for text in generate():
            piece = text.encode()
            pieces.append(piece)
            waiting.append(piece)
            size += len(piece)
            if size >= STREAM_PIECE:  # a few large writes, not one per posting
                yield b"".join(waiting)
                waiting, size = [], 0
        if waiting:
            yield b"".join(waiting)
        cache.set(key, b"".join(pieces), TIMEOUT_SECONDS)

    return build()
