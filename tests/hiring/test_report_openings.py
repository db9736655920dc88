"""Openings and credential readiness, against counts over the raw rows."""

import datetime

from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from postings.models import JobPosting
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


def test_credential_readiness_equals_the_share_of_flags(client, recruiter, manager, posting, other_posting):
    kept = make_history([posting, other_posting], manager, n=24)
    for number, application in enumerate(kept):
        Application.objects.filter(pk=application.pk).update(
            flag_no_state_license=number % 3 == 0, flag_cpr_expired=number % 4 == 0
        )
    client.force_login(recruiter)

    report = _report(client, "credentials")

    rows = {row[0]: row for row in report.sections[0].table.rows}
    for one in (posting, other_posting):
        applications = list(Application.objects.filter(posting=one))
        licensed = sum(not a.flag_no_state_license for a in applications)
        current = sum(not a.flag_cpr_expired for a in applications)
        row = rows[one.location.state]
        assert row[1] == len(applications)
        assert row[2] == round(100 * licensed / len(applications), 1)
        assert row[5] == round(100 * current / len(applications), 1)
    (level_row,) = [row for row in report.sections[1].table.rows if row[0] == posting.level.short_title]
    assert level_row[1] == Application.objects.filter(posting=posting).count()
