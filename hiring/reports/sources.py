"""Sources: applicants, interviews and hires by where they heard of the opening.

Two answers to "where from": the source the candidate chose on the form, and the `utm_source` of the link
they came by (job boards and feeds tag their links), recorded at apply. "Reached interview" counts applicants
who reached the interview stage (funnel.reached); "interviews booked", the interviews booked with them and not
cancelled (hiring.interview_models.Interview, proposed or scheduled); hires, applicants standing in *hired*.
"""

from django.db.models import Count, Q

from applications.models import Application
from hiring.charts import BarChart, Series
from hiring.interview_models import Interview

from .base import Column, Figure, Report, Section, Table, share
from .funnel import applied_in, reached

Stage = Application.Stage
NO_LINK_SOURCE = "(none: came to the site directly)"


def _counts_by(applications, field):
    return (
        applications.order_by()
        .values_list(field)
        .annotate(
            # distinct: the join to the interviews repeats an applicant once per interview
            applicants=Count("pk", distinct=True),
            reached_interview=Count("pk", filter=reached(Stage.INTERVIEW), distinct=True),
            booked=Count("interviews", filter=~Q(interviews__status=Interview.Status.CANCELLED), distinct=True),
            hires=Count("pk", filter=Q(stage=Stage.HIRED), distinct=True),
        )
        .values_list(field, "applicants", "reached_interview", "booked", "hires")
    )


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
    """Two grouped queries: by the form's source, and by the link's utm_source."""
    applications = applied_in(filters)
    labels = dict(Application.Source.choices)
    by_form = {source: counts for source, *counts in _counts_by(applications, "source")}
    # Every source the form offers, in its order, so a source nobody chose shows as 0 rather than missing.
    form_rows = [(label, *by_form.get(value, (0, 0, 0, 0))) for value, label in labels.items()]
    form_rows += [(value, *counts) for value, counts in by_form.items() if value not in labels]
    by_link = sorted(_counts_by(applications, "utm_source"), key=lambda row: (-row[1], row[0]))
    link_rows = [(value or NO_LINK_SOURCE, *counts) for value, *counts in by_link]
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
