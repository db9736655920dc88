"""Guessing passwords, mass sign-ups and reset floods are slowed down, and people are told why."""

import time
from unittest import mock

from django.urls import reverse

from accounts import throttle
from accounts.models import User
from tests.factories import UserFactory

SIGN_IN = reverse("accounts:login")
SIGN_UP = reverse("accounts:signup")
RESET = reverse("accounts:password_reset")
PASSWORD = "correct horse battery"


def _sign_in(client, email, password, address="203.0.113.7"):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, db):
    UserFactory(email="ana@example.com")
    for _ in range(5):
        assert _sign_in(client, "ana@example.com", "wrong guess").status_code == 200

    response = _sign_in(client, "ANA@example.com", PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html and "try again in 15 minutes" in html
    assert 'value="ANA@example.com"' in html  # what was typed is kept, the password is not
    assert PASSWORD not in html
    assert "_auth_user_id" not in client.session


def test_the_lock_on_one_account_leaves_others_alone(client, db):
    UserFactory(email="ana@example.com")
    UserFactory(email="ben@example.com")
    for _ in range(5):
        _sign_in(client, "ana@example.com", "wrong guess")

    assert _sign_in(client, "ben@example.com", PASSWORD, address="198.51.100.9").status_code == 302


def test_an_unknown_address_gets_the_same_lock_out_as_a_known_one(client, db):
    for _ in range(5):
        _sign_in(client, "nobody@example.com", "wrong guess")
    UserFactory(email="ana@example.com")
    for _ in range(5):
        _sign_in(client, "ana@example.com", "wrong guess", address="198.51.100.9")

    unknown = _sign_in(client, "nobody@example.com", "x")
    known = _sign_in(client, "ana@example.com", "x", address="198.51.100.9")
    assert unknown.status_code == known.status_code == 429


def test_one_address_trying_many_accounts_is_stopped(client, db):
    UserFactory(email="ana@example.com")
    for n in range(20):
        _sign_in(client, f"guess{n}@example.com", "wrong guess")

    assert _sign_in(client, "ana@example.com", PASSWORD).status_code == 429
    assert _sign_in(client, "ana@example.com", PASSWORD, address="198.51.100.9").status_code == 302


def test_a_successful_sign_in_clears_the_accounts_failures(client, db):
    UserFactory(email="ana@example.com")
    for _ in range(4):
        _sign_in(client, "ana@example.com", "wrong guess")
    assert _sign_in(client, "ana@example.com", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _sign_in(client, "ana@example.com", "wrong guess")

    assert _sign_in(client, "ana@example.com", PASSWORD).status_code == 302


def _sign_up(client, email, address="203.0.113.7", **extra):
    data = {
        "full_name": "Real Person",
        "email": email,
        "password1": "a long pass 2026!",
        "password2": "a long pass 2026!",
    }
    return client.post(SIGN_UP, {**data, **extra}, REMOTE_ADDR=address)


def test_successful_sign_ups_from_one_address_are_not_limited(client, db):
    """A hospital's shared Wi-Fi or a job fair: many people sign up from one address in an hour."""
    for n in range(12):
        assert _sign_up(client, f"nurse{n}@example.com").status_code == 302
        client.logout()
    assert User.objects.filter(email__startswith="nurse").count() == 12


def test_refused_sign_ups_from_one_address_are_limited_then_a_pause(client, db):
    UserFactory(email="ana@example.com")
    for _ in range(29):
        assert _sign_up(client, "ANA@example.com").status_code == 200  # probing a taken address
    assert _sign_up(client, "real@example.com", password2="does not match").status_code == 200

    response = _sign_up(client, "real@example.com")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html and "try again in 60 minutes" in html
    assert 'value="real@example.com"' in html and 'value="Real Person"' in html
    assert "a long pass 2026!" not in html
    assert not User.objects.filter(email="real@example.com").exists()
    assert _sign_up(client, "real@example.com", address="198.51.100.9").status_code == 302


def test_a_locked_sign_up_does_not_say_whether_the_address_has_an_account(client, db):
    UserFactory(email="ana@example.com")
    for _ in range(30):
        _sign_up(client, "nurse@example.com", password2="does not match")

    taken, free = _sign_up(client, "ana@example.com"), _sign_up(client, "free@example.com")

    assert taken.status_code == free.status_code == 429
    for html in (taken.content.decode(), free.content.decode()):
        assert "Too many attempts" in html
        assert "could not create an account" not in html and "is-invalid" not in html


def test_reset_requests_from_one_address_are_limited(client, db, mailoutbox):
    for n in range(5):
        assert client.post(RESET, {"email": f"person{n}@example.com"}, REMOTE_ADDR="203.0.113.7").status_code == 302

    response = client.post(RESET, {"email": "ana@example.com"}, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert 'value="ana@example.com"' in response.content.decode()
    assert client.post(RESET, {"email": "ana@example.com"}, REMOTE_ADDR="198.51.100.9").status_code == 302


def test_a_lock_out_ends_with_its_window(client, db):
    UserFactory(email="ana@example.com")
    for _ in range(5):
        _sign_in(client, "ana@example.com", "wrong guess")
    now = time.time()
    with mock.patch("time.time", return_value=now + 10 * 60):
        locked = _sign_in(client, "ana@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "try again in 5 minutes" in locked.content.decode()

    with mock.patch("time.time", return_value=now + 15 * 60 + 1):
        assert _sign_in(client, "ana@example.com", PASSWORD).status_code == 302


def test_the_sixth_attempt_is_refused_without_checking_the_password(client, db):
    UserFactory(email="ana@example.com")
    for _ in range(5):
        _sign_in(client, "ana@example.com", "wrong guess")

    with mock.patch("django.contrib.auth.authenticate") as authenticate:
        assert _sign_in(client, "ana@example.com", PASSWORD).status_code == 429
    authenticate.assert_not_called()


def test_counts_ignore_case_and_spaces_and_a_reset_clears_them(db):
    limit = throttle.Throttle("test", limit=3, window_seconds=60)
    assert [limit.hit("Ana@Example.com ") for _ in range(3)] == [1, 2, 3]
    assert limit.blocked("ana@example.com")
    assert limit.minutes_left("ana@example.com") == 1
    limit.reset("ana@example.com")
    assert not limit.blocked("ana@example.com")


def test_a_few_sign_ins_and_outs_never_lock_anyone(client, db):
    UserFactory(email="ana@example.com")
    for _ in range(25):
        assert _sign_in(client, "ana@example.com", PASSWORD).status_code == 302
        client.logout()


def test_reset_requests_are_limited_per_account_with_the_same_words_for_unknown_ones(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="ana@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.post(RESET, {"email": "ana@example.com"}, REMOTE_ADDR="203.0.113.7").status_code == 302
    for _ in range(3):
        client.post(RESET, {"email": "nobody@example.com"}, REMOTE_ADDR="198.51.100.9")

    known = client.post(RESET, {"email": "ana@example.com"}, REMOTE_ADDR="192.0.2.1")
    unknown = client.post(RESET, {"email": "nobody@example.com"}, REMOTE_ADDR="192.0.2.2")

    assert known.status_code == unknown.status_code == 429
    assert len(mailoutbox) == 3


def test_when_the_counts_cannot_be_read_sign_in_stays_closed_and_says_so(client, db):
    from django.db import DatabaseError

    from accounts.models import AttemptCount

    UserFactory(email="ana@example.com")
    with (
        mock.patch.object(AttemptCount.objects, "filter", side_effect=DatabaseError("connection lost")),
        mock.patch("django.contrib.auth.authenticate") as authenticate,
    ):
        response = _sign_in(client, "ana@example.com", PASSWORD)

    assert response.status_code == 503
    assert "cannot check sign-in attempts right now" in response.content.decode()
    assert 'value="ana@example.com"' in response.content.decode()
    authenticate.assert_not_called()
    assert "_auth_user_id" not in client.session


def test_when_the_counts_cannot_be_written_a_wrong_password_is_not_let_through_uncounted(client, db):
    UserFactory(email="ana@example.com")
    with mock.patch.object(throttle.Throttle, "hit", side_effect=throttle.ThrottleUnavailable("read-only")):
        response = _sign_in(client, "ana@example.com", "wrong guess")

    assert response.status_code == 503
    assert "cannot check sign-in attempts right now" in response.content.decode()


def test_counts_live_in_the_database_and_are_shared_by_every_process(client, db, settings):
    """Nothing in the page cache can push a count out: clearing the cache entirely leaves the lock in place."""
    from django.core.cache import cache

    UserFactory(email="ana@example.com")
    for _ in range(5):
        _sign_in(client, "ana@example.com", "wrong guess")
    cache.clear()

    assert _sign_in(client, "ana@example.com", PASSWORD).status_code == 429


def test_expired_counts_are_cleared(db):
    limit = throttle.Throttle("test", limit=3, window_seconds=60)
    limit.hit("ana@example.com")
    with mock.patch("time.time", return_value=time.time() + 61):
        assert throttle.clear_expired() == 1
    assert limit.count("ana@example.com") == 0
