"""Two candidates picking the same time at the same instant: one gets it, the other is told (PostgreSQL)."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from hiring import interviews
from hiring.interviews import InterviewError
from hiring.models import Interview, Panelist
from tests.factories import ApplicationFactory

from .conftest import run_together
from .interview_helpers import in_days, propose

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_candidates_racing_for_one_time_one_books_it_the_other_is_refused(posting, manager):
    first, second = ApplicationFactory(posting=posting), ApplicationFactory(posting=posting)
    mine = propose(first, manager, [in_days(3), in_days(4)])
    theirs = propose(second, manager, [in_days(3), in_days(5)])

    results = run_together(
        lambda: interviews.book(mine, in_days(3), by=first.candidate, by_candidate=True),
        lambda: interviews.book(theirs, in_days(3), by=second.candidate, by_candidate=True),
    )

    refused = [result for result in results if isinstance(result, InterviewError)]
    booked = [result for result in results if isinstance(result, Interview)]
    assert len(booked) == 1 and len(refused) == 1, results
    assert refused[0].code == "taken"
    assert Panelist.objects.filter(interviewer=manager, starts_at=in_days(3)).count() == 1


def test_the_database_refuses_an_interviewer_in_two_overlapping_interviews(posting, manager):
    first, second = ApplicationFactory(posting=posting), ApplicationFactory(posting=posting)
    propose(first, manager, [in_days(3)])
    other = Interview.objects.create(application=second)
    half_way = in_days(3) + datetime.timedelta(minutes=20)

    with pytest.raises(IntegrityError), transaction.atomic():
        Panelist.objects.create(
            interview=other, interviewer=manager, starts_at=half_way, ends_at=half_way + datetime.timedelta(hours=1)
        )
