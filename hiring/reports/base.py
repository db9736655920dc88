"""What a report gives the page and the CSV: sections, each a chart with the table of the same numbers.

A report is a function of the filters (`filters.ReportFilters`, valid) returning a `Report`; its numbers are
computed from the stored rows each time (the stage history, applications, postings), never kept by hand.
"""

import dataclasses
import statistics

from django.db import connections
from django.db.models import Aggregate, FloatField

from hiring.charts import BarChart, format_value
from hiring.export import csv_safe


@dataclasses.dataclass
class Link:
    """A table cell that links somewhere on the page; plain text in the CSV."""

    text: str
    url: str

    def __str__(self):
        return self.text


@dataclasses.dataclass
class Column:
    name: str
    unit: str = ""  # "%" or " days": shown after a number on the page; the CSV's header carries it instead
    numeric: bool = True

    @property
    def csv_name(self):
        return f"{self.name} ({self.unit.strip()})" if self.unit else self.name


@dataclasses.dataclass
class Table:
    caption: str
    columns: list  # of Column; the first names each row
    rows: list  # lists of plain values (numbers, text, Link, None for "no figure")
    empty: str = "Nothing to count for these filters."

    def cells(self):
        """Rows as the page shows them: (text, link or "", numeric) with numbers formatted with their unit."""
        for row in self.rows:
            yield [_cell(value, column) for value, column in zip(row, self.columns)]


@dataclasses.dataclass
class Section:
    table: Table
    chart: BarChart = None
    note: str = ""


@dataclasses.dataclass
class Figure:
    """A headline number above the sections: 'Median time to hire: 21 days'."""

    label: str
    value: object
    unit: str = ""

    @property
    def text(self):
        return format_value(self.value, self.unit)


@dataclasses.dataclass
class Report:
    sections: list
    figures: list = dataclasses.field(default_factory=list)

    def csv_rows(self, described):
        """Every section's table one after the other, each under its caption, after a line saying the filters."""
        yield ["Filters", csv_safe(described)]
        for section in self.sections:
            yield []
            yield [csv_safe(section.table.caption)]
            yield [csv_safe(column.csv_name) for column in section.table.columns]
            for row in section.table.rows:
                yield [_csv_cell(value) for value in row]


def _csv_cell(value):
    if value is None:
        return ""
    return csv_safe(str(value)) if isinstance(value, (str, Link)) else value


def _cell(value, column):
    if isinstance(value, Link):
        return (value.text, value.url, column.numeric)
    if value is None:
        return ("—", "", column.numeric)
    if isinstance(value, (int, float)) and column.numeric:
        return (format_value(value, column.unit), "", True)
    return (str(value), "", column.numeric)


def share(part, whole):
    """part / whole as a percentage with one decimal, or None when there is no whole to share."""
    return round(100 * part / whole, 1) if whole else None


def median(values):
    return round(statistics.median(values), 1) if values else None


def percentile_90(values):
    """The 90th percentile, interpolated between ranks (PostgreSQL's percentile_cont(0.9))."""
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=10, method="inclusive")[8], 1)


def days_between(earlier, later):
    return (later - earlier).total_seconds() / 86400


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression): what percentile_90 and median
    compute in Python, done where the rows are, so a report over every posting reads a row per group."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentiles_in_database(queryset):
    """True where the database computes percentiles itself (PostgreSQL); elsewhere Python does, from the rows."""
    return connections[queryset.db].vendor == "postgresql"
