"""The recruiting reports' rows (applications/report_rows.py): written by every change in its own transaction,
and exactly what `manage.py rebuild_report_rows` computes again from the applications and their history."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from applications import services
from applications.models import Application, ApplicationDay, ApplicationReportRow, StageChange, StageStay, StayDay
from hiring import interviews
from hiring.interview_models import Interview
from tests.applications.test_apply_emails import submission_for
from tests.factories import CandidateFactory

Stage = Application.Stage


def _rows():
    """Every report row and stay, as plain values."""
    rows = ApplicationReportRow.objects.order_by("pk").values_list(
        "application_id",
        "posting_id",
        "submitted_at",
        "source",
        "utm_source",
        "stage",
        "furthest",
        "hired_at",
        "interviews",
    )
    stays = StageStay.objects.order_by("pk").values_list(
        "change_id", "posting_id", "stage", "entered_at", "left_at", "day", "tenth"
    )
    assert not ApplicationDay.objects.filter(applications__lt=0).exists()
    # A day's tally that went down to nothing is left at 0; a rebuild writes none.
    days = ApplicationDay.objects.exclude(applications=0).order_by("day", "source", "utm_source", "furthest", "hired")
    assert not StayDay.objects.filter(stays__lt=0).exists()
    stay_days = StayDay.objects.exclude(stays=0).order_by("day", "stage", "tenth")
    return (
        list(rows),
        list(stays),
        list(days.values_list("day", "source", "utm_source", "furthest", "hired", "applications", "interviews")),
        list(stay_days.values_list("day", "stage", "tenth", "stays")),
    )


def _rebuilt():
    call_command("rebuild_report_rows", stdout=(out := io.StringIO()))
    assert "application rows" in out.getvalue()
    return _rows()


def _apply(posting, candidate, **overrides):
    return services.submit_application(
        posting=posting, candidate=candidate, **submission_for(posting, candidate, **overrides)
    )


def test_the_rows_the_changes_write_are_what_a_rebuild_computes(posting, other_posting, manager):
    people = [CandidateFactory() for _ in range(6)]
    hired, rejected, reopened, withdrawn, back, deleted = (_apply(posting, person) for person in people)
    elsewhere = _apply(other_posting, people[0])
    for stage in (Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED):
        hired.move_to(stage, by=manager)
    rejected.move_to(Stage.INTERVIEW, by=manager)
    rejected.move_to(Stage.REJECTED, by=manager, reason="Not a fit")
    reopened.move_to(Stage.SCREENING, by=manager)
    reopened.undo_move(reopened.move_to(Stage.REJECTED, by=manager), by=manager, reason="Undone")
    reopened.move_to(Stage.INTERVIEW, by=manager)
    withdrawn.withdraw(by=withdrawn.candidate)
    back.withdraw(by=back.candidate)
    back = _apply(posting, back.candidate, source=Application.Source.REFERRAL)
    deleted.move_to(Stage.SCREENING, by=manager)
    deleted.delete()

    incremental = _rows()

    assert incremental == _rebuilt()
    rows = {row[0]: row for row in incremental[0]}
    assert set(rows) == {hired.pk, rejected.pk, reopened.pk, withdrawn.pk, back.pk, elsewhere.pk}
    assert rows[hired.pk][6] == 4 and rows[hired.pk][7] == hired.history.get(to_stage=Stage.HIRED).at
    assert rows[rejected.pk][5:] == (Stage.REJECTED, 2, None, 0)
    assert rows[reopened.pk][5:7] == (Stage.INTERVIEW, 2)
    assert rows[withdrawn.pk][5:7] == (Stage.WITHDRAWN, 0)
    assert rows[back.pk][3:7] == (Application.Source.REFERRAL, "", Stage.SUBMITTED, 0)
    assert rows[elsewhere.pk][1] == other_posting.pk
    # The day's tallies: every application kept, counted once, hired or not.
    assert sum(day[5] for day in incremental[2]) == 6
    assert sum(day[5] for day in incremental[2] if day[4]) == 1
    # A stay per move out of an open stage, from the move into it (or the submission): none of the deleted one.
    moves = StageChange.objects.filter(from_stage__in=Application.OPEN_STAGES)
    assert sorted(stay[0] for stay in incremental[1]) == sorted(moves.values_list("pk", flat=True))
    first = hired.history.order_by("at", "pk")
    stays = {stay[0]: stay for stay in incremental[1]}
    assert stays[first[0].pk][2:5] == (Stage.SUBMITTED, hired.submitted_at, first[0].at)
    assert stays[first[1].pk][2:5] == (Stage.SCREENING, first[0].at, first[1].at)
    # Each stay counted once in its day's tally, the deleted application's gone with it.
    assert sum(day[-1] for day in incremental[3]) == len(incremental[1])
    assert {day[1] for day in incremental[3]} <= set(Application.OPEN_STAGES)


def test_a_rebuild_puts_right_a_history_repaired_by_hand(application, manager):
    change = application.move_to(Stage.SCREENING, by=manager)
    earlier = change.at - datetime.timedelta(days=3)
    StageChange.objects.filter(pk=change.pk).update(at=earlier)  # written straight into the table
    StageChange.objects.create(application=application, from_stage=Stage.SCREENING, to_stage=Stage.OFFER, by=manager)
    Application.objects.filter(pk=application.pk).update(stage=Stage.OFFER, stage_changed_at=timezone.now())
    stale = _rows()

    rebuilt = _rebuilt()

    assert rebuilt != stale
    ((row,), stays, _, _) = rebuilt
    assert row[5:7] == (Stage.OFFER, 3)
    assert [stay[4] for stay in stays][0] == earlier
    # and the next change keeps it so
    application.refresh_from_db()
    application.move_to(Stage.HIRED, by=manager)
    assert _rows() == _rebuilt()


def test_booking_cancelling_and_deleting_interviews_recount_the_applicants_rows(posting, manager):
    first, second = (_apply(posting, CandidateFactory()) for _ in range(2))
    for application in (first, second):
        application.move_to(Stage.INTERVIEW, by=manager)
    start = timezone.now() + datetime.timedelta(days=3)
    booked = [
        Interview.objects.create(
            application=application,
            status=Interview.Status.SCHEDULED,
            starts_at=start,
            ends_at=start,
            created_by=manager,
        )
        for application in (first, first, first, second)
    ]
    interviews.cancel(booked[0], by=manager, reason="The candidate found another post")
    booked[3].delete()

    incremental = _rows()

    assert incremental == _rebuilt()
    assert dict(ApplicationReportRow.objects.values_list("pk", "interviews")) == {first.pk: 2, second.pk: 0}
    assert sum(ApplicationDay.objects.values_list("interviews", flat=True)) == 2
