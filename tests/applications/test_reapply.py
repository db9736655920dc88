"""Applying again after a withdrawal: the same application comes back, while the opening is open, history kept."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, OutgoingEmail, StageChange
from tests.applications.apply_helpers import apply_data, submit_at_once
from tests.applications.test_apply_emails import stored_files
from tests.factories import ApplicationFactory

Stage = Application.Stage


@pytest.fixture(autouse=True)
def _postgres_only(request):
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("Two submits racing on separate connections need PostgreSQL (SQLite serialises all writers).")


def _apply_url(posting):
    return reverse("applications:apply", args=[posting.pk])


@pytest.fixture
def withdrawn(posting, candidate):
    """`candidate`'s application to `posting`, sent ten days ago and withdrawn since."""
    application = ApplicationFactory(
        posting=posting,
        candidate=candidate,
        cover_letter="First letter.",
        submitted_at=timezone.now() - datetime.timedelta(days=10),
    )
    application.withdraw(by=candidate)
    return application


@pytest.mark.django_db
def test_the_form_says_that_applying_again_brings_the_withdrawn_application_back(client, withdrawn, candidate):
    client.force_login(candidate)

    response = client.get(_apply_url(withdrawn.posting))

    assert response.status_code == 200
    assert "You withdrew your application to this opening" in response.content.decode()


@pytest.mark.django_db
def test_applying_again_brings_the_same_application_back_with_new_answers_and_its_history(
    client, withdrawn, candidate, manager, django_capture_on_commit_callbacks
):
    first_submitted, earlier_resume = withdrawn.submitted_at, withdrawn.resume.name
    client.force_login(candidate)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_apply_url(withdrawn.posting), apply_data(withdrawn.posting, cover_letter="Back again."))

    assert response["Location"] == withdrawn.get_absolute_url()
    application = Application.objects.get(posting=withdrawn.posting, candidate=candidate)
    assert application.pk == withdrawn.pk
    assert application.stage == Stage.SUBMITTED
    assert application.cover_letter == "Back again."
    assert application.submitted_at == first_submitted
    assert application.answers.count() == withdrawn.posting.requirements.count()
    history = list(StageChange.objects.filter(application=application).order_by("at", "pk"))
    assert [(change.from_stage, change.to_stage) for change in history] == [
        (Stage.SUBMITTED, Stage.WITHDRAWN),
        (Stage.WITHDRAWN, Stage.SUBMITTED),
    ]
    assert history[-1].by == candidate and history[-1].reason.startswith("Applied again after withdrawing")
    # A new confirmation, and the hiring team is told as of any new applicant.
    kinds = set(OutgoingEmail.objects.filter(application=application).values_list("kind", flat=True))
    assert {OutgoingEmail.Kind.CONFIRMATION, OutgoingEmail.Kind.MANAGER_NOTICE} <= kinds
    assert earlier_resume not in stored_files() and application.resume.name in stored_files()


@pytest.mark.django_db
def test_the_candidate_reads_the_withdrawal_and_the_new_submission_in_their_timeline(client, withdrawn, candidate):
    client.force_login(candidate)
    client.post(_apply_url(withdrawn.posting), apply_data(withdrawn.posting))

    page = client.get(withdrawn.get_absolute_url()).content.decode()

    assert "Withdrawn by you" in page
    assert page.count("Submitted — we have your application") >= 2
    assert "Withdraw application" in page


@pytest.mark.django_db
def test_a_withdrawn_application_offers_to_apply_again_while_the_opening_is_open(client, withdrawn, candidate):
    client.force_login(candidate)
    apply_link = f'href="{_apply_url(withdrawn.posting)}"'

    assert apply_link in client.get(withdrawn.get_absolute_url()).content.decode()
    withdrawn.posting.close("filled")
    assert apply_link not in client.get(withdrawn.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_closed_opening_takes_no_application_back(client, withdrawn, candidate):
    withdrawn.posting.close("filled")
    client.force_login(candidate)

    response = client.post(_apply_url(withdrawn.posting), apply_data(withdrawn.posting))

    assert response.status_code == 410
    withdrawn.refresh_from_db()
    assert withdrawn.stage == Stage.WITHDRAWN


@pytest.mark.django_db
def test_an_application_still_under_review_is_shown_not_applied_to_again(client, application, candidate):
    client.force_login(candidate)

    response = client.post(_apply_url(application.posting), apply_data(application.posting))

    assert response["Location"] == application.get_absolute_url()
    assert StageChange.objects.filter(application=application).count() == 0


@pytest.mark.django_db
def test_a_rejected_application_cannot_be_sent_again(client, application, candidate, manager):
    application.move_to(Stage.REJECTED, by=manager, reason="x")
    client.force_login(candidate)

    client.post(_apply_url(application.posting), apply_data(application.posting))

    application.refresh_from_db()
    assert application.stage == Stage.REJECTED


@pytest.mark.django_db
def test_the_reviewers_see_it_open_again_in_the_pipeline(client, withdrawn, candidate, manager):
    client.force_login(candidate)
    client.post(_apply_url(withdrawn.posting), apply_data(withdrawn.posting))
    client.force_login(manager)

    response = client.get(reverse("hiring:pipeline", args=[withdrawn.posting.pk]))

    assert [app.pk for app in response.context["page_obj"].object_list] == [withdrawn.pk]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_submits_after_one_withdrawal_bring_it_back_once(posting, candidate, monkeypatch):
    application = ApplicationFactory(posting=posting, candidate=candidate)
    application.withdraw(by=candidate)

    responses = submit_at_once(posting, candidate, 2, monkeypatch)

    assert {response["Location"] for response in responses} == {application.get_absolute_url()}
    assert Application.objects.filter(posting=posting, candidate=candidate).count() == 1
    assert StageChange.objects.filter(application=application, to_stage=Stage.SUBMITTED).count() == 1
    assert OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.CONFIRMATION).count() == 1
