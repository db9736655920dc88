"""Saved views: a reviewer names the pipeline's filters, applies them on any pipeline, deletes them; private."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from hiring.models import SavedView
from tests.factories import ApplicationFactory, CandidateFactory
from tests.hiring.conftest import page_text

Stage = Application.Stage


def _pipeline(client, posting, query=""):
    return client.get(reverse("hiring:pipeline", args=[posting.pk]) + (f"?{query}" if query else ""))


def _save(client, posting, name, query=""):
    url = reverse("hiring:save_view", args=[posting.pk]) + (f"?{query}" if query else "")
    return client.post(url, {"name": name})


def _names(response):
    return sorted(app.candidate.full_name for app in response.context["page_obj"].object_list)


@pytest.fixture
def texans(posting, manager):
    """Applicants who differ in a Texas license, experience and stage."""
    today = timezone.localdate()
    later = today + datetime.timedelta(days=300)

    def applicant(name, licenses, years, stage=Stage.SUBMITTED):
        application = ApplicationFactory(
            posting=posting,
            candidate=CandidateFactory(full_name=name, profile__licenses=licenses),
            years_experience=years,
        )
        if stage != Stage.SUBMITTED:
            application.move_to(stage, by=manager)
        return application

    applicant("Tess Texan", [("TX", "1", later)], 3)
    applicant("Newt Novice", [("TX", "2", later)], 1)
    applicant("Carl Colorado", [("CO", "3", later)], 6)
    applicant("Lapsed Lou", [("TX", "4", today - datetime.timedelta(days=1))], 8)
    applicant("Sam Screened", [("TX", "5", later)], 5, stage=Stage.SCREENING)


def test_the_pipeline_filters_by_a_current_license_and_years_of_experience(client, manager, posting, texans):
    client.force_login(manager)

    response = _pipeline(client, posting, "license=TX&min_years=2&stage=submitted")

    assert _names(response) == ["Tess Texan"]
    assert response.context["page_obj"].paginator.count == 1


def test_a_reviewer_saves_the_filters_shown_under_a_name_and_applies_them_later(client, manager, posting, texans):
    client.force_login(manager)

    response = _save(
        client,
        posting,
        "  Texas license,  2+ years, not yet screened ",
        "stage=submitted&min_years=2&license=TX&page=1",
    )

    view = SavedView.objects.get(owner=manager)
    assert view.name == "Texas license, 2+ years, not yet screened"
    assert view.query == "stage=submitted&license=TX&min_years=2"
    assert response.status_code == 302
    assert response["Location"] == reverse("hiring:pipeline", args=[posting.pk]) + "?" + view.query
    page = _pipeline(client, posting)
    assert view.name in page_text(page)
    applied = _pipeline(client, posting, view.query)
    assert _names(applied) == ["Tess Texan"]
    assert [v.is_current for v in applied.context["saved_views"]] == [True]


def test_a_view_applies_to_the_reviewers_other_postings(client, manager, posting, other_posting, texans):
    other_posting.hiring_managers.add(manager)
    ApplicationFactory(posting=other_posting, candidate=CandidateFactory(full_name="Olga Other"), years_experience=9)
    client.force_login(manager)
    _save(client, posting, "Seasoned", "min_years=5&stage=all")

    response = _pipeline(client, other_posting, SavedView.objects.get().query)

    assert _names(response) == ["Olga Other"]
    assert "Seasoned" in page_text(response)


def test_views_are_private_to_their_reviewer(client, manager, recruiter, posting):
    SavedView.objects.create(owner=manager, name="Morgan's Texans", query="license=TX")
    client.force_login(recruiter)

    response = _pipeline(client, posting)

    assert "Morgan's Texans" not in page_text(response)
    assert response.context["saved_views"] == []


def test_saving_under_a_name_already_used_replaces_that_views_filters(client, manager, posting):
    client.force_login(manager)
    client.get(_save(client, posting, "Mine", "license=TX")["Location"])  # its message shown

    response = client.get(_save(client, posting, "Mine", "license=CO&sort=score")["Location"])

    assert list(SavedView.objects.values_list("name", "query")) == [("Mine", "license=CO&sort=score")]
    assert "Updated the view “Mine”." in response.content.decode()


@pytest.mark.parametrize(
    "name, query, message",
    [
        ("", "license=TX", "Give the view a name."),
        ("Usual", "", "These are the pipeline&#x27;s usual filters"),
        ("Usual", "stage=open&sort=newest", "These are the pipeline&#x27;s usual filters"),
    ],
)
def test_a_view_without_a_name_or_without_filters_is_refused_with_the_typed_name_kept(
    client, manager, posting, name, query, message
):
    client.force_login(manager)

    response = _save(client, posting, name, query)

    assert response.status_code == 400
    assert message in page_text(response)
    assert f'value="{name}"' in page_text(response)
    assert not SavedView.objects.exists()


def test_a_tampered_filter_is_left_out_of_the_view(client, manager, posting):
    client.force_login(manager)

    _save(client, posting, "Odd", "license=ZZ&flag=knockout&min_years=abc")

    assert SavedView.objects.get().query == "flag=knockout"


def test_a_reviewer_keeps_at_most_the_limit_of_views(client, manager, posting):
    SavedView.objects.bulk_create(
        SavedView(owner=manager, name=f"View {n}", query="license=TX") for n in range(SavedView.MAX_PER_REVIEWER)
    )
    client.force_login(manager)

    refused = _save(client, posting, "One more", "license=CO")
    replaced = _save(client, posting, "View 3", "license=CO")

    assert refused.status_code == 400 and "delete one first" in page_text(refused)
    assert replaced.status_code == 302
    assert SavedView.objects.get(name="View 3").query == "license=CO"


def test_a_reviewer_deletes_their_own_view_and_returns_to_the_list_they_were_on(client, manager, posting):
    view = SavedView.objects.create(owner=manager, name="Old", query="license=TX")
    client.force_login(manager)

    url = reverse("hiring:delete_view", args=[posting.pk, view.pk]) + "?license=TX"
    response = client.post(url)

    assert not SavedView.objects.exists()
    assert response["Location"] == reverse("hiring:pipeline", args=[posting.pk]) + "?license=TX"


def test_nobody_deletes_another_reviewers_view(client, manager, recruiter, posting):
    view = SavedView.objects.create(owner=manager, name="Mine", query="license=TX")
    client.force_login(recruiter)

    response = client.post(reverse("hiring:delete_view", args=[posting.pk, view.pk]))

    assert response.status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_a_manager_cannot_save_a_view_from_a_posting_they_do_not_review(client, other_manager, posting):
    client.force_login(other_manager)

    response = _save(client, posting, "Sneaky", "license=TX")

    assert response.status_code == 404
    assert not SavedView.objects.exists()


@pytest.mark.parametrize("views", [1, 20])
def test_the_pipeline_reads_every_saved_view_in_one_query(
    client, manager, posting, make_applicants, views, django_assert_num_queries
):
    make_applicants(posting, 3)
    SavedView.objects.bulk_create(
        SavedView(owner=manager, name=f"View {n}", query=f"min_years={n}") for n in range(views)
    )
    client.force_login(manager)
    _pipeline(client, posting)

    # As tests/hiring/test_pipeline.py counts it; the views are one query of it, however many.
    with django_assert_num_queries(7):
        _pipeline(client, posting)
