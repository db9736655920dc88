"""The pipeline as a CSV download: every applicant the filters match, streamed in pieces."""

import csv
import io
import re

from django.utils import timezone

from applications.models import Application

Stage = Application.Stage

CSV_HEADER = [
    "Name",
    "Email",
    "Phone",
    "Stage",
    "Match score",
    "Screening",
    "Why this score",
    "Required items not met",
    "Flags",
    "Years of experience",
    "Years leading",
    "Applied",
    "Heard of it through",
]
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet may split a line on any of these (a ; in much of Europe, a tab or | on import), whatever the
# quotes say: a formula character after one starts a cell of its own there.
FORMULA_AFTER_SEPARATOR = re.compile(r"([,;|\t\r\n][ ]*)([=+\-@])")


def csv_safe(value):
    """Text that a spreadsheet shows as typed: each formula character that could start a cell gets a ' in front."""
    if not isinstance(value, str):
        return value
    value = FORMULA_AFTER_SEPARATOR.sub(r"\1'\2", value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


CSV_COLUMNS = (
    "candidate__full_name",
    "candidate__email",
    "candidate__profile__phone",
    "stage",
    "match_score",
    "screening_band",
    "match_reasons",
    "years_experience",
    "years_leadership",
    "submitted_at",
    "source",
    *Application.FLAG_COLUMNS,
)


def applicant_csv_rows(queryset):
    """The header, then one row per applicant.

    Plain values, not model instances, read in chunks: 5,000 rows stream in
    well under the time budget and memory stays flat whatever the size.
    Every text cell goes through csv_safe, what people typed (name, email,
    phone) and the site's own labels alike.
    """
    yield CSV_HEADER
    stages, sources = dict(Stage.choices), dict(Application.Source.choices)
    bands = dict(Application.Band.choices)
    zone = timezone.get_current_timezone()
    for values in queryset.values(*CSV_COLUMNS).iterator(chunk_size=2000):
        yield [
            csv_safe(values["candidate__full_name"] or values["candidate__email"]),
            csv_safe(values["candidate__email"]),
            csv_safe(values["candidate__profile__phone"] or ""),
            csv_safe(stages[values["stage"]]),
            values["match_score"],
            csv_safe(bands[values["screening_band"]]),
            csv_safe(values["match_reasons"].replace("\n", "; ")),
            values["knockouts"],
            csv_safe("; ".join(Application.flag_labels(values))),
            values["years_experience"],
            values["years_leadership"],
            values["submitted_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            csv_safe(sources.get(values["source"], values["source"])),
        ]


def csv_text(rows, rows_per_chunk=500):
    """The rows as CSV text in pieces of `rows_per_chunk` rows, for a streaming response.

    Starts with a byte-order mark, so Excel reads the file as UTF-8 (names with
    accents stay intact). A piece a row would cost more in the response's
    per-piece handling than writing the rows does.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    # Every cell quoted: a spreadsheet then keeps a cell whole, separators and line breaks inside it included.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        if number % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
