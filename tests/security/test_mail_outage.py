"""The mail server is down: moves are saved, their emails wait, and they go out once it is back.

Applying while it is down is in tests/applications/test_apply_emails.py; these cover the hiring
workspace's moves and an outage that lasts longer than a few runs of `send_due_emails`.
"""

import datetime
import smtplib

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, OutgoingEmail, StageChange
from tests.factories import ApplicationFactory
from tests.hiring.conftest import listed_reason

Stage = Application.Stage
CRON_EVERY = datetime.timedelta(minutes=5)  # how often README's crontab runs send_due_emails


@pytest.fixture
def smtp(monkeypatch):
    """Switch the mail server off and on; while off every send fails as a refused connection does."""

    class MailServer:
        up = True
        refused = 0

    server = MailServer()
    real_send = "django.core.mail.backends.locmem.EmailBackend.send_messages"
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def send_messages(backend, messages):
        if not server.up:
            server.refused += 1
            raise smtplib.SMTPConnectError(421, "mail.example.org is not answering")
        return original(backend, messages)

    monkeypatch.setattr(real_send, send_messages)
    return server


@pytest.fixture
def clock(monkeypatch):
    """A settable now, for runs of send_due_emails over hours of outage."""

    class Clock:
        now = timezone.now()

        def advance(self, delta):
            self.now += delta

    clock = Clock()
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock.now)
    return clock


def _send_due():
    call_command("send_due_emails", stdout=_Quiet())


def test_moves_are_saved_while_mail_is_down_and_their_emails_go_out_once_it_is_back(
    client, manager, posting, application, smtp, mailoutbox, django_capture_on_commit_callbacks
):
    second = ApplicationFactory(posting=posting)
    client.force_login(manager)
    smtp.up = False

    with django_capture_on_commit_callbacks(execute=True):
        application.move_to(Stage.SCREENING, by=manager)
        one = client.post(
            reverse("hiring:move", args=[application.pk]),
            {"stage": Stage.INTERVIEW, "expected_stage": Stage.SCREENING, "reason": "", "email": "usual"},
        )
        many = client.post(
            reverse("hiring:bulk_move", args=[posting.pk]),
            {
                "selected": [f"{second.pk}:{second.stage}"],
                "stage": Stage.REJECTED,
                "rejection_reason": listed_reason(),
                "reason": "Not a fit",
                "email": "now",
            },
        )

    assert one.status_code == many.status_code == 302
    application.refresh_from_db()
    second.refresh_from_db()
    assert (application.stage, second.stage) == (Stage.INTERVIEW, Stage.REJECTED)
    assert StageChange.objects.filter(application__in=[application, second]).count() == 3
    waiting = OutgoingEmail.objects.filter(application__in=[application, second])
    assert {email.kind for email in waiting} == {"interview", "rejection"}
    assert all(email.sent_at is None and email.attempts == 1 for email in waiting)
    assert mailoutbox == []

    smtp.up = True
    _send_due()

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [application.candidate.email, second.candidate.email]
    )
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


def test_a_two_day_outage_is_retried_at_growing_intervals_and_nothing_is_lost(
    application, smtp, clock, mailoutbox, django_capture_on_commit_callbacks
):
    from applications.emails import queue_email

    smtp.up = False
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(
            kind="interview", to=["casey@example.com"], subject="Interview", body="Hello", application=application
        )
    for _ in range(2 * 24 * 12):  # every five minutes for two days
        clock.advance(CRON_EVERY)
        _send_due()

    email.refresh_from_db()
    assert email.sent_at is None
    # Retries space out instead of knocking every five minutes (576 runs) or giving up after a few.
    assert 10 < email.attempts < 80
    assert "SMTPConnectError" in email.last_error

    smtp.up = True
    for _ in range(12):  # the next hour
        clock.advance(CRON_EVERY)
        _send_due()

    email.refresh_from_db()
    assert email.sent_at is not None
    assert [message.subject for message in mailoutbox] == ["Interview"]


def test_an_email_that_keeps_failing_for_days_stops_being_retried(application, smtp, clock):
    from applications.emails import queue_email
    from applications.tasks import MAX_ATTEMPTS

    smtp.up = False
    email = queue_email(
        kind="interview", to=["casey@example.com"], subject="Interview", body="Hello", application=application
    )
    for _ in range(10 * 24):  # hourly for ten days
        clock.advance(datetime.timedelta(hours=1))
        _send_due()

    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == MAX_ATTEMPTS
    assert smtp.refused == MAX_ATTEMPTS


class _Quiet:
    def write(self, text):
        pass

    def flush(self):
        pass
