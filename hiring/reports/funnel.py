"""Funnel and pass-through: how many of the period's applicants reached each stage, and the share moving on.

An applicant *reached* a stage when its history holds a move into that stage or a later one of the
pipeline's forward stages, or it stands in one now: someone moved straight from submitted to interview
reached screening too, and an application rejected at interview, or re-opened and moved again, counts once
at every stage it got to. Withdrawn and rejected applications count for the stages they reached; deleted ones
(account deletion, retention) are gone with their history.

Read from the applications' report rows (applications/report_rows.py), which keep the furthest forward stage
each application reached, and over every posting from their daily tallies (ApplicationDay): one query whatever
the period.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.models import Application, ApplicationDay, ApplicationReportRow
from hiring.charts import BarChart, Series

from .base import Column, Figure, Report, Section, Table, share

Stage = Application.Stage
FORWARD = [Stage.SUBMITTED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]


def reached(stage):
    """The condition under which a report row's application reached `stage` (a forward stage) or went beyond it."""
    return Q(furthest__gte=FORWARD.index(stage))


def applied_in(filters):
    """The report rows of the filtered postings' applications submitted in the period: the cohort most reports
    follow."""
    start, until = filters.period
    return filters.of_postings(ApplicationReportRow.objects.all()).filter(
        submitted_at__gte=start, submitted_at__lt=until
    )


def applied_in_by_day(filters):
    """Over every posting, the daily tallies of the period's applicants (ApplicationDay, a few hundred rows
    where the report rows are half a million); None when the filters narrow the postings, or the days of the
    tallies (the site's time zone) are not the period's."""
    if filters.narrows_postings() or timezone.get_current_timezone() != timezone.get_default_timezone():
        return None
    return ApplicationDay.objects.filter(day__gte=filters.cleaned_data["start"], day__lte=filters.cleaned_data["end"])


def stage_reach(filters):
    """{forward stage: applications that reached it}, in one query: over the day's tallies or the report rows."""
    days = applied_in_by_day(filters)
    if days is not None:
        counts = days.aggregate(
            **{stage.value: Coalesce(Sum("applications", filter=reached(stage)), 0) for stage in FORWARD},
        )
    else:
        counts = applied_in(filters).aggregate(
            **{stage.value: Count("pk", filter=reached(stage)) for stage in FORWARD},
        )
    return {stage: counts[stage.value] for stage in FORWARD}


def funnel(filters):
    counts = stage_reach(filters)
    applicants = counts[Stage.SUBMITTED]
    rows = []
    for index, stage in enumerate(FORWARD):
        following = FORWARD[index + 1] if index + 1 < len(FORWARD) else None
        rows.append(
            [
                stage.label,
                counts[stage],
                share(counts[stage], applicants),
                share(counts[following], counts[stage]) if following else None,
            ]
        )
    table = Table(
        "Applicants reaching each stage",
        [
            Column("Stage", numeric=False),
            Column("Applicants"),
            Column("Share of applicants", "%"),
            Column("Passed to the next stage", "%"),
        ],
        rows,
    )
    chart = BarChart(
        "Applicants reaching each stage",
        [stage.label for stage in FORWARD],
        [Series("Applicants", [counts[stage] for stage in FORWARD])],
        axis_title="Applicants",
        chart_id="funnel",
    )
    hires = counts[Stage.HIRED]
    figures = [
        Figure("Applicants in the period", applicants),
        Figure("Hired so far", hires),
        Figure("Applicants hired", share(hires, applicants), "%"),
    ]
    return Report(sections=[Section(table, chart)], figures=figures)
