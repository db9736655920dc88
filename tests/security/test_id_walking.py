"""Ids in URLs cannot be walked: someone else's object answers exactly like one that does not exist.

Every id from 1 to past the last is tried; the answers for other people's applications, resumes,
postings and applicants must be the same 404 as for ids with nothing behind them, so counting or
probing ids reveals nothing.
"""

import re

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory

CANDIDATE_URLS = ["applications:application_detail", "applications:withdraw", "applications:application_resume"]
POSTING_URLS = ["hiring:pipeline", "hiring:pipeline_csv"]
APPLICANT_URLS = ["hiring:applicant", "applications:application_resume"]
ACTIONS = ["hiring:move", "hiring:add_note", "hiring:scorecard"]


@pytest.fixture
def others(posting, other_posting, candidate, other_candidate, manager, other_manager):
    """Applications of several people to both postings; `other_candidate` and `other_manager` own none of `posting`'s."""
    mine = [ApplicationFactory(posting=posting, candidate=candidate), ApplicationFactory(posting=posting)]
    theirs = [
        ApplicationFactory(posting=other_posting, candidate=other_candidate),
        ApplicationFactory(posting=other_posting),
    ]
    return {"posting": posting, "applications": mine, "own": theirs}


def _around(pks):
    """Every id from just below the lowest to just past the highest: the neighbours someone would probe.

    Not from 1: PostgreSQL sequences keep counting across the whole test run, so ids there reach the thousands.
    """
    return range(max(1, min(pks) - 5), max(pks) + 6)


def _answers(client, name, ids, method="get"):
    send = getattr(client, method)
    return {pk: send(reverse(name, args=[pk])) for pk in ids}


def _same_404(responses):
    statuses = {pk: response.status_code for pk, response in responses.items()}
    assert set(statuses.values()) == {404}, statuses
    # Per-request values (the CSP nonce, the CSRF token) aside, byte for byte the same page.
    bodies = {re.sub(rb'(nonce|value)="[^"]*"', b"", response.content) for response in responses.values()}
    assert len(bodies) == 1, "a 404 for an existing object differs from one for a missing id"


def test_another_candidates_applications_and_resumes_answer_like_missing_ids(client, others, other_candidate):
    client.force_login(other_candidate)
    own = {application.pk for application in others["own"] if application.candidate_id == other_candidate.pk}
    ids = [pk for pk in _around([a.pk for a in others["applications"] + others["own"]]) if pk not in own]

    for name in CANDIDATE_URLS:
        _same_404(_answers(client, name, ids))
    _same_404(_answers(client, "applications:withdraw", ids, method="post"))


def test_another_managers_postings_applicants_and_csv_answer_like_missing_ids(
    client, others, other_manager, other_posting
):
    client.force_login(other_manager)
    applicant_ids = list(_around([a.pk for a in others["applications"] + others["own"]]))
    applicant_ids = [pk for pk in applicant_ids if pk not in {a.pk for a in others["own"]}]
    posting_ids = [pk for pk in _around([others["posting"].pk, other_posting.pk]) if pk != other_posting.pk]

    for name in POSTING_URLS:
        _same_404(_answers(client, name, posting_ids))
    for name in ("hiring:bulk_move", "hiring:fill_posting"):
        _same_404(_answers(client, name, posting_ids, method="post"))
    for name in APPLICANT_URLS:
        _same_404(_answers(client, name, applicant_ids))
    for name in ACTIONS:
        _same_404(_answers(client, name, applicant_ids, method="post"))


def test_a_candidate_asking_for_the_hiring_workspace_learns_nothing_from_ids(client, others, candidate):
    client.force_login(candidate)
    posting_ids = _around([others["posting"].pk])

    _same_404(_answers(client, "hiring:pipeline", posting_ids))
    _same_404(_answers(client, "hiring:applicant", [a.pk for a in others["applications"]] + [9999]))
