"""Sources: applicants, interviews and hires by where they heard of the opening.

Two answers to "where from": the source the candidate chose on the form, and the `utm_source` of the link
they came by (job boards and feeds tag their links), recorded at apply. "Reached interview" counts applicants
who reached the interview stage (funnel.reached); "interviews booked", the interviews booked with them and not
cancelled (hiring.interview_models.Interview, proposed or scheduled), as their report rows count them; hires,
applicants standing in *hired*.
"""

import collections

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from applications.models import Application
from hiring.charts import BarChart, Series

from .base import Column, Figure, Report, Section, Table, share
from .funnel import applied_in, applied_in_by_day, reached

Stage = Application.Stage
NO_LINK_SOURCE = "(none: came to the site directly)"


def _counts(filters):
    """One grouped query by (form's source, link's utm_source):
    {(source, utm_source): [applicants, reached interview, interviews booked, hires]}.

    From the daily tallies over every posting, else from the report rows of the filtered postings; both count the
    interviews booked, so no join to the interviews repeats an applicant once per interview.
    """
    counts = collections.defaultdict(lambda: [0, 0, 0, 0])
    days = applied_in_by_day(filters)
    if days is not None:  # over every posting: the daily tallies
        grouped = (
            days.order_by()
            .values_list("source", "utm_source")
            .annotate(
                applicants=Sum("applications"),
                reached_interview=Coalesce(Sum("applications", filter=reached(Stage.INTERVIEW)), 0),
                booked=Coalesce(Sum("interviews"), 0),
                hires=Coalesce(Sum("applications", filter=Q(hired=True)), 0),
            )
        )
    else:
        grouped = (
            applied_in(filters)
            .order_by()
            .values_list("source", "utm_source")
            .annotate(
                applicants=Count("pk"),
                reached_interview=Count("pk", filter=reached(Stage.INTERVIEW)),
                booked=Coalesce(Sum("interviews"), 0),
                hires=Count("pk", filter=Q(stage=Stage.HIRED)),
            )
        )
    for source, utm_source, *figures in grouped.values_list(
        "source", "utm_source", "applicants", "reached_interview", "booked", "hires"
    ):
        if figures[0]:  # not a tally gone down to nothing
            counts[source, utm_source] = figures
    return counts


def _by(counts, position):
    """{source or utm_source: [applicants, reached interview, booked, hires]}, summed over the other."""
    totals = collections.defaultdict(lambda: [0, 0, 0, 0])
    for key, values in counts.items():
        total = totals[key[position]]
        for index, value in enumerate(values):
            total[index] += value
    return totals


def _section(title, chart_id, named_rows, first_column):
    rows = [
        [name, applicants, interviews, booked, hires, share(interviews, applicants), share(hires, applicants)]
        for name, applicants, interviews, booked, hires in named_rows
    ]
    table = Table(
        title,
        [
            Column(first_column, numeric=False),
            Column("Applicants"),
            Column("Reached interview"),
            Column("Interviews booked"),
            Column("Hires"),
            Column("Reached interview", "%"),
            Column("Hired", "%"),
        ],
        rows,
    )
    chart = BarChart(
        title,
        [row[0] for row in rows],
        [
            Series("Applicants", [row[1] for row in rows]),
            Series("Reached interview", [row[2] for row in rows]),
            Series("Hires", [row[4] for row in rows]),
        ],
        axis_title="Applicants",
        chart_id=chart_id,
    )
    return Section(table, chart)


def sources(filters):
    """One grouped query (_counts), summed by the form's source and by the link's utm_source."""
    counts = _counts(filters)
    labels = dict(Application.Source.choices)
    by_form = _by(counts, 0)
    # Every source the form offers, in its order, so a source nobody chose shows as 0 rather than missing.
    form_rows = [(label, *by_form.get(value, (0, 0, 0, 0))) for value, label in labels.items()]
    form_rows += [(value, *values) for value, values in by_form.items() if value not in labels]
    by_link = sorted(_by(counts, 1).items(), key=lambda item: (-item[1][0], item[0]))
    link_rows = [(value or NO_LINK_SOURCE, *values) for value, values in by_link]
    applicants = sum(row[1] for row in form_rows)
    tagged = sum(row[1] for row in link_rows if row[0] != NO_LINK_SOURCE)
    figures = [
        Figure("Applicants in the period", applicants),
        Figure("Came by a tagged link", share(tagged, applicants), "%"),
    ]
    return Report(
        sections=[
            _section("By the source they chose on the form", "sources-form", form_rows, "Source"),
            _section("By the link they came by (utm_source)", "sources-link", link_rows, "utm_source"),
        ],
        figures=figures,
    )
