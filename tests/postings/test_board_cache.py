"""The cache of the public board, feeds and sitemap: every change shows at once, nothing personal is shared."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from postings.models import BoardVersion, CareSetting, JobPosting
from tests.factories import JobPostingFactory, LocationFactory, PublishedPostingFactory

BOARD = "/jobs/"


def board_html(client, params=None):
    response = client.get(BOARD, params or {})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cached_board(client, posting):
    """The board, the filtered board, both feeds and the sitemap, each visited once so they are cached."""
    for url in (BOARD, f"{BOARD}?state=TX", "/jobs/feed/", "/sitemap.xml"):
        client.get(url)
    b"".join(client.get("/jobs/feed/indeed.xml").streaming_content)
    return posting


def test_a_visit_caches_the_board_and_a_repeat_visit_reads_it(client, posting, django_assert_num_queries):
    board_html(client)
    # Raw SQL bypasses the ORM, so the version stays: what the next visit shows must be the cached page.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE postings_jobposting SET title = %s WHERE id = %s", ["Changed behind its back", posting.pk]
        )

    with django_assert_num_queries(1):  # the board's version only
        html = board_html(client)
    assert "Changed behind its back" not in html  # so it really came from the cache
    assert posting.display_title in html


def test_an_edit_saved_in_the_admin_way_shows_at_once(client, cached_board):
    cached_board.title = "Senior OT — Pediatric Feeding Clinic"
    cached_board.save()

    assert "Senior OT — Pediatric Feeding Clinic" in board_html(client)
    assert "Senior OT — Pediatric Feeding Clinic" in board_html(client, {"state": "TX"})
    assert b"Senior OT \xe2\x80\x94 Pediatric Feeding Clinic" in client.get("/jobs/feed/").content
    assert b"Pediatric Feeding Clinic" in b"".join(client.get("/jobs/feed/indeed.xml").streaming_content)


def test_a_bulk_update_of_postings_shows_at_once(client, cached_board):
    JobPosting.objects.filter(pk=cached_board.pk).update(title="Updated in bulk")

    assert "Updated in bulk" in board_html(client)


def test_postings_added_in_bulk_show_at_once(client, cached_board):
    imported = JobPosting(
        level=cached_board.level,
        setting=cached_board.setting,
        location=cached_board.location,
        title="Imported OT Opening",
        slug="imported-ot-opening",
        description="Brought in from the old careers site.",
        status=JobPosting.Status.PUBLISHED,
        published_at=timezone.now(),
    )

    JobPosting.objects.bulk_create([imported])

    assert "Imported OT Opening" in board_html(client)


def test_a_newly_published_posting_shows_at_once_everywhere(client, cached_board, catalog):
    draft = JobPostingFactory(level=catalog["lead-ot"], title="Lead OT, Brand New")
    assert "Lead OT, Brand New" not in board_html(client)

    draft.publish()

    assert "Lead OT, Brand New" in board_html(client)
    assert "Lead OT, Brand New" in client.get("/jobs/feed/").content.decode()
    assert draft.get_absolute_url() in client.get("/sitemap.xml").content.decode()
    assert b"Lead OT, Brand New" in b"".join(client.get("/jobs/feed/indeed.xml").streaming_content)


def test_a_closed_posting_leaves_the_feeds_and_sitemap_at_once(client, cached_board):
    cached_board.close(JobPosting.CloseReason.FILLED)

    url = cached_board.get_absolute_url()
    assert url not in board_html(client)
    assert url not in client.get("/jobs/feed/").content.decode()
    assert url not in client.get("/sitemap.xml").content.decode()
    assert cached_board.reference.encode() not in b"".join(client.get("/jobs/feed/indeed.xml").streaming_content)


def test_a_deleted_posting_leaves_the_board_at_once(client, catalog):
    older = PublishedPostingFactory(level=catalog["senior-ot"], title="Older Senior OT")
    PublishedPostingFactory(level=catalog["senior-ot"], title="Newer Senior OT")
    assert "Older Senior OT" in board_html(client)

    older.delete()  # not the newest: no "last change" date would notice

    assert "Older Senior OT" not in board_html(client)


def test_a_renamed_care_setting_shows_on_cards_and_filters_at_once(client, cached_board):
    setting = cached_board.setting
    setting.name = "Acute care (hospital floors)"
    setting.save()

    html = board_html(client)

    assert html.count("Acute care (hospital floors)") >= 2  # the card and the filter option


def test_a_new_care_setting_is_offered_as_a_filter_at_once(client, cached_board):
    CareSetting.objects.create(name="Telehealth", slug="telehealth", position=99)

    assert '<option value="telehealth" disabled>Telehealth (0)</option>' in board_html(client)


def test_a_location_edit_shows_at_once(client, cached_board):
    location = cached_board.location
    location.facility_name = "Riverbend Westlake Clinic"
    location.save()

    assert "Riverbend Westlake Clinic" in board_html(client)


def test_a_level_edit_shows_at_once(client, cached_board):
    level = cached_board.level
    level.short_title = "Senior Therapist"
    level.save()

    assert "Senior Therapist" in board_html(client)


def test_a_requirement_added_to_a_posting_reaches_the_indeed_feed_at_once(client, cached_board):
    cached_board.requirements.create(text="Lymphedema certification (CLT)", importance="preferred", position=50)

    body = b"".join(client.get("/jobs/feed/indeed.xml").streaming_content)

    assert b"Lymphedema certification (CLT)" in body


def test_the_version_lives_in_the_database_so_every_worker_sees_a_change(client, posting):
    """Each gunicorn worker has its own memory cache: the version they compare must not live in it."""
    before = BoardVersion.current()
    cache.clear()  # as if another worker, with nothing cached, made the change
    posting.title = "Changed in another worker"
    posting.save()

    assert BoardVersion.current() not in ("", before)
    assert BoardVersion.objects.get().changed_at <= timezone.now()


def test_a_missing_version_row_is_made_again_on_the_next_change(client, posting):
    BoardVersion.objects.all().delete()
    assert BoardVersion.current() == ""
    assert posting.display_title in board_html(client)

    posting.title = "After the version row was lost"
    posting.save()

    assert BoardVersion.current() != ""
    assert "After the version row was lost" in board_html(client)


def test_a_posting_past_its_closing_date_leaves_the_cached_board_at_midnight(client, posting, monkeypatch):
    JobPosting.objects.filter(pk=posting.pk).update(closes_on=timezone.localdate())
    assert posting.get_absolute_url() in board_html(client)

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)

    assert posting.get_absolute_url() not in board_html(client)


def test_each_response_carries_its_own_csp_nonce_around_the_cached_board(client, posting):
    nonces = []
    for _ in range(2):
        response = client.get(BOARD)
        header = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
        in_page = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
        assert in_page == {header}
        nonces.append(header)
    assert nonces[0] != nonces[1]


def test_a_signed_in_visitor_gets_their_own_header_around_the_shared_board(client, candidate, posting):
    board_html(client)  # cached by an anonymous visit
    client.force_login(candidate)

    html = board_html(client)

    assert "Sign out" in html
    assert candidate.email in html  # the header names them
    assert posting.display_title in html


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"state": "TX"},
        {"role": "senior-ot", "state": "TX"},
        {"role": "entry-level-ot", "setting": "home-health", "type": "per_diem"},
        {"q": "rehab"},
        {"q": "rehab", "state": "CO", "type": "full_time"},
    ],
)
def test_facet_counts_from_the_boards_index_match_a_count_per_facet(client, catalog, params):
    """The board's counts (from its index, postings/board_index.py) are what a separate count per facet gives."""
    settings_ = list(CareSetting.objects.all())
    levels = list(catalog.values())
    types = list(JobPosting.EmploymentType.values)
    for n in range(24):
        PublishedPostingFactory(
            level=levels[n % len(levels)],
            setting=settings_[n % 3],
            employment_type=types[n % 4],
            location=LocationFactory(state=["TX", "CO", "CA"][n % 3], city="Austin"),
            title=f"Rehab OT {n}" if n % 2 else f"Clinic OT {n}",
        )

    context = client.get(BOARD, params).context
    form = context["form"]

    open_postings = JobPosting.objects.open()
    slugs = {"role": {level.pk: level.slug for level in levels}, "setting": {s.pk: s.slug for s in settings_}}
    for name, field in form.FACETS.items():
        expected = form.apply(open_postings, skip=[name]).count_by(field)
        expected = {slugs[name].get(key, key) if name in slugs else key: n for key, n in expected.items()}
        shown = {value: label for value, label in form.fields[name].choices if value}
        for value, n in expected.items():
            assert shown[value].endswith(f"({n})"), (name, value, shown[value], n)
        for value, label in shown.items():
            if value not in expected:
                assert label.endswith("(0)"), (name, value, label)
    assert context["page_obj"].paginator.count == form.apply(open_postings).count()


def test_unknown_and_invalid_parameters_share_the_cached_board_of_the_filters_accepted(
    client, posting, django_assert_num_queries
):
    board_html(client, {"state": "TX"})

    for junk in ({"utm_source": "newsletter"}, {"fbclid": "abc123"}, {"ref": "x" * 500}):
        with django_assert_num_queries(1):  # the board's version: the rest is the cached board for state=TX
            html = board_html(client, {"state": "TX", **junk})
        assert posting.display_title in html


def test_a_value_the_form_refused_is_shown_back_to_its_typist_and_stores_nothing(client, posting):
    from django.core.cache import cache

    for n in range(20):
        html = board_html(client, {"state": "TX", "role": f"no-such-level-{n}"})
        assert f"There is no career level “no-such-level-{n}”" in html

    assert [key for key in cache._cache if ":board:" in key] == []


def test_what_a_first_visitor_typed_never_shows_in_the_cached_board_of_others(client, posting):
    typed = "Call 555-0100 for a better job " * 10  # too long to search: left out, but shown back to its typist
    first = board_html(client, {"q": typed})
    assert "Keywords are limited to 200 characters" in first

    html = board_html(client)

    assert "Call 555-0100" not in html
    assert "Keywords are limited" not in html


def test_a_page_past_the_last_is_not_stored_under_its_own_number(client, posting):
    from django.core.cache import cache

    for page in range(2, 40):
        html = board_html(client, {"page": page})
        assert f"There is no page {page}: showing page 1, the last." in html

    assert [key for key in cache._cache if ":board:" in key] == []
