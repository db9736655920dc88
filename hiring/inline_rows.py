"""A short list read in its parent's query: the rows as one JSON array in a column, made back into models.

The applicant page shows a handful of licenses, interviews and offers beside
the application; a query each was most of what the page cost beyond its
frame. Read this way they come with the application's own row. Only for short
lists (they travel in one value), and only the fields named are read: any
other field is deferred, so a template that needs one more shows up as an
extra query in the page's query-count test rather than a wrong value.
"""

import datetime
import decimal
import json

from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, JSONObject


def rows_subquery(queryset, parent, fields, outer="pk"):
    """The rows of `queryset` whose `parent` is the outer row's `outer`, as "{...},{...}" (None for none).

    `parent` is a lookup from the rows to the outer row, e.g. "application"; read
    them back with `rows_from`.
    """
    row = JSONObject(**{name: name for name in fields})
    rows = (
        queryset.filter(**{parent: OuterRef(outer)})
        .order_by()
        .values(parent)
        .annotate(rows=StringAgg(Cast(row, TextField()), delimiter=Value(",")))
        .values("rows")
    )
    return Subquery(rows, output_field=TextField())


def plain_rows(text):
    """The rows `rows_subquery` read, as dicts of plain JSON values, in no set order."""
    return json.loads(f"[{text}]", parse_float=decimal.Decimal) if text else []


def rows_from(model, text, fields):
    """The model instances `rows_subquery(..., fields)` read, in no set order (SQLite cannot order the aggregate)."""
    by_name = {field.name: field for field in model._meta.concrete_fields}
    names = [by_name[name].attname for name in fields]
    return [
        model.from_db(None, names, [_value(by_name[name], row[name]) for name in fields]) for row in plain_rows(text)
    ]


def _value(field, raw):
    value = field.to_python(raw)
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        # SQLite stores the time as UTC text without its offset; PostgreSQL's JSON has it.
        value = value.replace(tzinfo=datetime.UTC)
    return value


def keep_as_prefetched(instance, relation, rows):
    """Have `instance.<relation>.all()` (a reverse foreign key) answer `rows` without a query, as a prefetch does."""
    manager = getattr(instance, relation)
    queryset = manager.get_queryset()
    queryset._result_cache, queryset._prefetch_done = list(rows), True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[manager.field.remote_field.cache_name] = queryset
