"""Funnel and pass-through: how many of the period's applicants reached each stage, and the share moving on.

An applicant *reached* a stage when its history holds a move into that stage or a later one of the
pipeline's forward stages, or it stands in one now: someone moved straight from submitted to interview
reached screening too, and an application rejected at interview, or re-opened and moved again, counts once
at every stage it got to. Withdrawn and rejected applications count for the stages they reached; deleted ones
(account deletion, retention) are gone with their history.

Read from the applications' report rows (applications/report_rows.py), which keep the furthest forward stage
each application reached, so the whole funnel is one count over an index whatever the period.
"""

from django.db.models import Count, Q

from applications.models import Application, ApplicationReportRow
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


def stage_reach(applications):
    """{forward stage: applications that reached it}, in one query over report rows."""
    counts = applications.aggregate(
        **{stage.value: Count("pk", filter=reached(stage)) for stage in FORWARD},
    )
    return {stage: counts[stage.value] for stage in FORWARD}


def funnel(filters):
    counts = stage_reach(applied_in(filters))
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
