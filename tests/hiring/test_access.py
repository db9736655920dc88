"""Who may reach each screen and action of the hiring workspace."""

import pytest
from django.urls import reverse

from applications.models import Application
from hiring.models import Note, Scorecard
from tests.factories import ApplicationFactory, UserFactory

GET_PAGES = ["dashboard", "pipeline", "pipeline_csv", "applicant"]
POST_ACTIONS = ["bulk_move", "hiring_managers", "fill_posting", "move", "add_note", "scorecard"]


def _url(name, application):
    if name == "dashboard":
        return reverse("hiring:dashboard")
    if name in ("pipeline", "pipeline_csv", "bulk_move", "hiring_managers", "fill_posting"):
        return reverse(f"hiring:{name}", args=[application.posting_id])
    return reverse(f"hiring:{name}", args=[application.pk])


def _post_data(name, application):
    return {
        "bulk_move": {"selected": [f"{application.pk}:submitted"], "stage": "screening", "email": "usual"},
        "hiring_managers": {"hiring_managers": []},
        "fill_posting": {"notify_open": "on"},
        "move": {"stage": "screening", "expected_stage": "submitted", "email": "usual"},
        "add_note": {"body": "Strong candidate"},
        "scorecard": {"recommendation": "yes"},
    }[name]


def _nothing_changed(application, posting):
    application.refresh_from_db()
    posting.refresh_from_db()
    assert application.stage == Application.Stage.SUBMITTED
    assert not application.history.exists()
    assert not Note.objects.exists()
    assert not Scorecard.objects.exists()
    assert posting.status == "published"


@pytest.mark.parametrize("name", GET_PAGES + POST_ACTIONS)
def test_anonymous_visitor_is_sent_to_sign_in(client, application, name):
    url = _url(name, application)
    response = client.post(url, _post_data(name, application)) if name in POST_ACTIONS else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize("name", GET_PAGES)
def test_candidate_gets_404_on_every_page(client, application, candidate, name):
    client.force_login(candidate)

    assert client.get(_url(name, application)).status_code == 404


@pytest.mark.parametrize("name", POST_ACTIONS)
def test_candidate_gets_404_on_every_action_and_nothing_changes(client, application, candidate, posting, name):
    client.force_login(candidate)

    assert client.post(_url(name, application), _post_data(name, application)).status_code == 404
    _nothing_changed(application, posting)


@pytest.mark.parametrize("name", GET_PAGES + POST_ACTIONS)
def test_staff_outside_the_reviewer_groups_gets_404(client, application, name):
    client.force_login(UserFactory(is_staff=True))
    url = _url(name, application)

    response = client.post(url, _post_data(name, application)) if name in POST_ACTIONS else client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["pipeline", "pipeline_csv", "applicant"])
def test_outsider_manager_gets_404(client, application, other_manager, name):
    client.force_login(other_manager)

    assert client.get(_url(name, application)).status_code == 404


@pytest.mark.parametrize("name", POST_ACTIONS)
def test_outsider_manager_gets_404_on_every_action_and_nothing_changes(
    client, application, other_manager, posting, name
):
    client.force_login(other_manager)

    assert client.post(_url(name, application), _post_data(name, application)).status_code == 404
    _nothing_changed(application, posting)


def test_outsider_manager_dashboard_lists_only_their_posting(client, application, other_manager, other_posting):
    client.force_login(other_manager)

    response = client.get(reverse("hiring:dashboard"))

    assert response.status_code == 200
    assert list(response.context["postings"]) == [other_posting]


@pytest.mark.parametrize("name", GET_PAGES)
@pytest.mark.parametrize("who", ["manager", "recruiter", "admin_user"])
def test_reviewers_of_the_posting_see_every_page(client, application, request, name, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(_url(name, application)).status_code == 200


def test_a_managers_own_applicant_cannot_be_reached_through_another_postings_pipeline(
    client, manager, application, other_posting
):
    # The id of an applicant of `posting`, ticked on the pipeline of a posting the manager does not review.
    client.force_login(manager)

    response = client.post(
        reverse("hiring:bulk_move", args=[other_posting.pk]),
        {"selected": [f"{application.pk}:submitted"], "stage": "screening", "email": "usual"},
    )

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.stage == Application.Stage.SUBMITTED


@pytest.mark.parametrize("who", ["candidate", "manager", "other_manager"])
def test_only_recruiters_see_the_hiring_managers_page(client, request, posting, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("hiring:hiring_managers", args=[posting.pk])).status_code == 404


def test_only_recruiters_assign_hiring_managers(client, manager, posting):
    client.force_login(manager)

    response = client.post(reverse("hiring:hiring_managers", args=[posting.pk]), {"hiring_managers": []})

    assert response.status_code == 404
    assert list(posting.hiring_managers.all()) == [manager]


def test_an_inactive_manager_is_signed_out_of_the_workspace(client, manager, application):
    manager.is_active = False
    manager.save()
    client.force_login(manager)

    response = client.get(reverse("hiring:pipeline", args=[application.posting_id]))

    assert response.status_code == 302


# The bulk form's address sends a GET back to the pipeline; the hiring managers' address is also their page.
@pytest.mark.parametrize("name", [name for name in POST_ACTIONS if name not in ("bulk_move", "hiring_managers")])
def test_actions_refuse_get(client, manager, application, name):
    client.force_login(manager)

    assert client.get(_url(name, application)).status_code == 405


def test_applicant_of_an_unmanaged_posting_is_404_even_with_a_real_id(client, manager, other_posting):
    hidden = ApplicationFactory(posting=other_posting)
    client.force_login(manager)

    assert client.get(reverse("hiring:applicant", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("hiring:applicant", args=[hidden.pk + 1000])).status_code == 404
