"""The public job-board API: the board's filters and order, paging, caching with ETag and 304, CORS."""

import datetime

import pytest
from django.utils import timezone

from postings.models import JobPosting
from tests.factories import JobPostingFactory, LocationFactory, PublishedPostingFactory


def _ids(response):
    return [item["id"] for item in response.json()["results"]]


def test_lists_open_postings_newest_first_with_the_boards_filters(client, db):
    now = timezone.now()
    austin = PublishedPostingFactory(published=now - datetime.timedelta(days=2))
    denver = PublishedPostingFactory(
        published=now - datetime.timedelta(days=1), location=LocationFactory(city="Denver", state="CO")
    )
    JobPostingFactory()  # a draft: never listed

    everything = client.get("/api/v1/postings")
    in_colorado = client.get("/api/v1/postings?state=co")

    assert everything.status_code == 200
    assert _ids(everything) == [denver.pk, austin.pk]
    assert everything.json()["count"] == 2
    assert _ids(in_colorado) == [denver.pk]
    assert in_colorado.json()["facets"]["state"] == {"TX": 1, "CO": 1}


def test_a_search_around_a_place_gives_each_distance_nearest_first(client, db):
    austin = PublishedPostingFactory()
    dallas = PublishedPostingFactory(location=LocationFactory(city="Dallas", state="TX", zip_code="75201"))
    denver = PublishedPostingFactory(location=LocationFactory(city="Denver", state="CO", zip_code="80202"))

    response = client.get("/api/v1/postings?near=78701&miles=250&sort=distance")
    unknown = client.get("/api/v1/postings?near=00000")

    results = response.json()["results"]
    assert [item["id"] for item in results] == [austin.pk, dallas.pk]
    assert results[0]["distance_miles"] < 5 < results[1]["distance_miles"]
    assert denver.pk not in [item["id"] for item in results]
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["name"] == "near"
    assert "Showing" not in unknown.json()["errors"][0]["detail"]


def test_a_summary_carries_pay_only_when_the_posting_shows_it(client, db):
    shown = PublishedPostingFactory()
    hidden = PublishedPostingFactory(show_salary=False)

    results = {item["id"]: item for item in client.get("/api/v1/postings").json()["results"]}

    assert results[shown.pk]["salary"] == {
        "min": 78000.0,
        "max": 92000.0,
        "unit": "year",
        "label": "$78,000–$92,000 per year",
    }
    assert results[hidden.pk]["salary"] is None
    assert results[shown.pk]["reference"] == shown.reference


def test_pages_have_a_fixed_maximum_size_and_links(client, db):
    postings = [PublishedPostingFactory() for _ in range(5)]

    first = client.get("/api/v1/postings?page_size=2").json()
    last = client.get("/api/v1/postings?page_size=2&page=3").json()
    too_big = client.get("/api/v1/postings?page_size=101")

    assert first["pages"] == 3 and len(first["results"]) == 2
    assert first["next"].endswith("/api/v1/postings?page=2&page_size=2")
    assert [item["id"] for item in last["results"]] == [postings[0].pk]
    assert last["next"] is None and last["previous"].endswith("page=2&page_size=2")
    assert too_big.status_code == 422
    assert too_big["Content-Type"] == "application/problem+json"
    assert too_big.json()["errors"][0]["name"] == "page_size"


def test_a_bad_filter_is_a_problem_naming_the_field(client, db):
    response = client.get("/api/v1/postings?state=ZZ&type=robot")

    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422 and problem["code"] == "invalid"
    assert {error["name"]: error["code"] for error in problem["errors"]} == {
        "state": "invalid_choice",
        "type": "invalid_choice",
    }
    assert "“ZZ” is not a state" in problem["errors"][0]["detail"]


def test_a_conditional_request_gets_304_until_the_board_changes(client, db):
    PublishedPostingFactory()
    first = client.get("/api/v1/postings")

    same = client.get("/api/v1/postings", headers={"If-None-Match": first["ETag"]})
    by_date = client.get("/api/v1/postings", headers={"If-Modified-Since": first["Last-Modified"]})
    PublishedPostingFactory()
    changed = client.get("/api/v1/postings", headers={"If-None-Match": first["ETag"]})

    assert same.status_code == 304 and same.content == b""
    assert by_date.status_code == 304
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert changed.json()["count"] == 2


def test_a_cached_answer_costs_one_query(client, db, django_assert_num_queries):
    PublishedPostingFactory()
    client.get("/api/v1/postings")

    with django_assert_num_queries(1):  # the board's version
        response = client.get("/api/v1/postings")

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries_whatever_its_length(client, db, django_assert_num_queries, size):
    for _ in range(size):
        PublishedPostingFactory()

    # The board's version; its index, once per version (the open postings, levels, settings); the page; the
    # version's date for Last-Modified.
    with django_assert_num_queries(6):
        response = client.get("/api/v1/postings?page_size=100")
    assert len(response.json()["results"]) == size
    # Another page of the same version: the version, the page, the date.
    with django_assert_num_queries(3):
        assert client.get("/api/v1/postings?page_size=2&page=2").status_code == 200


def test_cors_is_open_for_the_public_board(client, db):
    response = client.get("/api/v1/postings", headers={"Origin": "https://careers.example.org"})
    preflight = client.options(
        "/api/v1/postings",
        headers={
            "Origin": "https://careers.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_cors_stays_closed_on_the_integrations_side(client, db):
    response = client.get("/api/v1/manage/postings", headers={"Origin": "https://evil.example"})

    assert response.status_code == 401
    assert "Access-Control-Allow-Origin" not in response


def test_a_posting_has_everything_its_page_shows(client, db):
    posting = PublishedPostingFactory()

    response = client.get(f"/api/v1/postings/{posting.pk}")

    data = response.json()
    assert response.status_code == 200 and response["ETag"]
    assert data["description"] == posting.description and data["schedule"] == posting.schedule
    assert data["address"]["zip_code"] == "78701"
    assert [(item["text"], item["importance"]) for item in data["requirements"]] == [
        ("Active state OT license", "required"),
        ("Hand therapy experience", "preferred"),
    ]
    assert data["status"] == "open"


def test_a_closed_posting_is_gone_and_a_draft_does_not_exist(client, db):
    closed = PublishedPostingFactory()
    closed.close(JobPosting.CloseReason.FILLED)
    draft = JobPostingFactory()

    gone = client.get(f"/api/v1/postings/{closed.pk}")
    missing = client.get(f"/api/v1/postings/{draft.pk}")

    assert gone.status_code == 410 and gone.json()["code"] == "closed"
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_the_levels_and_one_level(client, catalog):
    levels = client.get("/api/v1/roles").json()
    senior = client.get(f"/api/v1/roles/{levels[2]['slug']}").json()
    unknown = client.get("/api/v1/roles/astronaut")

    assert [level["rank"] for level in levels] == sorted(level["rank"] for level in levels)
    assert len(levels) == 5
    assert senior["overview"] and senior["responsibilities"] and senior["requirements"]
    assert unknown.status_code == 404


def test_an_unknown_url_or_method_answers_a_problem_not_a_page(client, db):
    unknown = client.get("/api/v1/no-such-thing")
    wrong_method = client.delete("/api/v1/postings")

    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/problem+json"
    assert wrong_method.status_code == 405 and wrong_method.json()["code"] == "method_not_allowed"
