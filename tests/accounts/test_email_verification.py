"""Confirming the email address: a signed link that expires; until then a profile, no applications, no other email."""

import importlib
import re
import time
from unittest import mock

import pytest
from django.apps import apps
from django.urls import reverse

from accounts import verification
from accounts.models import User
from applications.emails import queue_email
from applications.models import Application, OutgoingEmail
from portal.log_redaction import scrub
from tests.applications.apply_helpers import apply_data
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGN_UP = reverse("accounts:signup")
EMAIL_PAGE = reverse("accounts:email")
PASSWORD = "correct horse battery"


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """Run what the outbox sends after commit, then give the emails that left."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        return result

    run.outbox = mailoutbox
    return run


def _link(email):
    return re.search(r"https?://[^/\s]+(/account/verify-email/[^\s]+/)", email.body).group(1)


def _sign_up(client, email="new.person@example.com"):
    data = {
        "full_name": "New Person",
        "email": email,
        "password1": "a long pass 2026!",
        "password2": "a long pass 2026!",
    }
    return client.post(SIGN_UP, data)


@pytest.fixture
def newcomer(client, sent):
    """Signed up a moment ago, not confirmed yet; the confirmation email is in sent.outbox."""
    assert sent(lambda: _sign_up(client)).status_code == 302
    return User.objects.get(email="new.person@example.com")


def test_a_new_account_gets_one_email_the_confirmation_link(newcomer, sent):
    assert not newcomer.email_verified
    assert [email.to for email in sent.outbox] == [["new.person@example.com"]]
    assert "Confirm your email address" in sent.outbox[0].subject
    assert _link(sent.outbox[0]).startswith("/account/verify-email/")
    stored = OutgoingEmail.objects.get()
    assert stored.kind == OutgoingEmail.Kind.EMAIL_VERIFICATION and "/verify-email/" not in stored.body


def test_an_unconfirmed_account_fills_its_profile_but_cannot_apply(client, newcomer, posting):
    assert (
        client.post(
            reverse("applications:profile"),
            {"full_name": "New Person", "years_experience": 3, "years_leadership": 0}
            | {"licenses-TOTAL_FORMS": 0, "licenses-INITIAL_FORMS": 0},
        ).status_code
        == 302
    )
    assert "Confirm your email address to apply" in client.get(reverse("applications:profile")).content.decode()

    page = client.get(reverse("applications:apply", args=[posting.pk]))
    submit = client.post(reverse("applications:apply", args=[posting.pk]), apply_data(posting))

    assert page.status_code == submit.status_code == 403
    assert "Confirm your email address to apply" in page.content.decode()
    assert 'name="consent"' not in page.content.decode()
    assert not Application.objects.exists()


def test_opening_the_link_asks_once_more_then_confirms_and_applying_opens(client, newcomer, sent, posting):
    link = _link(sent.outbox[0])

    shown = client.get(link)
    newcomer.refresh_from_db()
    assert shown.status_code == 200 and not newcomer.email_verified  # a mail scanner's visit confirms nothing

    assert client.post(link).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.email_verified
    assert client.get(reverse("applications:apply", args=[posting.pk])).status_code == 200


def test_a_link_expires_after_three_days(client, newcomer, sent):
    link = _link(sent.outbox[0])

    with mock.patch("time.time", return_value=time.time() + 3 * 24 * 3600 + 60):
        response = client.post(link)

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.email_verified


@pytest.mark.parametrize("damage", [lambda link: link[:-8] + "AAAAAAA/", lambda link: "/account/verify-email/x:y:z/"])
def test_a_damaged_link_confirms_nothing(client, newcomer, sent, damage):
    response = client.post(damage(_link(sent.outbox[0])))

    assert response.status_code == 400
    newcomer.refresh_from_db()
    assert not newcomer.email_verified


def test_asking_for_the_link_again_is_limited(client, newcomer, sent):
    for _ in range(3):
        sent(lambda: client.post(reverse("accounts:resend_verification")))
    refused = client.post(reverse("accounts:resend_verification"), follow=True)

    assert "Too many attempts" in refused.content.decode()
    assert len(sent.outbox) == 1 + 3


def test_changing_the_address_confirms_the_new_one_before_it_replaces_the_old(client, sent):
    person = CandidateFactory(email="ana@example.com")
    client.force_login(person)

    response = sent(lambda: client.post(EMAIL_PAGE, {"email": "Ana.New@Example.com", "password": PASSWORD}))

    assert response.status_code == 302
    assert [email.to for email in sent.outbox] == [["ana.new@example.com"]]
    person.refresh_from_db()
    assert person.email == "ana@example.com" and person.email_verified  # unchanged until the link is opened
    assert client.post(_link(sent.outbox[0])).status_code == 302
    person.refresh_from_db()
    assert person.email == "ana.new@example.com" and person.email_verified
    # The link is spent: the account's address changed since it was sent.
    assert "changed since this link was sent" in client.post(_link(sent.outbox[0])).content.decode()


def test_a_change_needs_the_password_and_an_address_nobody_has(client):
    person = CandidateFactory(email="ana@example.com")
    UserFactory(email="taken@example.com")
    client.force_login(person)

    wrong_password = client.post(EMAIL_PAGE, {"email": "ana.new@example.com", "password": "guess"})
    taken = client.post(EMAIL_PAGE, {"email": "taken@example.com", "password": PASSWORD})

    assert "That is not your password." in wrong_password.content.decode()
    assert "We could not create an account with this email address" in taken.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_an_address_taken_meanwhile_is_not_stolen_by_an_old_change_link(client, sent):
    person = CandidateFactory(email="ana@example.com")
    client.force_login(person)
    sent(lambda: client.post(EMAIL_PAGE, {"email": "ana.new@example.com", "password": PASSWORD}))
    UserFactory(email="ana.new@example.com")

    response = client.post(_link(sent.outbox[0]))

    assert response.status_code == 400 and "Another account uses this address now" in response.content.decode()
    person.refresh_from_db()
    assert person.email == "ana@example.com"


def test_no_email_but_the_confirmation_goes_to_an_unconfirmed_address(newcomer, sent, client):
    assert queue_email(kind="interview", to=[newcomer.email], subject="Hello", body="Hi") is None
    assert queue_email(kind="interview", to=[newcomer.email, "other@example.com"], subject="x", body="y").to == (
        "other@example.com"
    )
    # A reset asked for it sends the confirmation link instead: the address must be proved first.
    client.logout()
    sent(lambda: client.post(reverse("accounts:password_reset"), {"email": newcomer.email}))

    assert [email.subject for email in sent.outbox] == [
        "Confirm your email address for Riverbend Health OT Careers"
    ] * 2
    assert not OutgoingEmail.objects.filter(kind__in=["interview", "password_reset"], to=newcomer.email).exists()


def test_accounts_made_before_confirmation_existed_count_as_confirmed():
    migration = importlib.import_module("accounts.migrations.0004_add_email_verified_at")
    old = UserFactory(email="old@example.com", email_verified_at=None)

    migration.count_existing_accounts_as_verified(apps, None)

    old.refresh_from_db()
    assert old.email_verified_at == old.date_joined


def test_confirmation_links_never_reach_the_logs(newcomer, sent):
    link = _link(sent.outbox[0])

    line = scrub(f'"POST {link} HTTP/1.1" 302')

    assert link.split("/")[-2] not in line and "/verify-email/[redacted]/" in line


def test_a_link_is_read_without_storing_anything(newcomer):
    token = verification.link_for(newcomer, newcomer.email).split("/")[-2]

    assert verification.read(token) == (newcomer, newcomer.email)


def test_an_account_added_in_the_admin_is_sent_its_confirmation(admin_client, sent):
    sent(
        lambda: admin_client.post(
            reverse("admin:accounts_user_add"),
            {"email": "new.manager@example.com", "full_name": "New Manager", "password1": "a long pass 2026!"}
            | {"password2": "a long pass 2026!"},
        )
    )

    assert [email.to for email in sent.outbox] == [["new.manager@example.com"]]
    assert not User.objects.get(email="new.manager@example.com").email_verified
