"""Scorecards: one per reviewer, a 1–5 rating for each required item and an overall recommendation."""

from django.urls import reverse

from hiring.models import Scorecard, ScorecardRating
from roles.models import Requirement
from tests.factories import ApplicationFactory, PublishedPostingFactory
from tests.hiring.conftest import page_text


def _required(posting):
    return posting.required_and_preferred()[0]


def _post(client, application, ratings, recommendation="yes", comments=""):
    data = {f"rating_{pk}": value for pk, value in ratings.items()}
    data.update(recommendation=recommendation, comments=comments)
    return client.post(reverse("hiring:scorecard", args=[application.pk]), data)


def test_a_reviewer_rates_each_required_item_and_recommends(client, manager, application):
    (item,) = _required(application.posting)
    client.force_login(manager)

    response = _post(client, application, {item.pk: 4}, "strong_yes", "Clear, organised, great references")

    assert response.status_code == 302
    card = Scorecard.objects.get()
    assert (card.application, card.reviewer, card.recommendation, card.comments) == (
        application,
        manager,
        "strong_yes",
        "Clear, organised, great references",
    )
    assert list(card.ratings.values_list("requirement", "rating")) == [(item.pk, 4)]


def test_editing_updates_the_one_scorecard_instead_of_adding_another(client, manager, application):
    (item,) = _required(application.posting)
    client.force_login(manager)
    _post(client, application, {item.pk: 2}, "no")

    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))
    assert "Edit your scorecard" in page
    _post(client, application, {item.pk: 5}, "yes", "Second interview changed my mind")

    card = Scorecard.objects.get()
    assert card.recommendation == "yes"
    assert ScorecardRating.objects.get().rating == 5


def test_every_reviewers_scorecard_is_shown(client, manager, recruiter, application):
    (item,) = _required(application.posting)
    for reviewer, verdict in ((manager, "yes"), (recruiter, "strong_no")):
        client.force_login(reviewer)
        _post(client, application, {item.pk: 3}, verdict)

    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))

    assert "Morgan Manager" in page and "Riley Recruiter" in page
    assert "Strong no" in page and ">Yes<" in page
    assert Scorecard.objects.count() == 2


def test_every_required_item_must_be_rated_and_the_rest_is_kept(client, manager, catalog):
    posting = PublishedPostingFactory(
        level=catalog["senior-ot"],
        hiring_managers=[manager],
        requirements=[("Texas OT license", Requirement.Importance.REQUIRED)],
    )
    application = ApplicationFactory(posting=posting)
    required = _required(posting)
    assert len(required) > 1
    client.force_login(manager)

    response = _post(client, application, {required[0].pk: 5}, "yes", "Typed comments survive")

    assert response.status_code == 400
    page = page_text(response)
    assert "Rate this item from 1 to 5." in page
    assert "Typed comments survive" in page
    assert not Scorecard.objects.exists()


def test_a_rating_outside_1_to_5_is_refused(client, manager, application):
    (item,) = _required(application.posting)
    client.force_login(manager)

    response = _post(client, application, {item.pk: 6})

    assert response.status_code == 400
    assert not Scorecard.objects.exists()


def test_a_recommendation_is_required(client, manager, application):
    (item,) = _required(application.posting)
    client.force_login(manager)

    response = _post(client, application, {item.pk: 3}, recommendation="")

    assert response.status_code == 400
    assert not Scorecard.objects.exists()
