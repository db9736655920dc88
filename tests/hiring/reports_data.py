"""Generated hiring history for the report tests, and the raw counts the reports must equal.

The history is made through the real moves (`Application.move_to`, `withdraw`), then re-timed into the past;
a few applications are re-opened (a rejection undone by a move written straight into the history, as an
admin's repair would, its report rows then recomputed as `rebuild_report_rows` would), a few skip a stage,
and a few are deleted afterwards with their history. The raw counts below read the rows one by one in
Python: a second, independent way to the same numbers.
"""

import datetime
import random

from django.utils import timezone

from applications.models import Application, StageChange, refresh_report_rows
from postings.models import JobPosting
from tests.factories import ApplicationFactory

Stage = Application.Stage
FORWARD = [Stage.SUBMITTED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]
PATHS = [
    [],
    [Stage.SCREENING],
    [Stage.SCREENING, Stage.REJECTED],
    [Stage.REJECTED],
    [Stage.SCREENING, Stage.INTERVIEW],
    [Stage.SCREENING, Stage.INTERVIEW, Stage.REJECTED],
    [Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER],
    [Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED],
    [Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.REJECTED],
    [Stage.WITHDRAWN],
    [Stage.SCREENING, Stage.INTERVIEW, Stage.WITHDRAWN],
    "reopened",
    "skipped",
]


def make_history(postings, reviewer, n=40, seed=19, now=None, **factory_kwargs):
    """`n` applications spread over `postings` and the last 80 days; returns those kept (not deleted)."""
    rng = random.Random(seed)
    now = now or timezone.now()
    # Published before the first application of the history, as a real posting is.
    JobPosting.objects.filter(
        pk__in=[p.pk for p in postings], published_at__gt=now - datetime.timedelta(days=81)
    ).update(published_at=now - datetime.timedelta(days=81))
    kept = []
    for number in range(n):
        posting = postings[number % len(postings)]
        application = ApplicationFactory(
            posting=posting, source=rng.choice(Application.Source.values), **factory_kwargs
        )
        path = PATHS[number % len(PATHS)] if number < len(PATHS) else rng.choice(PATHS)
        if path == "reopened":
            application.move_to(Stage.SCREENING, by=reviewer)
            application.move_to(Stage.REJECTED, by=reviewer, reason="Not a fit")
            _write_move(application, Stage.REJECTED, Stage.SCREENING, reviewer)
            application.move_to(Stage.INTERVIEW, by=reviewer)
        elif path == "skipped":  # straight to interview, as a clear fit may go
            _write_move(application, Stage.SUBMITTED, Stage.INTERVIEW, reviewer)
        else:
            for stage in path:
                if stage == Stage.WITHDRAWN:
                    application.withdraw(by=application.candidate)
                else:
                    application.move_to(stage, by=reviewer, reason="Not a fit" if stage == Stage.REJECTED else "")
        _retime(application, rng, now)
        if number % 9 == 8:
            application.delete()  # an account deleted, or retention: the history goes with it
        else:
            kept.append(application)
    return kept


def _write_move(application, from_stage, to_stage, by):
    StageChange.objects.create(application=application, from_stage=from_stage, to_stage=to_stage, by=by)
    Application.objects.filter(pk=application.pk).update(stage=to_stage)


def _retime(application, rng, now):
    submitted = now - datetime.timedelta(days=rng.randrange(20, 80), hours=rng.randrange(24))
    moment = submitted
    for change in application.history.order_by("pk"):
        moment = min(moment + datetime.timedelta(hours=rng.randrange(6, 24 * 8)), now)
        StageChange.objects.filter(pk=change.pk).update(at=moment)
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted, stage_changed_at=moment)
    # Written straight into the tables, as a repair would be: the reports' rows recomputed as after one.
    refresh_report_rows([application.pk])


# --- the raw counts ---------------------------------------------------------------------------------


def furthest(application):
    """The index in FORWARD of the furthest forward stage an application got to, read from every row."""
    stages = {change.to_stage for change in StageChange.objects.filter(application=application)} | {application.stage}
    return max(FORWARD.index(stage) for stage in stages if stage in FORWARD) if stages & set(FORWARD) else 0


def raw_reach(applications):
    counts = dict.fromkeys(FORWARD, 0)
    for application in applications:
        for stage in FORWARD[: furthest(application) + 1]:
            counts[stage] += 1
    return counts
