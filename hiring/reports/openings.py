"""Openings: the postings open today by level, setting and state, how long they have been open, applicants
per opening, and those no one has applied to in the last week.

A snapshot of today (the period does not apply): open is what the board lists (`JobPosting.objects.open()`),
and applicants are every application the posting holds, withdrawn and rejected ones included.
"""

import collections
import datetime

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import dateformat, timezone

from hiring.charts import BarChart, Series

from .base import Column, Figure, Link, Report, Section, Table, days_between, median

QUIET_DAYS = 7
QUIET_LISTED = 50


def _open_postings(filters):
    """One query: every open posting of the filters with its level, setting, state and applicant figures."""
    return list(
        filters.postings()
        .open()
        .order_by("published_at", "pk")
        .annotate(applicants=Count("applications"), last_applied=Max("applications__submitted_at"))
        .values_list(
            "pk",
            "title",
            "level__short_title",
            "setting__name",
            "location__state",
            "openings",
            "published_at",
            "applicants",
            "last_applied",
        )
    )


def _breakdown(postings, index, title, first_column, chart_id, now):
    groups = collections.defaultdict(list)
    for posting in postings:
        groups[posting[index] or "—"].append(posting)
    rows = []
    for name in sorted(groups):
        members = groups[name]
        openings = sum(posting[5] for posting in members)
        applicants = sum(posting[7] for posting in members)
        rows.append(
            [
                name,
                len(members),
                openings,
                applicants,
                round(applicants / openings, 1) if openings else None,
                median([days_between(posting[6], now) for posting in members if posting[6]]),
            ]
        )
    table = Table(
        title,
        [
            Column(first_column, numeric=False),
            Column("Open postings"),
            Column("Openings"),
            Column("Applicants"),
            Column("Applicants per opening"),
            Column("Days open, median", " days"),
        ],
        rows,
        empty="No posting is open for these filters.",
    )
    chart = BarChart(
        f"Applicants per opening, {title[0].lower()}{title[1:]}",
        [row[0] for row in rows],
        [Series("Applicants per opening", [row[4] for row in rows])],
        axis_title="Applicants per opening",
        chart_id=chart_id,
    )
    return Section(table, chart)


def openings(filters):
    now = timezone.now()
    postings = _open_postings(filters)
    quiet_since = now - datetime.timedelta(days=QUIET_DAYS)
    quiet = [posting for posting in postings if posting[8] is None or posting[8] < quiet_since]
    quiet_rows = [
        [
            Link(title or f"OT-{pk:06d}", reverse("hiring:pipeline", args=[pk])),
            f"OT-{pk:06d}",
            state or "—",
            int(days_between(published_at, now)) if published_at else None,
            applicants,
            dateformat.format(timezone.localtime(last_applied), "M j, Y") if last_applied else "Never",
        ]
        for pk, title, _, _, state, _, published_at, applicants, last_applied in quiet[:QUIET_LISTED]
    ]
    quiet_table = Table(
        f"Open postings with no applicant in the last {QUIET_DAYS} days",
        [
            Column("Posting", numeric=False),
            Column("Reference", numeric=False),
            Column("State", numeric=False),
            Column("Days open"),
            Column("Applicants"),
            Column("Last applied", numeric=False),
        ],
        quiet_rows,
        empty=f"Every open posting had an applicant in the last {QUIET_DAYS} days.",
    )
    more = f" The {QUIET_LISTED} open longest are listed." if len(quiet) > QUIET_LISTED else ""
    openings_count = sum(posting[5] for posting in postings)
    applicants = sum(posting[7] for posting in postings)
    figures = [
        Figure("Open postings", len(postings)),
        Figure("Openings", openings_count),
        Figure("Applicants per opening", round(applicants / openings_count, 1) if openings_count else None),
        Figure(f"No applicant in {QUIET_DAYS} days", len(quiet)),
    ]
    return Report(
        sections=[
            _breakdown(postings, 2, "By role level", "Role level", "openings-level", now),
            _breakdown(postings, 3, "By care setting", "Care setting", "openings-setting", now),
            _breakdown(postings, 4, "By state", "State", "openings-state", now),
            Section(quiet_table, note=f"{len(quiet)} open posting{'s' if len(quiet) != 1 else ''}.{more}"),
        ],
        figures=figures,
    )
