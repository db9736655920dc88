"""The board's version: one row whose token every cached page of the public board is keyed by."""

import uuid

from django.db import connections, models, router, transaction
from django.utils import timezone


class BoardVersion(models.Model):
    """One row whose token changes whenever anything the public board, feeds or sitemap show changes.

    The token is part of their cache keys (postings/caching.py). It lives in
    the database rather than in the cache so that every worker process sees a
    change with its next request, even with a per-process cache.
    """

    token = models.CharField(max_length=32, help_text="Random; replaced on every change.")
    changed_at = models.DateTimeField(help_text="When the board last changed.")

    class Meta:
        verbose_name = "board version"

    def __str__(self):
        return f"Board version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def current(cls):
        """The token, in one primary-key query; "" when the row is missing (it is made on the next change).

        Plain SQL: every cached page view runs this, and building the query
        through the ORM would cost three times the query itself.
        """
        connection = connections[router.db_for_read(cls)]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT token FROM {connection.ops.quote_name(cls._meta.db_table)} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else ""

    @classmethod
    def bump(cls):
        """A new token once the caller's transaction commits, so every cached board page, feed and sitemap is
        rebuilt on its next request.

        After the commit, in a statement of its own, rather than inside the caller's transaction: there the
        update would hold the row's lock until the commit while the transaction went on to lock other rows, and
        two edits taking the two in opposite orders (a location's save: this row, then its postings; a posting's
        close: the posting, then this row) deadlock. A page built between the commit and the new token is built
        from the committed data and cached under the old token, which nothing reads once the token changes.
        """
        transaction.on_commit(cls._bump_now, using=router.db_for_write(cls))

    @classmethod
    def _bump_now(cls):
        values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        if not cls.objects.filter(pk=1).update(**values):
            cls.objects.get_or_create(pk=1, defaults=values)
