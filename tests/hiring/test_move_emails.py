"""Emails to candidates on moves: chosen moves only, after commit, a rejection held back."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, OutgoingEmail
from applications.tasks import send_due_emails
from hiring.models import EmailTemplate
from tests.hiring.conftest import listed_reason

Stage = Application.Stage


def _move(client, application, stage, *, reason="", email="usual"):
    return client.post(
        reverse("hiring:move", args=[application.pk]),
        {
            "stage": stage,
            "expected_stage": application.stage,
            "rejection_reason": listed_reason() if stage == Stage.REJECTED else "",
            "reason": reason,
            "email": email,
        },
    )


def test_an_interview_invitation_is_sent_only_after_the_move_commits(
    client, manager, application, django_capture_on_commit_callbacks
):
    application.move_to(Stage.SCREENING, by=manager)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _move(client, application, Stage.INTERVIEW).status_code == 302
        # Stored with the move, but nothing has left yet: the transaction has not committed.
        email = OutgoingEmail.objects.get(kind="interview")
        assert email.sent_at is None
        assert mail.outbox == []

    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert email.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["candidate@example.com"]
    assert mail.outbox[0].subject == f"Interview invitation: {application.posting.display_title}"
    assert "Casey Candidate" in mail.outbox[0].body


def test_an_offer_email_goes_out_at_once(client, manager, application, django_capture_on_commit_callbacks):
    for stage in (Stage.SCREENING, Stage.INTERVIEW):
        application.move_to(stage, by=manager)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, application, Stage.OFFER)

    assert [message.subject for message in mail.outbox] == [f"An offer for {application.posting.display_title}"]


def test_a_rejection_is_held_back_for_the_templates_delay(
    client, manager, application, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, application, Stage.REJECTED, reason="Not enough inpatient experience")

    email = OutgoingEmail.objects.get(kind="rejection")
    assert before + datetime.timedelta(hours=48) <= email.send_after <= timezone.now() + datetime.timedelta(hours=48)
    assert email.sent_at is None
    assert mail.outbox == []
    # The periodic sender leaves it alone until its time has come.
    assert send_due_emails.call() == 0
    OutgoingEmail.objects.filter(pk=email.pk).update(send_after=timezone.now() - datetime.timedelta(minutes=1))
    assert send_due_emails.call() == 1
    assert len(mail.outbox) == 1


def test_a_rejection_can_be_sent_now(client, manager, application, django_capture_on_commit_callbacks):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, application, Stage.REJECTED, reason="Position requires pediatrics", email="now")

    email = OutgoingEmail.objects.get(kind="rejection")
    assert email.sent_at is not None
    assert len(mail.outbox) == 1


def test_choosing_not_to_email_sends_nothing(client, manager, application, django_capture_on_commit_callbacks):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, application, Stage.REJECTED, reason="Duplicate application", email="none")

    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_screening_sends_no_email(client, manager, application, django_capture_on_commit_callbacks):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, application, Stage.SCREENING)

    assert not OutgoingEmail.objects.exists()


def test_an_email_switched_off_by_admins_is_not_sent(client, manager, application, django_capture_on_commit_callbacks):
    EmailTemplate.objects.filter(kind="rejection").update(send_automatically=False)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, application, Stage.REJECTED, reason="Not a fit")

    assert not OutgoingEmail.objects.exists()


def test_a_refused_move_stores_and_sends_no_email(client, manager, application, django_capture_on_commit_callbacks):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = _move(client, application, Stage.HIRED)

    assert response.status_code == 400
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_an_admin_edit_of_the_template_reaches_the_next_email(
    client, manager, application, django_capture_on_commit_callbacks
):
    EmailTemplate.objects.filter(kind="interview").update(
        subject="Let's meet, {{ candidate_name }}", body="See you soon at {{ organization }}."
    )
    application.move_to(Stage.SCREENING, by=manager)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, application, Stage.INTERVIEW)

    assert mail.outbox[0].subject == "Let's meet, Casey Candidate"


@pytest.mark.parametrize("email", ["usual", "now"])
def test_the_interview_email_is_not_doubled_by_send_now(
    client, manager, application, django_capture_on_commit_callbacks, email
):
    application.move_to(Stage.SCREENING, by=manager)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _move(client, application, Stage.INTERVIEW, email=email)

    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.count() == 1
