"""The README's cron jobs may run on every server: one run of a job at a time (accounts/single_run.py)."""

import importlib
import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.db import connection

from accounts.single_run import SingleRunCommand, advisory_lock

ROOT = Path(__file__).resolve().parent.parent
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")


def _readme_cron_jobs():
    readme = (ROOT / "README.md").read_text()
    crontab = readme.split("Scheduled jobs", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return re.findall(r"manage\.py (\w+)", crontab)


# Django's and django-tasks-db's housekeeping: each deletes rows past a date, so two runs at once are harmless.
HARMLESS_TWICE = {"clearsessions", "prune_db_task_results"}


def test_every_job_in_the_readmes_crontab_runs_once_at_a_time():
    jobs = _readme_cron_jobs()
    commands = get_commands()

    assert len(jobs) >= 9 and HARMLESS_TWICE <= set(jobs) <= set(commands)
    for job in set(jobs) - HARMLESS_TWICE:
        command = importlib.import_module(f"{commands[job]}.management.commands.{job}").Command
        assert issubclass(command, SingleRunCommand), f"{job} would run on every server at once"


@pytest.fixture
def held_job(monkeypatch):
    """clear_expired_limits, stopped in the middle of its work until the test lets it finish."""
    started, finish = threading.Event(), threading.Event()

    def slow_clear_expired():
        started.set()
        finish.wait(timeout=30)
        return 3

    monkeypatch.setattr("accounts.management.commands.clear_expired_limits.clear_expired", slow_clear_expired)
    return started, finish


def _run(name):
    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


@postgres_only
def test_a_second_run_while_the_first_works_is_skipped_and_the_next_one_runs(db, held_job):
    started, finish = held_job
    first = {}
    server_a = threading.Thread(target=lambda: first.update(output=_run("clear_expired_limits")))
    server_a.start()
    try:
        assert started.wait(timeout=30)

        second = _run("clear_expired_limits")
    finally:
        finish.set()
        server_a.join(timeout=30)

    assert second == "clear_expired_limits is already running on another server: this run skipped.\n"
    assert first["output"] == "3 expired attempt count(s) deleted.\n"
    # The lock went with the first run.
    assert _run("clear_expired_limits") == "3 expired attempt count(s) deleted.\n"


@postgres_only
def test_one_job_running_does_not_hold_back_another(db, held_job):
    with advisory_lock("send_due_emails") as acquired:
        assert acquired
        held_job[1].set()

        assert _run("clear_expired_limits") == "3 expired attempt count(s) deleted.\n"


@postgres_only
def test_a_job_started_by_another_servers_cron_is_skipped_while_this_one_runs(db):
    """The real entry point, in a process of its own, as a second server's crontab would start it."""
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    with advisory_lock("close_expired_postings") as acquired:
        assert acquired
        other_server = subprocess.run(
            [sys.executable, "manage.py", "close_expired_postings"],
            cwd=ROOT,
            env={**env, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert other_server.returncode == 0, other_server.stderr
    assert "close_expired_postings is already running on another server: this run skipped." in other_server.stdout


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's no-op lock")
def test_on_sqlite_one_machine_has_nothing_to_share_and_every_run_goes_ahead(db):
    with advisory_lock("send_due_emails") as first, advisory_lock("send_due_emails") as second:
        assert first and second
