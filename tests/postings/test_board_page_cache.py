"""The board's whole page is cached for visitors with no session whose search was accepted: each gets their own nonce,
CSRF token and return address filled in; anyone signed in, with a message waiting or with a refused value gets the
page built around the cached board."""

import re

from django.core.cache import cache
from django.urls import reverse

from alerts.models import SavedJob
from tests.factories import PublishedPostingFactory
from tests.postings.test_posting_page_cache import _visit, assert_two_visitors_get_their_own_nonce_and_csrf_token

BOARD = "/jobs/"
RETURN_TO = re.compile(r'<input type="hidden" name="next" value="([^"]*)">')


def _whole_pages():
    return [key for key in cache._cache if ":board-page:" in key]


def test_a_visit_without_a_session_caches_the_whole_page_and_the_next_reads_it(db, posting, django_assert_num_queries):
    _visit(BOARD)
    assert len(_whole_pages()) == 1

    with django_assert_num_queries(1):  # the board's version
        _, _, page = _visit(BOARD)

    assert posting.display_title in page


def test_each_visitor_of_the_cached_board_gets_their_own_nonce_and_csrf_token(db, posting):
    _visit(BOARD)

    assert_two_visitors_get_their_own_nonce_and_csrf_token(BOARD)


def test_the_save_buttons_come_back_to_the_address_each_visitor_asked(db, posting):
    _visit(f"{BOARD}?state=TX&type=full_time")

    # The same search in another order and with a tracking parameter: the same cached page, its own return address.
    _, _, page = _visit(f"{BOARD}?type=full_time&state=TX&utm_source=%3Cscript%3E")

    assert len(_whole_pages()) == 1
    assert set(RETURN_TO.findall(page)) == {"/jobs/?type=full_time&amp;state=TX&amp;utm_source=%3Cscript%3E"}
    assert "<script>" not in page


def test_the_save_form_of_the_cached_board_passes_the_csrf_check(db, posting):
    _visit(BOARD)
    client, _, page = _visit(BOARD, enforce_csrf_checks=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(reverse("alerts:save_job", args=[posting.pk]), {"csrfmiddlewaretoken": token, "next": BOARD})

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]  # signs in first


def test_a_signed_in_candidate_sees_their_saved_jobs_not_the_cached_page(client, db, posting, candidate):
    _visit(BOARD)
    SavedJob.objects.create(user=candidate, posting=posting)
    client.force_login(candidate)

    page = client.get(BOARD).content.decode()

    assert "Sign out" in page and candidate.email in page
    assert f'aria-label="Saved: {posting.display_title}"' in page


def test_a_refused_value_is_shown_to_its_typist_and_caches_no_whole_page(db, posting):
    _, _, page = _visit(f"{BOARD}?state=TX&role=no-such-level")
    assert "There is no career level “no-such-level”" in page

    _, _, page = _visit(f"{BOARD}?state=TX")

    assert "no-such-level" not in page
    assert len(_whole_pages()) == 1  # the accepted search's, stored by the second visit only


def test_a_page_past_the_last_says_so_and_caches_no_whole_page(db, posting):
    for _ in range(2):
        _, _, page = _visit(f"{BOARD}?page=9")
        assert "There is no page 9: showing page 1, the last." in page

    assert _whole_pages() == []


def test_a_new_posting_shows_on_the_cached_page_at_once(db, posting):
    _visit(BOARD)

    later = PublishedPostingFactory(title="Hand therapy OT, days")

    assert later.display_title in _visit(BOARD)[2]
