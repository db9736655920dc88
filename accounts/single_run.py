"""Cron jobs that run on one server at a time, whatever the number of servers whose crontab starts them.

With several app servers each running the README's crontab, every job starts on each of them at the same minute.
`SingleRunCommand` takes a PostgreSQL advisory lock named after the command before its `handle` runs: the first
server to ask gets it and does the work; the others are told it is taken, say so and exit (status 0: for cron
nothing went wrong). The lock goes when the job ends, or when its process or connection dies, so a crashed run
never blocks the next one.

The lock is held by a transaction (`pg_try_advisory_xact_lock`) on a connection of its own, open for the job's
whole run: a transaction keeps its server connection behind PgBouncer in transaction mode, where a session-level
lock could be released by, or passed on to, whichever client gets that connection next. The job's own queries
use the usual connection and commit as they always have. On SQLite (one machine, development) there is nothing to
share and the lock is a no-op.

Here, below every app, so that each app's commands can use it.
"""

import contextlib
import hashlib

from django.core.management.base import BaseCommand, OutputWrapper
from django.db import connections


def lock_key(name):
    """A stable signed 64-bit key for `name`: advisory locks are numbered, and every server must agree."""
    return int.from_bytes(hashlib.sha256(f"ot-portal:cron:{name}".encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def advisory_lock(name, using="default"):
    """Yield True while this process holds the lock `name` across every server, False if another holds it."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield True
        return
    holder = type(connection)(dict(connection.settings_dict), alias=using)
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_key(name)])
            acquired = cursor.fetchone()[0]
        yield acquired
    finally:
        # Ending the transaction releases the lock; closing the connection would too.
        with contextlib.suppress(Exception):
            holder.rollback()
        holder.close()


class SingleRunCommand(BaseCommand):
    """A management command that cron may start on every server: only one runs at a time (see the module)."""

    def execute(self, *args, **options):
        name = self.__module__.rsplit(".", 1)[-1]
        with advisory_lock(name) as acquired:
            if not acquired:
                if options.get("stdout"):
                    self.stdout = OutputWrapper(options["stdout"])
                self.stdout.write(f"{name} is already running on another server: this run skipped.")
                return None
            return super().execute(*args, **options)
