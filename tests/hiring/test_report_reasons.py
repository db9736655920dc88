"""Rejection and decline reasons: counted from the stage history and the offers, never kept by hand."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from applications.models import Application, StageChange
from hiring.models import Offer, OfferLetterTemplate, Rejection, RejectionReason
from hiring.reports.reasons import NO_DECLINE_REASON, NO_LISTED_REASON
from tests.factories import ApplicationFactory
from tests.hiring.reports_data import make_history

Stage = Application.Stage


def _report(client, **params):
    response = client.get(reverse("hiring:report", args=["reasons"]), params)
    assert response.status_code == 200
    return response.context["report"]


def _rejected_with_reason(application, reason, by, *, via=()):
    for stage in via:
        application.move_to(stage, by=by)
    change = application.move_to(Stage.REJECTED, by=by, reason="note")
    Rejection.objects.create(change=change, reason=reason)
    return change


def _declined(application, by, reason, *, days_ago=1):
    return Offer.objects.create(
        application=application,
        status=Offer.Status.DECLINED,
        start_date=timezone.localdate() + datetime.timedelta(days=30),
        employment_type="full_time",
        pay_rate=Decimal("85000"),
        expires_on=timezone.localdate() + datetime.timedelta(days=7),
        letter_template=OfferLetterTemplate.objects.get(name="Standard offer"),
        answered_at=timezone.now() - datetime.timedelta(days=days_ago),
        decline_reason=reason,
        created_by=by,
    )


def test_rejections_count_by_listed_reason_and_stage_equal_to_the_raw_rows(client, recruiter, manager, posting):
    filled, experience = RejectionReason.objects.offered()[:2]
    for _ in range(3):
        _rejected_with_reason(ApplicationFactory(posting=posting), filled, manager)
    _rejected_with_reason(ApplicationFactory(posting=posting), filled, manager, via=[Stage.SCREENING])
    _rejected_with_reason(ApplicationFactory(posting=posting), experience, manager, via=[Stage.SCREENING])
    make_history([posting], manager, n=20)  # rejections with no listed reason, withdrawn, deleted, re-opened
    client.force_login(recruiter)

    table = _report(client).sections[0].table
    rows = {row[0]: row for row in table.rows}
    standing = StageChange.objects.standing().filter(to_stage=Stage.REJECTED, application__posting=posting)

    assert rows[filled.label][1:3] == [3, 1] and rows[filled.label][5] == 4
    assert rows[experience.label][1:3] == [0, 1]
    unlisted = standing.filter(rejection__isnull=True).count()
    assert unlisted > 0 and rows[NO_LISTED_REASON][5] == unlisted
    assert sum(row[5] for row in table.rows) == standing.count()


def test_an_undone_rejection_is_not_counted(client, recruiter, manager, posting):
    reason = RejectionReason.objects.offered().first()
    application = ApplicationFactory(posting=posting)
    change = _rejected_with_reason(application, reason, manager)
    application.undo_move(change, by=manager, reason="Wrong applicant")
    client.force_login(recruiter)

    assert _report(client).sections[0].table.rows == []


def test_declined_offers_count_by_the_candidates_reason_whatever_its_case(client, recruiter, manager, posting):
    for said in ["Took another job", "took another job ", "Pay too low", ""]:
        _declined(ApplicationFactory(posting=posting), manager, said)
    _declined(ApplicationFactory(posting=posting), manager, "Long ago", days_ago=400)
    client.force_login(recruiter)

    rows = {row[0]: row[1] for row in _report(client).sections[1].table.rows}

    assert rows == {"took another job": 2, "pay too low": 1, NO_DECLINE_REASON: 1}


def test_a_hiring_manager_sees_the_reasons_of_their_own_postings_only(client, manager, posting, other_posting):
    reason = RejectionReason.objects.offered().first()
    _rejected_with_reason(ApplicationFactory(posting=posting), reason, manager)
    _rejected_with_reason(ApplicationFactory(posting=other_posting), reason, manager)
    client.force_login(manager)

    (row,) = _report(client).sections[0].table.rows

    assert row[0] == reason.label and row[5] == 1
