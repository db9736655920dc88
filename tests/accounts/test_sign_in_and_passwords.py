"""Signing in, resetting and changing the password; no message tells whether an email is registered."""

import re

import pytest
from django.db import connection
from django.tasks import task_backends
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.tasks import send_password_reset
from applications.models import OutgoingEmail

pytestmark = pytest.mark.django_db

LOGIN_URL = "/account/sign-in/"
PASSWORD = "correct horse battery"


def test_the_account_urls_are_stable():
    assert reverse("accounts:login") == LOGIN_URL
    assert reverse("accounts:logout") == "/account/sign-out/"
    assert reverse("accounts:password_reset") == "/account/password-reset/"
    assert reverse("accounts:password_change") == "/account/password/"


def test_signing_in_ignores_the_case_of_the_email(client, candidate):
    response = client.post(LOGIN_URL, {"username": "Candidate@EXAMPLE.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(candidate.pk)


def test_a_wrong_password_and_an_unknown_email_read_the_same(client, candidate):
    wrong_password = client.post(LOGIN_URL, {"username": "candidate@example.com", "password": "nope"}).content.decode()
    unknown = client.post(LOGIN_URL, {"username": "nobody@example.com", "password": "nope"}).content.decode()

    message = "That email address and password do not match an account."
    assert message in wrong_password and message in unknown
    assert 'value="candidate@example.com"' in wrong_password
    assert "case-sensitive" not in wrong_password


def test_the_sign_in_page_offers_sign_up_and_reset(client):
    page = client.get(f"{LOGIN_URL}?next=/account/applications/").content.decode()
    assert 'href="/account/sign-up/?next=/account/applications/"' in page
    assert 'href="/account/password-reset/"' in page


def test_signing_out_needs_a_post(client, candidate):
    client.force_login(candidate)
    assert client.get("/account/sign-out/").status_code == 405
    client.post("/account/sign-out/")
    assert "_auth_user_id" not in client.session


# --- Password reset ---------------------------------------------------------------------------------


def test_reset_answers_the_same_for_known_and_unknown_addresses(
    client, candidate, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        known = client.post(reverse("accounts:password_reset"), {"email": "CANDIDATE@example.com"}, follow=True)
        unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert "If an account uses the address you entered" in known.content.decode()
    assert "If an account uses the address you entered" in unknown.content.decode()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["candidate@example.com"]


def test_the_reset_link_sets_a_new_password(client, candidate, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "candidate@example.com"})
    email = mailoutbox[0]
    assert "Riverbend Health OT Careers" in email.subject
    link = re.search(r"https?://[^/]+(/account/password-reset/[^\s]+/)", email.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "splint-and-sling-2026", "new_password2": "splint-and-sling-2026"}
    )

    assert response["Location"] == reverse("accounts:password_reset_complete")
    candidate.refresh_from_db()
    assert candidate.check_password("splint-and-sling-2026")
    # The link works once.
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_a_mail_server_that_is_down_does_not_break_the_reset_page(
    client, candidate, monkeypatch, django_capture_on_commit_callbacks
):
    def smtp_down(self, messages):
        raise OSError("Connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", smtp_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "candidate@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    # Kept in the outbox for send_due_emails to retry.
    assert OutgoingEmail.objects.get(kind="password_reset").sent_at is None


def _statements(captured):
    """The SQL run, values left out."""
    return [re.sub(r"'[^']*'|\b\d[\d.e+]*", "?", query["sql"]) for query in captured.captured_queries]


def test_the_reset_request_does_the_same_work_for_known_and_unknown_addresses_and_never_waits_on_mail(
    client, candidate, settings, mailoutbox
):
    """The look-up, the link and the email are the task queue's: the response cannot be timed to tell accounts apart."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    reset = reverse("accounts:password_reset")
    client.post(reset, {"email": "warm-up@example.com"}, REMOTE_ADDR="192.0.2.1")  # the session and counts exist
    with CaptureQueriesContext(connection) as known:
        client.post(reset, {"email": "candidate@example.com"}, REMOTE_ADDR="192.0.2.2")
    with CaptureQueriesContext(connection) as unknown:
        client.post(reset, {"email": "nobody@example.com"}, REMOTE_ADDR="192.0.2.3")

    # The same statements (only the counted keys differ), and neither looks the account up.
    assert _statements(known) == _statements(unknown)
    assert not any("accounts_user" in query["sql"] for query in known.captured_queries)
    assert mailoutbox == [] and not OutgoingEmail.objects.exists()
    queued = [(result.task.name, result.args) for result in task_backends["default"].results]
    assert queued[-2:] == [
        ("send_password_reset", ["candidate@example.com"]),
        ("send_password_reset", ["nobody@example.com"]),
    ]


def test_the_reset_task_sends_the_link_through_the_outbox(candidate, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_password_reset.call("candidate@example.com", domain="jobs.example.org", use_https=True)
        send_password_reset.call("nobody@example.com", domain="jobs.example.org", use_https=True)

    assert [email.to for email in mailoutbox] == [["candidate@example.com"]]
    assert "https://jobs.example.org/account/password-reset/" in mailoutbox[0].body
    stored = OutgoingEmail.objects.get(kind="password_reset")
    assert stored.sent_at is not None
    assert "password-reset" not in stored.body  # the link is not kept once sent


# --- Password change --------------------------------------------------------------------------------


def test_changing_the_password_needs_the_old_one_and_keeps_the_person_signed_in(client, candidate):
    client.force_login(candidate)
    url = reverse("accounts:password_change")

    wrong = client.post(
        url, {"old_password": "nope", "new_password1": "splint-2026-otr", "new_password2": "splint-2026-otr"}
    )
    assert "Your old password was entered incorrectly" in wrong.content.decode()

    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "splint-2026-otr", "new_password2": "splint-2026-otr"}
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    assert User.objects.get(pk=candidate.pk).check_password("splint-2026-otr")
    assert client.get(reverse("applications:application_list")).status_code == 200


def test_the_change_page_needs_sign_in(client):
    response = client.get(reverse("accounts:password_change"))
    assert response["Location"].startswith(LOGIN_URL)
