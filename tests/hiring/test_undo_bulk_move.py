"""Bulk moves in one summary line, and "undo last bulk move": previous stages back, queued emails cancelled."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, OutgoingEmail, StageChange
from hiring.models import BulkMove, Rejection
from tests.factories import ApplicationFactory, CandidateFactory
from tests.hiring.conftest import listed_reason, page_text

Stage = Application.Stage


def _bulk(client, posting, applications, stage, *, email="usual", tokens=None):
    tokens = tokens if tokens is not None else [f"{app.pk}:{app.stage}" for app in applications]
    listed = listed_reason("experience") if stage == Stage.REJECTED else ""
    return client.post(
        reverse("hiring:bulk_move", args=[posting.pk]),
        {"selected": tokens, "stage": stage, "rejection_reason": listed, "email": email},
    )


def _undo(client, posting, bulk_move):
    return client.post(reverse("hiring:undo_bulk_move", args=[posting.pk]), {"bulk_move": bulk_move.pk})


def test_one_summary_line_counts_the_moved_and_those_already_there(client, manager, posting, make_applicants):
    applicants = make_applicants(posting, 24)
    already = ApplicationFactory(posting=posting)
    already.move_to(Stage.REJECTED, by=manager, reason="Earlier")
    client.force_login(manager)

    response = _bulk(client, posting, [*applicants, already], Stage.REJECTED)

    page = page_text(client.get(response["Location"]))
    assert "24 moved to Rejected, 1 was already rejected." in page
    assert page.count('class="alert') <= 3  # one line, not 25 banners (plus the undo bar)


def test_one_moved_meanwhile_by_someone_else_to_the_same_stage_counts_as_already_there(
    client, manager, recruiter, posting
):
    application = ApplicationFactory(posting=posting)
    token = f"{application.pk}:{application.stage}"
    application.move_to(Stage.REJECTED, by=recruiter, reason="Faster")
    client.force_login(manager)

    response = _bulk(client, posting, [], Stage.REJECTED, tokens=[token])

    assert "0 moved to Rejected, 1 was already rejected." in page_text(client.get(response["Location"]))
    assert not BulkMove.objects.exists()  # nothing to undo


def test_undo_restores_the_previous_stages_and_cancels_the_queued_rejections(
    client, manager, posting, make_applicants, django_capture_on_commit_callbacks
):
    submitted = make_applicants(posting, 2)
    screened = ApplicationFactory(posting=posting)
    screened.move_to(Stage.SCREENING, by=manager)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        _bulk(client, posting, [*submitted, screened], Stage.REJECTED)
    assert OutgoingEmail.objects.filter(kind="rejection", cancelled_at__isnull=True).count() == 3
    pipeline = page_text(client.get(reverse("hiring:pipeline", args=[posting.pk])))
    assert "Undo last bulk move" in pipeline

    response = _undo(client, posting, BulkMove.objects.get())

    for application, stage in ((submitted[0], "submitted"), (submitted[1], "submitted"), (screened, "screening")):
        application.refresh_from_db()
        assert application.stage == stage
        undo = application.history.last()
        assert (undo.from_stage, undo.to_stage, undo.by) == ("rejected", stage, manager)
        assert undo.undoes.to_stage == "rejected"
    assert OutgoingEmail.objects.filter(kind="rejection", cancelled_at__isnull=True).count() == 0
    assert mail.outbox == []
    page = page_text(client.get(response["Location"]))
    assert "Undone: 3 applicants put back where they were, 3 queued emails cancelled." in page
    assert "Undo last bulk move" not in page


def test_reports_leave_out_an_undone_move_and_its_undo(client, manager, posting, make_applicants):
    applicants = make_applicants(posting, 2)
    client.force_login(manager)
    _bulk(client, posting, applicants, Stage.REJECTED, email="none")
    _undo(client, posting, BulkMove.objects.get())

    assert StageChange.objects.count() == 4
    assert not StageChange.objects.standing().exists()
    assert not Rejection.objects.filter(change__undone_by__isnull=True).exists()


def test_an_email_already_sent_is_counted_not_called_back(client, manager, posting, django_capture_on_commit_callbacks):
    screened = ApplicationFactory(posting=posting)
    screened.move_to(Stage.SCREENING, by=manager)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        _bulk(client, posting, [screened], Stage.INTERVIEW)  # the invitation goes out at once
    assert len(mail.outbox) == 1

    response = _undo(client, posting, BulkMove.objects.get())

    screened.refresh_from_db()
    assert screened.stage == Stage.SCREENING
    assert "1 email had already gone out" in page_text(client.get(response["Location"]))


def test_one_moved_again_since_is_left_as_it_is(client, manager, posting):
    moved_on = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Moved On"))
    stays = ApplicationFactory(posting=posting)
    client.force_login(manager)
    _bulk(client, posting, [moved_on, stays], Stage.SCREENING)
    moved_on.refresh_from_db()
    moved_on.move_to(Stage.INTERVIEW, by=manager)

    response = _undo(client, posting, BulkMove.objects.get())

    moved_on.refresh_from_db()
    stays.refresh_from_db()
    assert (moved_on.stage, stays.stage) == (Stage.INTERVIEW, Stage.SUBMITTED)
    assert "1 moved again since, left as they are" in page_text(client.get(response["Location"]))


def test_only_my_latest_bulk_move_within_the_hour_can_be_undone_and_only_once(
    client, manager, recruiter, posting, make_applicants
):
    first, second = make_applicants(posting, 2)
    client.force_login(manager)
    _bulk(client, posting, [first], Stage.SCREENING)
    _bulk(client, posting, [second], Stage.SCREENING)
    older, latest = BulkMove.objects.order_by("at", "pk")

    assert "no bulk move of yours to undo" in page_text(client.get(_undo(client, posting, older)["Location"]))
    _undo(client, posting, latest)
    assert "no bulk move of yours to undo" in page_text(client.get(_undo(client, posting, latest)["Location"]))

    client.force_login(recruiter)  # someone else's move is not theirs to undo
    _bulk(client, posting, [first], Stage.INTERVIEW)
    BulkMove.objects.filter(by=recruiter).update(at=timezone.now() - datetime.timedelta(hours=2))
    assert "Undo last bulk move" not in page_text(client.get(reverse("hiring:pipeline", args=[posting.pk])))


def test_the_bulk_bar_sits_above_the_list(client, manager, posting, application):
    client.force_login(manager)

    page = page_text(client.get(reverse("hiring:pipeline", args=[posting.pk])))

    assert page.index("bulk-bar") < page.index("<table")


def test_the_pipeline_offers_to_undo_my_latest_move_alone_read_with_the_posting(
    client, manager, recruiter, posting, make_applicants, django_assert_num_queries
):
    first, second = make_applicants(posting, 2)
    client.force_login(recruiter)
    _bulk(client, posting, [second], Stage.INTERVIEW)  # someone else's, later: never offered to me
    client.force_login(manager)
    _bulk(client, posting, [first], Stage.SCREENING)
    _bulk(client, posting, [first], Stage.INTERVIEW, tokens=[f"{first.pk}:{Stage.SCREENING}"])
    BulkMove.objects.filter(by=recruiter).update(at=timezone.now() + datetime.timedelta(seconds=5))
    older, latest = BulkMove.objects.filter(by=manager).order_by("at", "pk")
    url = reverse("hiring:pipeline", args=[posting.pk])

    with django_assert_num_queries(7):  # as with no move to undo (tests/hiring/test_pipeline.py)
        offered = client.get(url).context["last_bulk_move"]
    _undo(client, posting, latest)

    assert (offered.pk, offered.stage) == (latest.pk, Stage.INTERVIEW)
    # Undone, it is not offered again, and the one before it is not offered instead.
    assert client.get(url).context["last_bulk_move"] is None
    assert older.undone_at is None
