"""Rejection and decline reasons: why applicants were turned down, at which stage, and why offers were declined.

Rejections are the moves to *rejected* made in the period that still stand (an undone bulk rejection is not
counted, StageChange.objects.standing()), by the listed reason reviewers chose (hiring.models.Rejection) and
the stage the applicant was rejected from. A rejection made without a listed reason (the API, or before the
list existed) counts under NO_LISTED_REASON. Declines are the offers answered "declined" in the period, by the
candidate's own words (blank ones under NO_DECLINE_REASON).
"""

from django.db.models import Count
from django.db.models.functions import Lower, Trim

from applications.models import Application, StageChange
from hiring.charts import BarChart, Series
from hiring.models import RejectionReason
from hiring.offer_models import Offer

from .base import Column, Figure, Report, Section, Table, share

Stage = Application.Stage
NO_LISTED_REASON = "(no listed reason)"
NO_DECLINE_REASON = "(no reason given)"
# The stages an applicant can be rejected from, in pipeline order: the table's columns.
FROM_STAGES = [Stage.SUBMITTED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER]


def rejections_in(filters):
    start, until = filters.period
    return filters.of_postings(
        StageChange.objects.standing().filter(to_stage=Stage.REJECTED, at__gte=start, at__lt=until),
        "application__posting",
    )


def declines_in(filters):
    start, until = filters.period
    return filters.of_postings(
        Offer.objects.filter(status=Offer.Status.DECLINED, answered_at__gte=start, answered_at__lt=until),
        "application__posting",
    )


def _rejection_section(filters):
    """Two queries: rejections by listed reason and by the stage they came from, then the reasons' labels.

    Grouped by the reason's id, not its label: joining the reasons to every rejection made PostgreSQL read
    the list of reasons once per rejection (60,000 times over every posting at the bench's size).
    """
    grouped = list(
        rejections_in(filters).order_by().values_list("rejection__reason_id", "from_stage").annotate(n=Count("pk"))
    )
    reason_labels = dict(RejectionReason.objects.values_list("pk", "label"))  # the admins' list: a few rows
    counts = {}
    for reason, from_stage, n in grouped:
        row = counts.setdefault(reason_labels.get(reason) or NO_LISTED_REASON, {})
        row[from_stage] = row.get(from_stage, 0) + n
    stages = FROM_STAGES + sorted({stage for row in counts.values() for stage in row} - set(FROM_STAGES))
    labels = dict(Stage.choices)
    total = sum(sum(row.values()) for row in counts.values())
    rows = sorted(
        ([reason, *(row.get(stage, 0) for stage in stages), sum(row.values())] for reason, row in counts.items()),
        key=lambda row: (-row[-1], row[0]),
    )
    for row in rows:
        row.append(share(row[-1], total))
    table = Table(
        "Rejections by reason and by the stage rejected from",
        [
            Column("Reason", numeric=False),
            *(Column(f"From {labels[stage].lower()}") for stage in stages),
            Column("Rejections"),
            Column("Share of rejections", "%"),
        ],
        rows,
    )
    chart = BarChart(
        "Rejections by reason",
        [row[0] for row in rows],
        [Series("Rejections", [row[-2] for row in rows])],
        axis_title="Rejections",
        chart_id="rejection-reasons",
    )
    return Section(table, chart), total


def _decline_section(filters):
    """One grouped query: declined offers by the reason the candidate gave (the same words once, whatever the case)."""
    grouped = (
        declines_in(filters)
        .order_by()
        .annotate(said=Lower(Trim("decline_reason")))
        .values_list("said")
        .annotate(n=Count("pk"))
    )
    rows = sorted(([said or NO_DECLINE_REASON, n] for said, n in grouped), key=lambda row: (-row[1], row[0]))
    total = sum(row[1] for row in rows)
    for row in rows:
        row.append(share(row[1], total))
    table = Table(
        "Declined offers by the candidate's reason",
        [Column("Reason given", numeric=False), Column("Declined offers"), Column("Share of declines", "%")],
        rows,
        empty="No offer was declined for these filters.",
    )
    chart = BarChart(
        "Declined offers by reason",
        [row[0] for row in rows],
        [Series("Declined offers", [row[1] for row in rows])],
        axis_title="Declined offers",
        chart_id="decline-reasons",
    )
    return Section(table, chart), total


def rejection_and_decline_reasons(filters):
    rejections, rejected = _rejection_section(filters)
    declines, declined = _decline_section(filters)
    return Report(
        sections=[rejections, declines],
        figures=[Figure("Rejections in the period", rejected), Figure("Offers declined in the period", declined)],
    )
