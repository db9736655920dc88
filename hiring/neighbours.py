"""Previous and next applicant on the applicant page, in the order and filter of the pipeline the reviewer came from.

The pipeline's links carry its query string (stage, flag, search, sort) to
the applicant page, which reads the neighbours of the applicant in that
order with one keyset query each way: no list is read, however long.
"""

import dataclasses

from django.db.models import Q

from .pipeline import filtered_applicants


@dataclasses.dataclass
class Neighbour:
    pk: int
    name: str


def _beyond(order, application, *, after):
    """The condition for rows after (or before) `application` in `order`, e.g. ("-submitted_at", "-pk")."""
    condition, ties = Q(pk__in=[]), Q()
    for field in order:
        name = field.lstrip("-")
        value = getattr(application, name)
        descending = field.startswith("-")
        lookup = "lt" if descending == after else "gt"
        condition |= ties & Q(**{f"{name}__{lookup}": value})
        ties &= Q(**{name: value})
    return condition


def _first(queryset):
    row = queryset.values_list("pk", "candidate__full_name", "candidate__email").first()
    return Neighbour(row[0], row[1] or row[2]) if row else None


def neighbours(application, params):
    """(previous, next): the applicants beside `application` in the pipeline as `params` filter and sort it.

    Each a Neighbour, or None at either end. The applicant need not match the
    filter any more (a reviewer who just rejected them, on the open stages,
    still goes on to the next one).
    """
    _, queryset = filtered_applicants(params, application.posting)
    order = queryset.query.order_by
    if not all(hasattr(application, field.lstrip("-")) for field in order):
        return None, None  # an order on something computed: no way to say who is beside
    return (
        _first(queryset.filter(_beyond(order, application, after=False)).reverse()),
        _first(queryset.filter(_beyond(order, application, after=True))),
    )
