"""Time to fill, time to hire, and time in stage with the applications stuck there.

All from the stage history, through the report rows kept from it (applications/report_rows.py): a hire is
an application standing in *hired*, dated by its (last) move there; a posting is filled when its hires reach
its openings, at the hire that did it (the openings-th, by date). A stay in a stage runs from the move into
it (or the submission, for *submitted*) to the move out of it.
"""

import collections
import datetime
import functools
import math
import operator

from django.db import connections
from django.db.models import Count, DateField, F, Q, Sum, Window
from django.db.models.functions import Extract, RowNumber, TruncMonth
from django.urls import reverse
from django.utils import dateformat, timezone

from applications.models import Application, ApplicationReportRow, StageStay, StayDay
from hiring.charts import BarChart, Series

from .base import (
    Column,
    Figure,
    Link,
    Percentile,
    Report,
    Section,
    Table,
    days_between,
    median,
    percentile_90,
    percentiles_in_database,
)

Stage = Application.Stage
STUCK_DAYS = 14  # open applications in one stage longer than this are listed, unless ?stuck= says otherwise
STUCK_LISTED = 50


def _hires(filters, *, until):
    """(posting id, openings, published at, submitted at, hired at) of every hire up to `until`, oldest first.

    From the report rows, which date each application standing in hired by its last move there.
    """
    return list(
        filters.of_postings(ApplicationReportRow.objects.filter(hired_at__lt=until))
        .order_by("hired_at", "pk")
        .values_list("posting_id", "posting__openings", "posting__published_at", "submitted_at", "hired_at")
    )


def _month(moment, zone=None):
    """The first day of the month `moment` falls in, in `zone` (asked once per report, not once per hire: the
    lookup costs more than the conversion)."""
    return moment.astimezone(zone or timezone.get_current_timezone()).date().replace(day=1)


# Over the hires numbered in each posting (`numbered`: the SELECT of _numbered_hires), those of the period by month
# and for the whole period (ROLLUP's row with no month): hires and their days, fills and theirs. A hire fills its
# posting when its number is the posting's openings; percentile_cont leaves out the NULL days of the others.
FIGURES_BY_MONTH = """
    SELECT month, COUNT(*), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY hire_days),
        PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY hire_days), COUNT(fill_days),
        PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY fill_days), PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY fill_days)
    FROM (
        SELECT numbered.month,
            EXTRACT(EPOCH FROM numbered.hired_at - numbered.submitted_at) / 86400.0 AS hire_days,
            CASE WHEN numbered.number = numbered.openings AND numbered.published_at IS NOT NULL
                THEN EXTRACT(EPOCH FROM numbered.hired_at - numbered.published_at) / 86400.0 END AS fill_days
        FROM ({numbered}) numbered
        WHERE numbered.hired_at >= %s
    ) hires
    GROUP BY ROLLUP (month)
"""


def _numbered_hires(filters, *, start, until):
    """The hires up to `until` of the postings with a hire in the period, each numbered in its posting by date
    (the number that reaches the openings fills it), with its month in the current time zone."""
    hires = filters.of_postings(ApplicationReportRow.objects.filter(hired_at__lt=until))
    return (
        hires.filter(posting__in=hires.filter(hired_at__gte=start).values("posting"))
        .order_by()
        .annotate(
            month=TruncMonth("hired_at", output_field=DateField()),
            number=Window(RowNumber(), partition_by=[F("posting")], order_by=[F("hired_at"), F("pk")]),
        )
        .values("month", "hired_at", "submitted_at", "posting__openings", "posting__published_at", "number")
    )


def _figures_in_database(filters):
    """{month (None: the whole period): (fills, median, p90, hires, median, p90)}, in one query of a row per month."""
    start, until = filters.period
    numbered = _numbered_hires(filters, start=start, until=until)
    sql, params = numbered.query.get_compiler(using=numbered.db).as_sql()
    # The inner SELECT's columns under the names the figures' query reads.
    columns = "month, hired_at, submitted_at, openings, published_at, number"
    statement = FIGURES_BY_MONTH.format(numbered=f"SELECT * FROM ({sql}) named ({columns})")
    figures = {}
    with connections[numbered.db].cursor() as cursor:
        cursor.execute(statement, (*params, start))
        for month, hires, hire_mid, hire_high, fills, fill_mid, fill_high in cursor.fetchall():
            key = month.date() if isinstance(month, datetime.datetime) else month
            figures[key] = (
                fills,
                _rounded(fill_mid),
                _rounded(fill_high),
                hires,
                _rounded(hire_mid),
                _rounded(hire_high),
            )
    return figures


def _rounded(days):
    return None if days is None else round(days, 1)


def _figures_in_python(filters):
    """The same as _figures_in_database, from every hire up to the end of the period read into Python."""
    start, until = filters.period
    hire_days, fill_days = collections.defaultdict(list), collections.defaultdict(list)
    hires_so_far = collections.Counter()
    zone = timezone.get_current_timezone()
    for posting_id, openings, published_at, submitted_at, hired_at in _hires(filters, until=until):
        hires_so_far[posting_id] += 1
        if hired_at < start:
            continue
        month = _month(hired_at, zone)
        hire_days[month].append(days_between(submitted_at, hired_at))
        # The hire that made hires reach openings fills the posting.
        if hires_so_far[posting_id] == openings and published_at:
            fill_days[month].append(days_between(published_at, hired_at))
    every_hire = [days for month in _months(start, until) for days in hire_days[month]]
    every_fill = [days for month in _months(start, until) for days in fill_days[month]]
    figures = {
        month: (
            len(fill_days[month]),
            median(fill_days[month]),
            percentile_90(fill_days[month]),
            len(hire_days[month]),
            median(hire_days[month]),
            percentile_90(hire_days[month]),
        )
        for month in hire_days
    }
    figures[None] = (
        len(every_fill),
        median(every_fill),
        percentile_90(every_fill),
        len(every_hire),
        median(every_hire),
        percentile_90(every_hire),
    )
    return figures


NO_HIRE = (0, None, None, 0, None, None)


def time_to_fill_and_hire(filters):
    """One query: on PostgreSQL the figures by month, computed where the hires are; elsewhere every hire up to the
    end of the period, from which both figures and the months come."""
    start, until = filters.period
    if percentiles_in_database(ApplicationReportRow.objects.all()):
        by_month = _figures_in_database(filters)
    else:
        by_month = _figures_in_python(filters)
    rows = [[f"{month:%b %Y}", *by_month.get(month, NO_HIRE)] for month in _months(start, until)]
    rows.append(["Whole period", *by_month.get(None, NO_HIRE)])
    table = Table(
        "Time to fill and time to hire by month",
        [
            Column("Month", numeric=False),
            Column("Postings filled"),
            Column("Time to fill, median", " days"),
            Column("Time to fill, 90th percentile", " days"),
            Column("Hires"),
            Column("Time to hire, median", " days"),
            Column("Time to hire, 90th percentile", " days"),
        ],
        rows,
        empty="No hire in this period.",
    )
    chart = BarChart(
        "Median days to fill and to hire, by month",
        [row[0] for row in rows[:-1]],
        [
            Series("Time to fill (publish to last opening filled)", [row[2] for row in rows[:-1]], " d"),
            Series("Time to hire (application to hire)", [row[5] for row in rows[:-1]], " d"),
        ],
        axis_title="Days (median)",
        chart_id="time-to-fill",
    )
    whole = rows[-1]
    figures = [
        Figure("Time to fill, median", whole[2], " days"),
        Figure("Time to fill, 90th percentile", whole[3], " days"),
        Figure("Time to hire, median", whole[5], " days"),
        Figure("Time to hire, 90th percentile", whole[6], " days"),
    ]
    note = (
        "Time to fill: from publishing to the hire that filled the last opening, for postings filled in the period. "
        "Time to hire: from the application to the hire, for hires made in the period."
    )
    return Report(sections=[Section(table, chart, note)], figures=figures)


def _months(start, until):
    """The first day of every month the period touches, oldest first."""
    month, last = _month(start), _month(until - datetime.timedelta(microseconds=1))
    months = []
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


# --- time in stage ------------------------------------------------------------------------------------

OPEN_STAGES = list(Application.OPEN_STAGES)


def _stays(filters):
    """The stays in an open stage that ended in the period (applications/report_rows.py's StageStay).

    A stay starts at the latest move into its stage before the move out (for *submitted*, at the submission).
    """
    start, until = filters.period
    return filters.of_postings(StageStay.objects.filter(left_at__gte=start, left_at__lt=until))


PERCENTILES = (0.5, 0.9)


def _stay_figures_from_tallies(filters):
    """{stage: (stays, median days, p90 days)} over every posting, in two queries whatever the number of stays.

    The day's tallies (StayDay: stays per stage and tenth of a day) say how many stays there are and which
    tally holds each rank a percentile needs; the stays of those tallies alone are then numbered in order of
    length to read the values at those ranks. The percentile is interpolated between the two ranks around it,
    as PostgreSQL's percentile_cont does, so the figures are those of sorting every stay.
    """
    start, end = filters.cleaned_data["start"], filters.cleaned_data["end"]
    tallies = collections.defaultdict(list)  # stage: [(tenth, stays)], shortest first
    for stage, tenth, n in (
        StayDay.objects.filter(day__gte=start, day__lte=end)
        .order_by("stage", "tenth")
        .values_list("stage", "tenth")
        .annotate(n=Sum("stays"))
        .values_list("stage", "tenth", "n")
    ):
        if n:
            tallies[stage].append((tenth, n))
    wanted = {}  # (stage, rank) -> (tenth, position in that tally, from 1)
    for stage, counts in tallies.items():
        total = sum(n for _, n in counts)
        ranks = {bound(fraction * (total - 1)) for fraction in PERCENTILES for bound in (math.floor, math.ceil)}
        before = 0
        for tenth, n in counts:
            for rank in ranks:
                if before <= rank < before + n:
                    wanted[stage, rank] = (tenth, rank - before + 1)
            before += n
    # "stage = ''" matches no stay: the query runs even with no stay to read, so the count of queries holds.
    which = functools.reduce(
        operator.or_, (Q(stage=stage, tenth=tenth) for (stage, _), (tenth, _) in wanted.items()), Q(stage="")
    )
    values = {
        (stage, tenth, position): days
        for stage, tenth, position, days in StageStay.objects.filter(which, day__gte=start, day__lte=end)
        .annotate(position=Window(RowNumber(), partition_by=[F("stage"), F("tenth")], order_by=[F("days"), F("pk")]))
        .filter(position__in={position for _, position in wanted.values()})
        .values_list("stage", "tenth", "position", "days")
    }
    figures = {}
    for stage, counts in tallies.items():
        total = sum(n for _, n in counts)
        percentiles = []
        for fraction in PERCENTILES:
            position = fraction * (total - 1)
            low, high = (values[(stage, *wanted[stage, bound(position)])] for bound in (math.floor, math.ceil))
            percentiles.append(round(low + (high - low) * (position - math.floor(position)), 1))
        figures[stage] = (total, *percentiles)
    return figures


def _stay_figures(filters):
    """{stage: (stays, median days, p90 days)}: from the day's tallies over every posting; over the postings the
    filters keep, grouped in the database on PostgreSQL, from the rows elsewhere."""
    if not filters.narrows_postings() and timezone.get_current_timezone() == timezone.get_default_timezone():
        return _stay_figures_from_tallies(filters)
    stays = _stays(filters)
    if percentiles_in_database(stays):
        days = Extract(F("left_at") - F("entered_at"), "epoch") / 86400.0
        grouped = (
            stays.order_by()
            .values_list("stage")
            .annotate(n=Count("pk"), mid=Percentile(days, 0.5), high=Percentile(days, 0.9))
            .values_list("stage", "n", "mid", "high")
        )
        return {stage: (n, round(mid, 1), round(high, 1)) for stage, n, mid, high in grouped}
    days = collections.defaultdict(list)
    for stage, entered, left in stays.values_list("stage", "entered_at", "left_at"):
        days[stage].append(days_between(entered, left))
    return {stage: (len(values), median(values), percentile_90(values)) for stage, values in days.items()}


def time_in_stage(filters):
    """Three queries (four over every posting): the stays' figures, the number of applications stuck, and the first
    of them."""
    figures_by_stage = _stay_figures(filters)
    rows = [[Stage(stage).label, *figures_by_stage.get(stage, (0, None, None))] for stage in OPEN_STAGES]
    table = Table(
        "Days spent in each stage",
        [
            Column("Stage", numeric=False),
            Column("Moves out of it in the period"),
            Column("Median", " days"),
            Column("90th percentile", " days"),
        ],
        rows,
    )
    chart = BarChart(
        "Median days spent in each stage",
        [row[0] for row in rows],
        [Series("Median days", [row[2] for row in rows], " d")],
        axis_title="Days (median)",
        chart_id="time-in-stage",
    )
    limit = filters.cleaned_data.get("stuck") or STUCK_DAYS
    stuck = filters.of_postings(
        Application.objects.open().filter(stage_changed_at__lt=timezone.now() - datetime.timedelta(days=limit))
    )
    count = stuck.count()
    listed = stuck.select_related("candidate", "posting").order_by("stage_changed_at", "pk")[:STUCK_LISTED]
    now = timezone.now()
    stuck_rows = [
        [
            Link(application.candidate.get_full_name(), reverse("hiring:applicant", args=[application.pk])),
            application.posting.display_title,
            application.posting.reference,
            application.get_stage_display(),
            dateformat.format(timezone.localtime(application.stage_changed_at), "M j, Y"),
            int(days_between(application.stage_changed_at, now)),
        ]
        for application in listed
    ]
    more = f" The {STUCK_LISTED} longest waiting are listed." if count > STUCK_LISTED else ""
    stuck_table = Table(
        f"Open applications in one stage for more than {limit} days",
        [
            Column("Applicant", numeric=False),
            Column("Posting", numeric=False),
            Column("Reference", numeric=False),
            Column("Stage", numeric=False),
            Column("In it since", numeric=False),
            Column("Days in the stage"),
        ],
        stuck_rows,
        empty=f"No open application has waited more than {limit} days in one stage.",
    )
    stuck_note = f"{count} application{'s' if count != 1 else ''} waiting, today, whatever the period.{more}"
    figures = [
        Figure("Moves out of a stage in the period", sum(row[1] for row in rows)),
        Figure(f"Waiting more than {limit} days", count),
    ]
    return Report(
        sections=[
            Section(table, chart, "A stay counts in the period in which it ended: the move out of the stage."),
            Section(stuck_table, note=stuck_note),
        ],
        figures=figures,
    )
