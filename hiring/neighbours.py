"""Previous and next applicant on the applicant page, in the order and filter of the pipeline the reviewer came from.

The pipeline's links carry its query string (stage, flag, search, sort) to
the applicant page, which reads the neighbours of the applicant in that
order with one keyset look-up each way, both in one query: no list is read, however long.
"""

import dataclasses

from django.db.models import CharField, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf

from applications.models import Application

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
    """The first row's "<id> <name>" (the email when the name is blank), as a subquery."""
    name = Coalesce(NullIf("candidate__full_name", Value("")), "candidate__email", output_field=CharField())
    return Subquery(queryset.values(label=Concat(Cast("pk", CharField()), Value(" "), name))[:1])


def _neighbour(label):
    if label is None:
        return None
    pk, _, name = label.partition(" ")
    return Neighbour(int(pk), name)


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
    previous, following = (
        Application.objects.filter(pk=application.pk)
        .annotate(
            previous=_first(queryset.filter(_beyond(order, application, after=False)).reverse()),
            following=_first(queryset.filter(_beyond(order, application, after=True))),
        )
        .values_list("previous", "following")
        .get()
    )
    return _neighbour(previous), _neighbour(following)
