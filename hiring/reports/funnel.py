"""Funnel and pass-through: how many of the period's applicants reached each stage, and the share moving on.

An applicant *reached* a stage when its history holds a move into that stage or a later one of the
pipeline's forward stages, or it stands in one now: someone moved straight from submitted to interview
reached screening too, and an application rejected at interview, or re-opened and moved again, counts once
at every stage it got to. Withdrawn and rejected applications count for the stages they reached; deleted ones
(account deletion, retention) are gone with their history.
"""

from django.db.models import Count, Exists, OuterRef, Q

from applications.models import Application, StageChange
from hiring.charts import BarChart, Series

from .base import Column, Figure, Report, Section, Table, share

Stage = Application.Stage
FORWARD = [Stage.SUBMITTED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]


def reached(stage):
    """The condition under which an application reached `stage` (a forward stage) or went beyond it."""
    onward = FORWARD[FORWARD.index(stage) :]
    if stage == Stage.SUBMITTED:
        return Q(pk__isnull=False)
    moved = StageChange.objects.filter(application=OuterRef("pk"), to_stage__in=onward)
    return Q(stage__in=onward) | Q(Exists(moved))


def applied_in(filters):
    """The filtered postings' applications submitted in the period: the cohort most reports follow."""
    start, until = filters.period
    return Application.objects.of_postings(filters.postings()).filter(submitted_at__gte=start, submitted_at__lt=until)


def stage_reach(applications):
    """{forward stage: applications that reached it}, in one query."""
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
