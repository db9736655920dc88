"""The candidate area: my applications, one application, withdrawing, my data as JSON, deleting the account."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applications.models import Answer, Application, CandidateProfile, OutgoingEmail, StageChange
from hiring.models import Note, Scorecard
from tests.applications.apply_helpers import apply_data
from tests.applications.test_apply_emails import stored_files
from tests.factories import (
    ApplicationFactory,
    JobAlertFactory,
    PublishedPostingFactory,
    SavedJobFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/account/applications/"


# --- My applications --------------------------------------------------------------------------------


def test_the_list_shows_posting_date_status_in_candidate_words_and_answers(client, application, candidate, manager):
    application.move_to(Application.Stage.SCREENING, by=manager, reason="Internal: strong neuro background")
    Answer.objects.filter(application=application).update(evidence="TX license 55512")
    client.force_login(candidate)

    page = client.get(LIST_URL).content.decode()

    assert application.posting.display_title in page
    assert application.get_absolute_url() in page
    assert "Under review" in page
    assert "Screening" not in page
    assert "Internal: strong neuro background" not in page
    assert "TX license 55512" in page
    assert f"Applied {date_format(timezone.localtime(application.submitted_at))}" in page


def test_the_list_shows_only_my_applications(client, application, other_candidate, other_posting):
    theirs = ApplicationFactory(posting=other_posting, candidate=other_candidate)
    client.force_login(other_candidate)

    page = client.get(LIST_URL).content.decode()

    assert theirs.get_absolute_url() in page
    assert application.get_absolute_url() not in page


def test_an_empty_list_points_to_the_profile(client, candidate):
    client.force_login(candidate)
    page = client.get(LIST_URL).content.decode()
    assert "You have not applied to any opening yet." in page


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_runs_the_same_queries_whatever_the_number_of_applications(
    client, candidate, count, django_assert_num_queries
):
    for _ in range(count):
        ApplicationFactory(
            candidate=candidate,
            posting=PublishedPostingFactory(requirements=[("Spanish", "preferred"), ("Acute care", "required")]),
        )
    client.force_login(candidate)

    # session, user, count, applications with posting and location, answers with requirements,
    # and hiring's line under each (applications.sections): offers waiting, interviews to come
    with django_assert_num_queries(7):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.content.decode().count('class="card mb-3"') == count


def test_the_list_is_paginated(client, candidate):
    for _ in range(21):
        ApplicationFactory(candidate=candidate)
    client.force_login(candidate)

    first = client.get(LIST_URL).content.decode()
    second = client.get(LIST_URL + "?page=2").content.decode()

    assert first.count('class="card mb-3"') == 20
    assert second.count('class="card mb-3"') == 1


# --- One application --------------------------------------------------------------------------------


def test_the_detail_page_shows_answers_letter_and_timeline_without_reviewer_reasons(
    client, application, candidate, manager
):
    application.cover_letter = "I love hand therapy."
    application.save()
    application.move_to(Application.Stage.SCREENING, by=manager, reason="Internal: call references")
    client.force_login(candidate)

    page = client.get(application.get_absolute_url()).content.decode()

    assert "I love hand therapy." in page
    assert "Under review" in page
    assert "Internal: call references" not in page
    assert "Active state OT license" in page
    assert reverse("applications:application_resume", args=[application.pk]) in page
    assert "Withdraw application" in page


@pytest.mark.parametrize("who", ["other_candidate", "manager", "recruiter"])
def test_someone_elses_application_page_is_404(client, application, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(application.get_absolute_url()).status_code == 404
    assert client.get(reverse("applications:withdraw", args=[application.pk])).status_code == 404


# --- Withdrawing ------------------------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_first(client, application, candidate):
    client.force_login(candidate)

    page = client.get(reverse("applications:withdraw", args=[application.pk])).content.decode()

    assert "Withdraw your application?" in page
    application.refresh_from_db()
    assert application.stage == Application.Stage.SUBMITTED


def test_confirming_withdraws_and_records_it(client, application, candidate):
    client.force_login(candidate)

    response = client.post(reverse("applications:withdraw", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.stage == Application.Stage.WITHDRAWN
    change = application.history.get()
    assert (change.to_stage, change.by) == ("withdrawn", candidate)
    page = response.content.decode()
    assert "You withdrew your application" in page
    assert "Withdrawn by you" in page
    assert "Withdraw application" not in page


def test_a_closed_application_cannot_be_withdrawn(client, application, candidate, manager):
    application.move_to(Application.Stage.REJECTED, by=manager)
    client.force_login(candidate)

    response = client.post(reverse("applications:withdraw", args=[application.pk]), follow=True)

    application.refresh_from_db()
    assert application.stage == Application.Stage.REJECTED
    assert "can no longer be withdrawn" in response.content.decode()


def test_another_candidate_cannot_withdraw_it(client, application, other_candidate):
    client.force_login(other_candidate)
    assert client.post(reverse("applications:withdraw", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.stage == Application.Stage.SUBMITTED


# --- My data ----------------------------------------------------------------------------------------


def test_the_export_holds_profile_licenses_applications_answers_and_history(client, application, candidate, manager):
    application.move_to(Application.Stage.SCREENING, by=manager, reason="Internal reason")
    Note.objects.create(application=application, author=manager, body="Internal note: salary expectations high")
    Scorecard.objects.create(
        application=application, reviewer=manager, recommendation="yes", comments="Scorecard comment"
    )
    client.force_login(candidate)

    response = client.get(reverse("applications:data_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="my-ot-careers-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "candidate@example.com"
    assert data["profile"]["nbcot"]["status"] == "Active"
    assert data["profile"]["state_licenses"][0]["state"] == "TX"
    [exported] = data["applications"]
    assert exported["posting"] == application.posting.display_title
    assert exported["status"] == "Under review"
    assert {answer["requirement"] for answer in exported["answers"]} == set(
        application.posting.requirements.values_list("text", flat=True)
    )
    assert exported["history"] == [
        {"at": exported["history"][0]["at"], "from": "Submitted — we have your application", "to": "Under review"}
    ]
    text = response.content.decode()
    for internal in ("Internal reason", "Internal note", "Scorecard comment", "match_score", "knockout", "flag"):
        assert internal not in text


def test_the_export_runs_the_same_queries_whatever_the_number_of_applications(
    client, candidate, django_assert_num_queries
):
    client.force_login(candidate)
    ApplicationFactory(candidate=candidate)
    # Three of these are the emails outside applications and the alerts app's two sections; two more are the
    # interviews' times (hiring) and the referees the candidate named (verification).
    with django_assert_num_queries(14) as small:
        client.get(reverse("applications:data_export"))
    for _ in range(5):
        ApplicationFactory(candidate=candidate)
        JobAlertFactory(user=candidate, email=candidate.email)
        SavedJobFactory(user=candidate)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("applications:data_export"))


# --- Deleting the account ---------------------------------------------------------------------------


def test_deleting_needs_the_password(client, application, candidate):
    client.force_login(candidate)

    response = client.post(reverse("applications:delete_account"), {"password": "wrong"})

    assert "That is not your password" in response.content.decode()
    assert Application.objects.filter(pk=application.pk).exists()


def test_deleting_removes_the_account_profile_applications_and_resume_files(
    client, posting, candidate, manager, django_capture_on_commit_callbacks
):
    client.force_login(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:apply", args=[posting.pk]), apply_data(posting))
    application = Application.objects.get()
    Note.objects.create(application=application, author=manager, body="Internal")
    assert len(stored_files()) == 2  # the application's copy and the profile's

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:delete_account"), {"password": "correct horse battery"}, follow=True
        )

    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "Your account, profile, applications and resumes are deleted." in response.content.decode()
    assert not type(candidate).objects.filter(pk=candidate.pk).exists()
    assert not CandidateProfile.objects.exists()
    assert not Application.objects.exists()
    assert not Answer.objects.exists() and not Note.objects.exists() and not StageChange.objects.exists()
    assert not OutgoingEmail.objects.exists()
    assert stored_files() == set()
    assert "_auth_user_id" not in client.session


def test_a_staff_account_cannot_delete_itself_here(client, manager):
    client.force_login(manager)
    manager.set_password("correct horse battery")
    manager.save()
    client.force_login(manager)

    response = client.post(reverse("applications:delete_account"), {"password": "correct horse battery"})

    assert "an administrator closes them" in response.content.decode()
    assert type(manager).objects.filter(pk=manager.pk).exists()


def test_deleting_a_candidate_leaves_other_candidates_alone(client, application, other_candidate, other_posting):
    theirs = ApplicationFactory(candidate=other_candidate, posting=other_posting)
    person = application.candidate
    client.force_login(person)

    client.post(reverse("applications:delete_account"), {"password": "correct horse battery"})

    assert list(Application.objects.all()) == [theirs]


def test_the_candidate_area_needs_sign_in(client):
    for url in (LIST_URL, reverse("applications:data_export"), reverse("applications:delete_account")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_person_without_a_profile_can_export_and_delete(client):
    person = UserFactory(email="bare@example.com")
    client.force_login(person)

    data = json.loads(client.get(reverse("applications:data_export")).content)
    assert data["profile"] is None and data["applications"] == []
    client.post(reverse("applications:delete_account"), {"password": "correct horse battery"})
    assert not type(person).objects.filter(pk=person.pk).exists()
