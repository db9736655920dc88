"""Postings through the API: the admin's rules and errors, the lifecycle's refusals, a key's hiring managers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey, KeyEvent
from postings.models import JobPosting
from tests.factories import JobPostingFactory, LocationFactory, PublishedPostingFactory

Scope = ApiKey.Scope


@pytest.fixture
def writer(make_key, bearer):
    _, secret = make_key([Scope.POSTINGS_READ, Scope.POSTINGS_WRITE])
    return bearer(secret)


def _draft_body(posting):
    return {
        "level": posting.level.slug,
        "setting": posting.setting.slug,
        "location": posting.location_id,
        "description": "Outpatient hand clinic, two certified hand therapists on the team.",
        "salary_min": 90000,
        "salary_max": 105000,
        "requirements": [{"text": "CHT or working towards it", "importance": "preferred"}],
    }


def test_a_draft_is_created_with_its_requirements(client, posting, writer):
    response = client.post(
        reverse("api:v1:manage_postings_create"), _draft_body(posting), content_type="application/json", headers=writer
    )

    assert response.status_code == 201
    draft = JobPosting.objects.get(pk=response.json()["id"])
    assert draft.status == JobPosting.Status.DRAFT
    assert [item.text for item in draft.requirements.all()] == ["CHT or working towards it"]
    assert KeyEvent.objects.get().action == KeyEvent.Action.POSTING_CREATED


def test_the_admins_rules_refuse_a_bad_posting_with_field_errors(client, posting, writer):
    body = _draft_body(posting) | {"salary_min": 120000, "closes_on": "2001-01-01", "level": "astronaut"}

    response = client.post(
        reverse("api:v1:manage_postings_create"), body, content_type="application/json", headers=writer
    )

    assert response.status_code == 422
    codes = {error["name"]: error["code"] for error in response.json()["errors"]}
    assert codes["level"] == "invalid_choice"
    assert codes["closes_on"] == "closes_in_past"
    assert JobPosting.objects.count() == 1


def test_salary_range_is_checked_as_in_the_admin(client, posting, writer):
    body = _draft_body(posting) | {"salary_min": 120000}

    response = client.post(
        reverse("api:v1:manage_postings_create"), body, content_type="application/json", headers=writer
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["detail"] == "The salary minimum cannot be above the maximum."


def test_an_update_changes_only_what_was_sent(client, posting, writer):
    url = reverse("api:v1:manage_posting_update", kwargs={"posting_id": posting.pk})

    response = client.patch(url, {"schedule": "Four tens"}, content_type="application/json", headers=writer)

    posting.refresh_from_db()
    assert response.status_code == 200
    assert posting.schedule == "Four tens" and posting.salary_max == 92000


def test_a_published_postings_requirements_are_fixed(client, posting, writer):
    url = reverse("api:v1:manage_posting_update", kwargs={"posting_id": posting.pk})
    body = {"requirements": [{"text": "Anything", "importance": "required"}]}

    response = client.patch(url, body, content_type="application/json", headers=writer)

    assert response.status_code == 409 and response.json()["code"] == "requirements_fixed"
    assert "Anything" not in [item.text for item in posting.requirements.all()]


def test_publish_copies_the_level_requirements_and_refuses_twice(client, catalog, writer):
    draft = JobPostingFactory(level=catalog["senior-ot"])
    url = reverse("api:v1:manage_posting_publish", kwargs={"posting_id": draft.pk})

    first = client.post(url, headers=writer)
    second = client.post(url, headers=writer)

    draft.refresh_from_db()
    assert first.status_code == 200 and first.json()["status"] == "published"
    assert draft.requirements.count() == catalog["senior-ot"].requirements.count()
    assert second.status_code == 409
    assert second.json()["code"] == "cannot_publish" and "already published" in second.json()["detail"]


def test_publish_without_a_location_says_why(client, writer):
    draft = JobPostingFactory(location=None)

    response = client.post(reverse("api:v1:manage_posting_publish", kwargs={"posting_id": draft.pk}), headers=writer)

    assert response.status_code == 409
    assert "Choose a location before publishing." in response.json()["detail"]


def test_publish_where_a_pay_law_applies_without_a_shown_range_names_the_law(client, catalog, writer):
    denver = LocationFactory(city="Denver", state="CO", zip_code="80204")
    draft = JobPostingFactory(level=catalog["senior-ot"], location=denver, show_salary=False)

    response = client.post(reverse("api:v1:manage_posting_publish", kwargs={"posting_id": draft.pk}), headers=writer)

    assert response.status_code == 409
    assert "Colorado Equal Pay for Equal Work Act" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.status == JobPosting.Status.DRAFT


def test_a_published_posting_where_a_pay_law_applies_cannot_hide_its_range(client, catalog, writer):
    denver = LocationFactory(city="Denver", state="CO", zip_code="80204")
    posting = PublishedPostingFactory(level=catalog["senior-ot"], location=denver)
    url = reverse("api:v1:manage_posting_update", kwargs={"posting_id": posting.pk})

    response = client.patch(url, {"show_salary": False}, content_type="application/json", headers=writer)

    posting.refresh_from_db()
    assert response.status_code == 422
    assert "Colorado requires a pay range" in response.json()["errors"][0]["detail"]
    assert posting.show_salary


def test_close_as_filled_and_refuse_other_reasons(client, posting, writer):
    url = reverse("api:v1:manage_posting_close", kwargs={"posting_id": posting.pk})

    refused = client.post(url, {"reason": "expired"}, content_type="application/json", headers=writer)
    closed = client.post(url, {"reason": "filled"}, content_type="application/json", headers=writer)
    again = client.post(url, {"reason": "filled"}, content_type="application/json", headers=writer)

    posting.refresh_from_db()
    assert refused.status_code == 422
    assert closed.status_code == 200 and posting.close_reason == "filled"
    assert again.status_code == 409 and again.json()["code"] == "already_closed"


def test_a_key_limited_to_a_manager_assigns_them_and_no_one_else(
    client, posting, manager, other_manager, make_key, bearer
):
    _, secret = make_key([Scope.POSTINGS_READ, Scope.POSTINGS_WRITE], managers=[manager])
    create = reverse("api:v1:manage_postings_create")

    mine = client.post(create, _draft_body(posting), content_type="application/json", headers=bearer(secret))
    theirs = client.post(
        create,
        _draft_body(posting) | {"hiring_managers": [other_manager.email]},
        content_type="application/json",
        headers=bearer(secret),
    )

    assert mine.status_code == 201 and mine.json()["hiring_managers"] == [manager.email]
    assert theirs.status_code == 422 and theirs.json()["errors"][0]["code"] == "outside_key"


def test_the_list_pages_with_a_cursor_and_filters_by_status(client, posting, writer):
    drafts = [JobPostingFactory() for _ in range(3)]
    url = reverse("api:v1:manage_postings")

    first = client.get(url, {"page_size": 2}, headers=writer).json()
    rest = client.get(url, {"page_size": 2, "cursor": first["next_cursor"]}, headers=writer).json()
    only_drafts = client.get(url, {"status": "draft"}, headers=writer).json()

    assert [item["id"] for item in first["results"] + rest["results"]] == [
        drafts[2].pk,
        drafts[1].pk,
        drafts[0].pk,
        posting.pk,
    ]
    assert rest["next_cursor"] is None
    assert {item["id"] for item in only_drafts["results"]} == {draft.pk for draft in drafts}


def test_closing_date_in_the_past_is_kept_on_an_old_posting(client, writer):
    """As in the admin: only a newly set closing date is checked against today."""
    posting = PublishedPostingFactory(published=timezone.now() - datetime.timedelta(days=10))
    JobPosting.objects.filter(pk=posting.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=3))
    url = reverse("api:v1:manage_posting_update", kwargs={"posting_id": posting.pk})

    response = client.patch(url, {"schedule": "Evenings"}, content_type="application/json", headers=writer)

    assert response.status_code == 200
