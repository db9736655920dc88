"""Previous and next on the applicant page, in the order and filter of the pipeline the reviewer came from."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from tests.factories import ApplicationFactory, CandidateFactory
from tests.hiring.conftest import listed_reason, page_text

Stage = Application.Stage


@pytest.fixture
def four(posting, manager):
    """Newest first: Ada (score 50), Ben (90, rejected), Cy (70), Di (90)."""
    now = timezone.now()
    people = {}
    for days, name, score in ((1, "Ada", 50), (2, "Ben", 90), (3, "Cy", 70), (4, "Di", 90)):
        people[name] = ApplicationFactory(
            posting=posting,
            candidate=CandidateFactory(full_name=name),
            match_score=score,
            submitted_at=now - datetime.timedelta(days=days),
        )
    people["Ben"].move_to(Stage.REJECTED, by=manager, reason="x")
    return people


def _around(client, application, **params):
    context = client.get(reverse("hiring:applicant", args=[application.pk]), params).context
    return (context["previous"] and context["previous"].name, context["next"] and context["next"].name)


def test_next_and_previous_follow_the_pipelines_default_view(client, manager, four):
    client.force_login(manager)

    assert _around(client, four["Ada"]) == (None, "Cy")  # Ben is rejected: not in the open list
    assert _around(client, four["Cy"]) == ("Ada", "Di")
    assert _around(client, four["Di"]) == ("Cy", None)


def test_they_follow_the_sort_and_filter_the_reviewer_came_from(client, manager, four):
    client.force_login(manager)

    # By score, ties newest first: Ben 90, Di 90, Cy 70, Ada 50.
    assert _around(client, four["Di"], stage="all", sort="score") == ("Ben", "Cy")
    assert _around(client, four["Cy"], sort="oldest") == ("Di", "Ada")
    assert _around(client, four["Cy"], q="Di") == (None, "Di")  # Cy himself does not match: still a place


def test_the_pipeline_links_each_applicant_with_its_list_and_the_page_keeps_it(client, manager, posting, four):
    client.force_login(manager)

    pipeline = page_text(client.get(reverse("hiring:pipeline", args=[posting.pk]), {"sort": "score", "page": "1"}))
    applicant = page_text(client.get(reverse("hiring:applicant", args=[four["Cy"].pk]), {"sort": "score"}))

    assert f'href="{reverse("hiring:applicant", args=[four["Cy"].pk])}?sort=score"' in pipeline
    assert f'href="{reverse("hiring:applicant", args=[four["Ada"].pk])}?sort=score"' in applicant  # next
    assert f'href="{reverse("hiring:pipeline", args=[posting.pk])}?sort=score"' in applicant  # back to the list
    assert f'action="{reverse("hiring:move", args=[four["Cy"].pk])}?sort=score"' in applicant


def test_move_and_open_the_next_rejects_and_lands_on_the_next_in_the_list(client, manager, four):
    client.force_login(manager)

    response = client.post(
        reverse("hiring:move", args=[four["Ada"].pk]) + "?sort=newest",
        {
            "stage": Stage.REJECTED,
            "expected_stage": Stage.SUBMITTED,
            "rejection_reason": listed_reason("experience"),
            "email": "none",
            "then": "next",
        },
    )

    assert response["Location"] == reverse("hiring:applicant", args=[four["Cy"].pk]) + "?sort=newest"
    four["Ada"].refresh_from_db()
    assert four["Ada"].stage == Stage.REJECTED


def test_a_plain_move_stays_on_the_applicant_in_the_same_list(client, manager, four):
    client.force_login(manager)

    response = client.post(
        reverse("hiring:move", args=[four["Ada"].pk]) + "?stage=all",
        {"stage": Stage.SCREENING, "expected_stage": Stage.SUBMITTED, "email": "none"},
    )

    assert response["Location"] == reverse("hiring:applicant", args=[four["Ada"].pk]) + "?stage=all"
