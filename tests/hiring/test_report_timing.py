"""Time to fill, time to hire and time in stage, against the same figures computed from the raw rows."""

import datetime
import statistics

from django.urls import reverse
from django.utils import timezone

from applications.models import Application, StageChange
from tests.factories import PublishedPostingFactory
from tests.hiring.conftest import page_text
from tests.hiring.reports_data import make_history

Stage = Application.Stage


def _report(client, slug, **params):
    response = client.get(reverse("hiring:report", args=[slug]), params)
    assert response.status_code == 200
    return response


def _days(earlier, later):
    return (later - earlier).total_seconds() / 86400


def _p90(values):
    """percentile_cont(0.9): interpolated between the two nearest ranks."""
    ordered = sorted(values)
    position = 0.9 * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _close(figure, raw):
    return figure == round(raw, 1)


def _raw_hires(applications):
    """(application, hired at) of every application standing in hired, read row by row."""
    hires = []
    for application in Application.objects.filter(pk__in=[a.pk for a in applications], stage=Stage.HIRED):
        moves = [change.at for change in StageChange.objects.filter(application=application, to_stage=Stage.HIRED)]
        hires.append((application, max(moves)))
    return hires


def test_time_to_hire_and_to_fill_equal_the_raw_rows(client, recruiter, manager, posting, other_posting):
    other_posting.openings = 2
    other_posting.save()
    kept = make_history([posting, other_posting], manager, n=60)
    client.force_login(recruiter)

    response = _report(client, "time-to-fill")

    hires = _raw_hires(kept)
    hire_days = [_days(application.submitted_at, at) for application, at in hires]
    fill_days = []
    for one in (posting, other_posting):
        one.refresh_from_db()
        dates = sorted(at for application, at in hires if application.posting_id == one.pk)
        if len(dates) >= one.openings:
            fill_days.append(_days(one.published_at, dates[one.openings - 1]))
    assert len(hire_days) >= 3 and fill_days
    whole = response.context["report"].sections[0].table.rows[-1]
    assert whole[0] == "Whole period"
    assert whole[1] == len(fill_days) and whole[4] == len(hire_days)
    assert _close(whole[2], statistics.median(fill_days))
    assert _close(whole[5], statistics.median(hire_days))
    assert _close(whole[6], _p90(hire_days))
    months = response.context["report"].sections[0].table.rows[:-1]
    assert sum(row[4] for row in months) == len(hire_days)


def test_a_posting_with_two_openings_is_filled_by_its_second_hire(client, recruiter, manager):
    published = timezone.now() - datetime.timedelta(days=40)
    posting = PublishedPostingFactory(openings=2, published=published)
    kept = make_history([posting], manager, n=8, seed=1)
    hired = [application for application in kept if application.stage == Stage.HIRED]
    assert len(hired) == 1
    client.force_login(recruiter)

    whole = _report(client, "time-to-fill").context["report"].sections[0].table.rows[-1]

    assert whole[1] == 0  # one hire for two openings: not filled yet
    assert whole[4] == 1


def test_hires_before_the_period_are_left_out(client, recruiter, manager, posting):
    kept = make_history([posting], manager, n=30)
    hires = _raw_hires(kept)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=20)
    inside = [at for _, at in hires if timezone.localtime(at).date() >= start]
    client.force_login(recruiter)

    whole = _report(client, "time-to-fill", start=start.isoformat()).context["report"].sections[0].table.rows[-1]

    assert whole[4] == len(inside)


def _raw_stays(applications, start, until):
    """{stage: [days]} walking each application's history in order: a stay runs from one move to the next."""
    stays = {stage: [] for stage in Application.OPEN_STAGES}
    for application in Application.objects.filter(pk__in=[a.pk for a in applications]):
        entered = application.submitted_at
        for change in StageChange.objects.filter(application=application).order_by("at", "pk"):
            if change.from_stage in stays and start <= change.at < until:
                stays[change.from_stage].append(_days(entered, change.at))
            entered = change.at
    return stays


def test_time_in_stage_equals_the_raw_history(client, recruiter, manager, posting, other_posting):
    kept = make_history([posting, other_posting], manager, n=40)
    client.force_login(recruiter)

    response = _report(client, "time-in-stage")

    start, until = response.context["filters"].period
    stays = _raw_stays(kept, start, until)
    rows = {row[0]: row for row in response.context["report"].sections[0].table.rows}
    for stage, days in stays.items():
        row = rows[Stage(stage).label]
        assert row[1] == len(days)
        if days:
            assert _close(row[2], statistics.median(days))
            assert _close(row[3], _p90(days))


def test_the_stuck_list_holds_open_applications_waiting_longer_than_asked(client, recruiter, manager, posting):
    kept = make_history([posting], manager, n=30)
    now = timezone.now()
    waiting = [
        application
        for application in Application.objects.filter(pk__in=[a.pk for a in kept]).open()
        if application.stage_changed_at < now - datetime.timedelta(days=10)
    ]
    assert waiting
    client.force_login(recruiter)

    response = _report(client, "time-in-stage", stuck="10")

    listed = response.context["report"].sections[1].table.rows
    assert len(listed) == len(waiting)
    assert [row[0].url for row in listed] == [
        reverse("hiring:applicant", args=[a.pk]) for a in sorted(waiting, key=lambda a: (a.stage_changed_at, a.pk))
    ]
    assert response.context["report"].figures[1].value == len(waiting)
    assert "Waiting longer than (days)" in page_text(response)


def test_the_waiting_field_belongs_to_time_in_stage_only(client, recruiter):
    client.force_login(recruiter)

    assert "Waiting longer than (days)" not in page_text(_report(client, "funnel"))
    assert client.get(reverse("hiring:report", args=["time-in-stage"]), {"stuck": "0"}).status_code == 400
