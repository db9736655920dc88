"""Credential readiness: the share of the period's applicants meeting each required check, by state and level.

Read from what the apply flow stored with each application (its screening flags, from the profile as it was on
the day they applied): a licence for the posting's state, that licence valid through the start date, NBCOT
active, CPR/BLS current, and the experience the level asks. Where the share with a licence is low, the
candidate supply lacks licences for that state.
"""

from django.db.models import Count, Q

from hiring.charts import BarChart, Series

from .base import Column, Figure, Report, Section, Table, share
from .funnel import applied_in

# (label, the condition under which an applicant meets the check)
CHECKS = [
    ("Licence for the state", Q(flag_no_state_license=False)),
    ("Licence valid through the start", Q(flag_no_state_license=False, flag_license_expires_before_start=False)),
    ("NBCOT active", Q(flag_nbcot_not_active=False)),
    ("CPR/BLS current", Q(flag_cpr_expired=False)),
    ("Experience the level asks", Q(flag_experience_below_minimum=False)),
]


def _grouped(applications):
    """One query: (state, level, applicants, meeting each check...) for every state and level present."""
    return list(
        applications.order_by()
        .values_list("posting__location__state", "posting__level__short_title")
        .annotate(n=Count("pk"), **{f"check{i}": Count("pk", filter=q) for i, (_, q) in enumerate(CHECKS)})
        .values_list(
            "posting__location__state",
            "posting__level__short_title",
            "n",
            *(f"check{i}" for i in range(len(CHECKS))),
        )
    )


def _section(groups, index, title, first_column, chart_id):
    totals = {}
    for row in groups:
        name = row[index] or "—"
        counts = totals.setdefault(name, [0] * (1 + len(CHECKS)))
        for position, value in enumerate(row[2:]):
            counts[position] += value
    rows = [
        [name, counts[0], *(share(met, counts[0]) for met in counts[1:])] for name, counts in sorted(totals.items())
    ]
    table = Table(
        title,
        [Column(first_column, numeric=False), Column("Applicants"), *(Column(label, "%") for label, _ in CHECKS)],
        rows,
    )
    chart = BarChart(
        f"Applicants with a licence for the posting's state, {title[0].lower()}{title[1:]}",
        [row[0] for row in rows],
        [Series("With a licence for the state", [row[2] for row in rows], "%")],
        axis_title="Share of applicants (%)",
        chart_id=chart_id,
    )
    return Section(table, chart)


def credential_readiness(filters):
    groups = _grouped(applied_in(filters))
    applicants = sum(row[2] for row in groups)
    figures = [
        Figure(label, share(sum(row[3 + i] for row in groups), applicants), "%") for i, (label, _) in enumerate(CHECKS)
    ]
    return Report(
        sections=[
            _section(groups, 0, "By state", "State", "credentials-state"),
            _section(groups, 1, "By role level", "Role level", "credentials-level"),
        ],
        figures=figures,
    )
