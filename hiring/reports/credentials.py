"""Credential readiness: the share of the period's applicants meeting each required check, by state and level.

Read from the outcome screening stored for each required item that is checked against the profile (an
`Answer` with its `outcome`: met, not met, not known; applications/screening.py), as the profile stood on the
day they applied: a licence for the posting's state, NBCOT, CPR/BLS, degree, years of experience, a specialty.
An applicant counts for a check only when their posting asks it. Where the share meeting the licence check is
low, the candidate supply lacks licences for that state.
"""

from django.db.models import Count, Q

from applications.models import Answer, Outcome
from hiring.charts import BarChart, Series
from roles.models import Requirement

from .base import Column, Figure, Report, Section, Table, share
from .funnel import applied_in

CHECK_LABELS = {
    Requirement.Check.LICENSE: "Licence for the state",
    Requirement.Check.NBCOT: "NBCOT active",
    Requirement.Check.NBCOT_AND_LICENSE: "NBCOT and licence",
    Requirement.Check.CPR_BLS: "CPR/BLS current",
    Requirement.Check.MASTERS: "Master's or doctorate",
    Requirement.Check.DOCTORATE: "Doctorate (OTD)",
    Requirement.Check.EXPERIENCE: "Experience",
    Requirement.Check.SPECIALTY: "Specialty",
}


def _answers(filters):
    """The required answers of the period's applicants (the cohort of funnel.applied_in: submitted in the period).

    A hiring manager's: matched against the report rows of their few postings. A recruiter's: joined to their
    applications instead, as the planner otherwise checks every report row of the period against the postings a
    state keeps (one state at the bench's size: 260 ms, joined 80; a manager's, joined, 115 rather than 40).
    """
    answers = Answer.objects.filter(requirement__importance=Requirement.Importance.REQUIRED)
    if not filters.user.sees_every_posting:
        return answers.filter(application__in=applied_in(filters).values("pk"))
    start, until = filters.period
    answers = answers.filter(application__submitted_at__gte=start, application__submitted_at__lt=until)
    return filters.of_postings(answers, "application__posting")


def _grouped(filters):
    """One query: (state, level, check, answers, met, not known) for every combination present."""
    return list(
        _answers(filters)
        .exclude(requirement__check_kind="")
        .order_by()
        .values_list(
            "application__posting__location__state",
            "application__posting__level__short_title",
            "requirement__check_kind",
        )
        .annotate(
            n=Count("pk"),
            met=Count("pk", filter=Q(outcome=Outcome.MET)),
            unknown=Count("pk", filter=Q(outcome=Outcome.NOT_KNOWN)),
        )
        .values_list(
            "application__posting__location__state",
            "application__posting__level__short_title",
            "requirement__check_kind",
            "n",
            "met",
            "unknown",
        )
    )


def _sum(groups, key):
    """{key(row): [answers, met, not known]}"""
    totals = {}
    for row in groups:
        counts = totals.setdefault(key(row), [0, 0, 0])
        for position, value in enumerate(row[3:]):
            counts[position] += value
    return totals


def _by(groups, index, checks, title, first_column):
    totals = _sum(groups, lambda row: (row[index] or "—", row[2]))
    names = sorted({name for name, _ in totals})
    rows = [
        [
            name,
            *(
                share(totals[name, check][1], totals[name, check][0]) if (name, check) in totals else None
                for check in checks
            ),
        ]
        for name in names
    ]
    columns = [Column(first_column, numeric=False), *(Column(f"{CHECK_LABELS[check]}, met", "%") for check in checks)]
    return Table(title, columns, rows)


def credential_readiness(filters):
    groups = _grouped(filters)
    overall = _sum(groups, lambda row: row[2])
    checks = [check for check in CHECK_LABELS if check in overall]
    overall_rows = [
        [
            CHECK_LABELS[check],
            overall[check][0],
            share(overall[check][1], overall[check][0]),
            share(overall[check][0] - overall[check][1] - overall[check][2], overall[check][0]),
            share(overall[check][2], overall[check][0]),
        ]
        for check in checks
    ]
    overall_table = Table(
        "Each required check",
        [
            Column("Check", numeric=False),
            Column("Applicants asked"),
            Column("Met", "%"),
            Column("Not met", "%"),
            Column("Not known", "%"),
        ],
        overall_rows,
        empty="No applicant in the period was asked a checked requirement.",
    )
    chart = BarChart(
        "Applicants meeting each required check",
        [row[0] for row in overall_rows],
        [Series("Met", [row[2] for row in overall_rows], "%")],
        axis_title="Share of applicants asked (%)",
        chart_id="credentials",
    )
    by_state = _by(groups, 0, checks, "By state", "State")
    licence = Requirement.Check.LICENSE
    state_chart = None
    if licence in checks:
        position = 1 + checks.index(licence)
        state_chart = BarChart(
            "Applicants with a licence for the posting's state, by state",
            [row[0] for row in by_state.rows],
            [Series("Licence for the state, met", [row[position] for row in by_state.rows], "%")],
            axis_title="Share of applicants asked (%)",
            chart_id="credentials-state",
        )
    figures = [Figure(f"{row[0]}, met", row[2], "%") for row in overall_rows[:4]]
    return Report(
        sections=[
            Section(overall_table, chart),
            Section(by_state, state_chart),
            Section(_by(groups, 1, checks, "By role level", "Role level")),
        ],
        figures=figures,
    )
