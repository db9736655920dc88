"""A posting's whole page is cached for visitors with no session, with this request's nonce and CSRF token filled in;
anyone with a session, messages or a query string gets the page built around the cached description."""

import re

from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse

from tests.factories import PublishedPostingFactory

NONCE = re.compile(r"'nonce-([^']+)'")


def _visit(url, **client_options):
    client = Client(**client_options)
    response = client.get(url)
    assert response.status_code == 200
    return client, response, response.content.decode()


def assert_two_visitors_get_their_own_nonce_and_csrf_token(url):
    """Two visits of `url` once it is cached: each its own nonce in every script, its own CSRF token and cookie."""
    pages = [_visit(url) for _ in range(2)]

    nonces = [NONCE.search(response["Content-Security-Policy"]).group(1) for _, response, _ in pages]
    assert nonces[0] != nonces[1]
    for (_, response, page), nonce in zip(pages, nonces, strict=True):
        assert "visitor-slot" not in page
        assert page.count(f'nonce="{nonce}"') == page.count("<script")
        assert "Cookie" in response["Vary"]
        assert 'name="csrfmiddlewaretoken"' in page and response.cookies["csrftoken"].value


def test_each_visitor_of_the_cached_page_gets_their_own_nonce_and_csrf_token(db, catalog):
    url = PublishedPostingFactory().get_absolute_url()
    _visit(url)  # builds and caches the page

    assert_two_visitors_get_their_own_nonce_and_csrf_token(url)


def test_the_save_form_of_a_cached_page_passes_the_csrf_check(db, catalog):
    posting = PublishedPostingFactory()
    _visit(posting.get_absolute_url())
    client, _, page = _visit(posting.get_absolute_url(), enforce_csrf_checks=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(reverse("alerts:save_job", args=[posting.pk]), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]  # signs in first


def test_a_signed_in_candidate_sees_their_own_page_not_the_cached_one(client, db, catalog, candidate):
    url = PublishedPostingFactory().get_absolute_url()
    _visit(url)
    client.force_login(candidate)

    page = client.get(url).content.decode()

    assert "Sign out" in page and candidate.email in page


def test_a_visitor_with_a_message_waiting_sees_it(db, catalog):
    url = PublishedPostingFactory().get_absolute_url()
    _visit(url)
    client = Client()
    # The cookie a redirect after signing out leaves: "You are signed out." waits to be shown.
    carrier = HttpResponse()
    CookieStorage(HttpRequest())._store([Message(constants.SUCCESS, "You are signed out.")], carrier)
    client.cookies[CookieStorage.cookie_name] = carrier.cookies[CookieStorage.cookie_name].value

    assert "You are signed out." in client.get(url).content.decode()
    assert "You are signed out." not in client.get(url).content.decode()  # shown once


def test_a_wrong_slug_is_redirected_even_when_the_page_is_cached(db, catalog):
    posting = PublishedPostingFactory()
    _visit(posting.get_absolute_url())

    response = Client().get(reverse("postings:posting_detail", args=[posting.pk, "old-title"]))

    assert response.status_code == 301 and response["Location"] == posting.get_absolute_url()
