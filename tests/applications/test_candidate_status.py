"""The candidate reads "Not selected" only once the rejection email has gone out."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, OutgoingEmail
from applications.tasks import send_due_emails
from hiring import moves

Stage = Application.Stage


def _pages(client, application):
    listing = client.get(reverse("applications:application_list")).content.decode()
    detail = client.get(reverse("applications:application_detail", args=[application.pk])).content.decode()
    return listing, detail


def test_a_rejection_waiting_its_email_still_reads_as_the_stage_before(
    client, manager, candidate, application, django_capture_on_commit_callbacks
):
    application.move_to(Stage.SCREENING, by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        moves.move(application, Stage.REJECTED, by=manager, reason="No Texas licence")
    client.force_login(candidate)

    for page in _pages(client, application):
        assert "Not selected" not in page
        assert "Under review" in page
        assert "status-rejected" not in page  # not even in a class name
    assert mail.outbox == []  # held back 48 hours

    # 48 hours later, the periodic sender sends it.
    OutgoingEmail.objects.filter(kind="rejection").update(send_after=timezone.now() - datetime.timedelta(minutes=1))
    assert send_due_emails.call() == 1
    assert len(mail.outbox) == 1

    for page in _pages(client, application):
        assert "Not selected" in page


def test_a_rejection_without_an_email_reads_as_not_selected_at_once(client, manager, candidate, application):
    moves.move(application, Stage.REJECTED, by=manager, reason="Duplicate", email=moves.EmailChoice.NONE)
    client.force_login(candidate)

    listing, detail = _pages(client, application)

    assert "Not selected" in listing and "Not selected" in detail


def test_a_cancelled_rejection_email_leaves_nothing_to_wait_for(client, manager, candidate, application):
    moves.move(application, Stage.REJECTED, by=manager, reason="No Texas licence")
    OutgoingEmail.objects.filter(kind="rejection").update(cancelled_at=timezone.now())
    client.force_login(candidate)

    assert "Not selected" in _pages(client, application)[1]


def test_the_data_export_waits_for_the_email_too(client, manager, candidate, application):
    moves.move(application, Stage.REJECTED, by=manager, reason="No Texas licence")
    client.force_login(candidate)

    data = client.get(reverse("applications:data_export")).json()

    assert data["applications"][0]["status"] == "Submitted — we have your application"
    assert [entry["to"] for entry in data["applications"][0]["history"]] == []


def test_while_a_rejection_waits_its_email_there_is_no_withdraw_button_and_no_hint_why(
    client, manager, candidate, application
):
    application.move_to(Stage.SCREENING, by=manager)
    moves.move(application, Stage.REJECTED, by=manager, reason="No Texas licence")
    withdraw_url = reverse("applications:withdraw", args=[application.pk])
    client.force_login(candidate)

    detail = _pages(client, application)[1]
    refused = client.post(withdraw_url, follow=True).content.decode()

    assert "Under review" in detail and withdraw_url not in detail
    assert "can no longer be withdrawn" in refused
    assert "Not selected" not in refused and "no longer open" not in refused
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED


def test_an_open_application_keeps_its_withdraw_button(client, manager, candidate, application):
    application.move_to(Stage.SCREENING, by=manager)
    client.force_login(candidate)

    assert reverse("applications:withdraw", args=[application.pk]) in _pages(client, application)[1]
