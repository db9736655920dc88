"""Openings and credential readiness, against counts over the raw rows."""

import datetime

from django.urls import reverse
from django.utils import timezone

from applications.models import Answer, Application, Outcome
from postings.models import JobPosting, PostingRequirement
from roles.models import Requirement
from tests.factories import ApplicationFactory, LocationFactory, PublishedPostingFactory
from tests.hiring.reports_data import make_history


def _report(client, slug, **params):
    response = client.get(reverse("hiring:report", args=[slug]), params)
    assert response.status_code == 200
    return response.context["report"]


def test_openings_count_open_postings_and_their_applicants(client, recruiter, manager, posting, other_posting):
    make_history([posting, other_posting], manager, n=20)
    closed = PublishedPostingFactory()
    ApplicationFactory(posting=closed)
    closed.close(JobPosting.CloseReason.FILLED)
    quiet = PublishedPostingFactory(openings=3, location=LocationFactory(state="NM", zip_code="87501"))
    client.force_login(recruiter)

    report = _report(client, "openings")

    by_state = {row[0]: row for row in report.sections[2].table.rows}
    assert set(by_state) == {"TX", "CO", "NM"}  # the closed posting (TX, 1 applicant) is not open
    for one in (posting, other_posting):
        applicants = Application.objects.filter(posting=one).count()
        row = by_state[one.location.state]
        assert row[1:5] == [1, one.openings, applicants, round(applicants / one.openings, 1)]
    assert by_state["NM"][1:5] == [1, 3, 0, 0]
    assert [figure.value for figure in report.figures[:2]] == [3, 1 + 1 + 3]
    listed = [row[1] for row in report.sections[3].table.rows]
    assert quiet.reference in listed


def test_a_posting_applied_to_this_week_is_not_quiet(client, recruiter, posting, other_posting):
    ApplicationFactory(posting=posting)
    ApplicationFactory(posting=other_posting)
    Application.objects.filter(posting=other_posting).update(submitted_at=timezone.now() - datetime.timedelta(days=9))
    client.force_login(recruiter)

    listed = [row[1] for row in _report(client, "openings").sections[3].table.rows]

    assert listed == [other_posting.reference]


def test_a_manager_sees_the_openings_of_their_postings_only(client, manager, posting, other_posting):
    client.force_login(manager)

    report = _report(client, "openings")

    assert [row[0] for row in report.sections[2].table.rows] == ["TX"]


def test_credential_readiness_equals_the_share_of_check_outcomes(client, recruiter, manager, posting, other_posting):
    for one in (posting, other_posting):
        PostingRequirement.objects.filter(posting=one, importance=Requirement.Importance.REQUIRED).update(
            check_kind=Requirement.Check.LICENSE
        )
    kept = make_history([posting, other_posting], manager, n=24)
    outcomes = [Outcome.MET, Outcome.NOT_MET, Outcome.MET, Outcome.NOT_KNOWN]
    for number, application in enumerate(kept):
        Answer.objects.filter(application=application).update(outcome=outcomes[number % 4])
    client.force_login(recruiter)

    report = _report(client, "credentials")

    licence = Answer.objects.filter(requirement__check_kind=Requirement.Check.LICENSE)
    (overall,) = report.sections[0].table.rows
    assert overall[0] == "Licence for the state"
    assert overall[1] == licence.count() == len(kept)
    assert overall[2] == round(100 * licence.filter(outcome=Outcome.MET).count() / licence.count(), 1)
    assert overall[4] == round(100 * licence.filter(outcome=Outcome.NOT_KNOWN).count() / licence.count(), 1)
    rows = {row[0]: row for row in report.sections[1].table.rows}
    for one in (posting, other_posting):
        mine = licence.filter(application__posting=one)
        assert rows[one.location.state][1] == round(100 * mine.filter(outcome=Outcome.MET).count() / mine.count(), 1)
    assert {row[0] for row in report.sections[2].table.rows} == {
        posting.level.short_title,
        other_posting.level.short_title,
    }


def test_credential_readiness_counts_the_answers_of_the_postings_kept_only(
    client, recruiter, manager, posting, other_posting
):
    for one in (posting, other_posting):
        PostingRequirement.objects.filter(posting=one, importance=Requirement.Importance.REQUIRED).update(
            check_kind=Requirement.Check.LICENSE
        )
    make_history([posting, other_posting], manager, n=12)
    licence = Answer.objects.filter(requirement__check_kind=Requirement.Check.LICENSE)

    client.force_login(manager)  # manages `posting` only
    (mine,) = _report(client, "credentials").sections[0].table.rows
    client.force_login(recruiter)
    (colorado,) = _report(client, "credentials", state="CO").sections[0].table.rows

    assert mine[1] == licence.filter(application__posting=posting).count() > 0
    assert colorado[1] == licence.filter(application__posting=other_posting).count() > 0


def test_preferred_and_unchecked_items_are_not_counted(client, recruiter, manager, posting):
    make_history([posting], manager, n=6)  # the factory's items: a required one asked, a preferred one
    client.force_login(recruiter)

    assert _report(client, "credentials").sections[0].table.rows == []
