"""Which address the per-address limits count: the visitor's, also behind a reverse proxy, never one they made up."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts import throttle
from tests.factories import UserFactory

SIGN_IN = reverse("accounts:login")
PROXY = "127.0.0.1"
PASSWORD = "correct horse battery"


def _sign_in(client, email, password, *, remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(SIGN_IN, {"username": email, "password": password}, **headers)


def test_behind_a_proxy_one_guesser_does_not_lock_everybody_out(client, db, settings):
    settings.TRUSTED_PROXIES = 1
    UserFactory(email="ana@example.com")
    for n in range(25):
        _sign_in(client, f"guess{n}@example.com", "wrong", forwarded="198.51.100.66")

    assert _sign_in(client, "ana@example.com", PASSWORD, forwarded="198.51.100.66").status_code == 429
    assert _sign_in(client, "ana@example.com", PASSWORD, forwarded="203.0.113.20").status_code == 302


def test_a_made_up_forwarded_address_does_not_escape_the_limit(client, db, settings):
    settings.TRUSTED_PROXIES = 1
    UserFactory(email="ana@example.com")
    for n in range(25):
        # The client writes a fresh address each time; the proxy appends the one it really saw.
        _sign_in(client, f"guess{n}@example.com", "wrong", forwarded=f"10.0.0.{n}, 198.51.100.66")

    assert _sign_in(client, "ana@example.com", PASSWORD, forwarded="10.9.9.9, 198.51.100.66").status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, db, settings):
    settings.TRUSTED_PROXIES = 0
    UserFactory(email="ana@example.com")
    for n in range(25):
        _sign_in(client, f"guess{n}@example.com", "wrong", remote="198.51.100.66", forwarded=f"10.0.0.{n}")

    assert (
        _sign_in(client, "ana@example.com", PASSWORD, remote="198.51.100.66", forwarded="10.9.9.9").status_code == 429
    )


def test_addresses_of_one_ipv6_network_count_together(client, db):
    UserFactory(email="ana@example.com")
    for n in range(25):
        _sign_in(client, f"guess{n}@example.com", "wrong", remote=f"2001:db8:5:7::{n + 1:x}")

    assert _sign_in(client, "ana@example.com", PASSWORD, remote="2001:db8:5:7:ffff::1").status_code == 429
    assert _sign_in(client, "ana@example.com", PASSWORD, remote="2001:db8:5:8::1").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "counted"),
    [
        (0, "203.0.113.7", None, "203.0.113.7"),
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        (2, PROXY, "1.1.1.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, PROXY, None, PROXY),  # a request that skipped the proxy: its own address
        (1, PROXY, " , ", PROXY),
        (0, "::ffff:203.0.113.7", None, "203.0.113.7"),
        (0, "2001:db8::1", None, "2001:db8::/64"),
        (0, "", None, ""),
    ],
)
def test_the_counted_address(settings, proxies, remote, forwarded, counted):
    settings.TRUSTED_PROXIES = proxies
    headers = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    assert throttle.client_address(RequestFactory().get("/", **headers)) == counted
