"""Guessing passwords, mass sign-ups and reset floods are slowed down, and people are told why."""

from django.urls import reverse

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


def test_sign_ups_from_one_address_are_limited(client, db):
    for n in range(10):
        client.post(SIGN_UP, {"full_name": "Bot", "email": f"bot{n}@example.com"}, REMOTE_ADDR="203.0.113.7")

    response = client.post(
        SIGN_UP,
        {"full_name": "Real Person", "email": "real@example.com", "password1": "a long pass 2026!", "password2": "a long pass 2026!"},
        REMOTE_ADDR="203.0.113.7",
    )

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert 'value="real@example.com"' in response.content.decode()


def test_reset_requests_are_limited_per_account_with_the_same_words_for_unknown_ones(client, db, mailoutbox):
    UserFactory(email="ana@example.com")
    for _ in range(3):
        assert client.post(RESET, {"email": "ana@example.com"}, REMOTE_ADDR="203.0.113.7").status_code == 302
    for _ in range(3):
        client.post(RESET, {"email": "nobody@example.com"}, REMOTE_ADDR="198.51.100.9")

    known = client.post(RESET, {"email": "ana@example.com"}, REMOTE_ADDR="192.0.2.1")
    unknown = client.post(RESET, {"email": "nobody@example.com"}, REMOTE_ADDR="192.0.2.2")

    assert known.status_code == unknown.status_code == 429
    assert len(mailoutbox) == 3
