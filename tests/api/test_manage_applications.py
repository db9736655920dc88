"""Applications through the API: a posting's applicants, one application, moves, the resume."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey, KeyEvent
from applications.models import Application, OutgoingEmail
from hiring.models import Note
from tests.factories import ApplicationFactory

Scope = ApiKey.Scope


@pytest.fixture
def reader(make_key, bearer, manager):
    _, secret = make_key([Scope.APPLICATIONS_READ, Scope.APPLICATIONS_WRITE], managers=[manager])
    return bearer(secret)


def _list(client, posting, headers, **params):
    url = reverse("api:v1:manage_applications", kwargs={"posting_id": posting.pk})
    return client.get(url, params, headers=headers)


def test_lists_applicants_in_the_order_they_changed_with_stage_flags_and_score(client, posting, reader):
    now = timezone.now()
    older = ApplicationFactory(posting=posting, stage_changed_at=now - datetime.timedelta(days=2), knockouts=1)
    newer = ApplicationFactory(posting=posting, stage_changed_at=now - datetime.timedelta(days=1))

    response = _list(client, posting, reader)

    results = response.json()["results"]
    assert [item["id"] for item in results] == [older.pk, newer.pk]
    assert results[0]["flags"] == [{"key": "knockout", "label": "Required item not met"}]
    assert results[0]["match_score"] == 100
    assert results[0]["candidate"]["email"] == older.candidate.email


def test_filters_by_stage_and_updated_since_and_pages_with_a_cursor(client, posting, reader):
    now = timezone.now()
    old = ApplicationFactory(posting=posting, stage_changed_at=now - datetime.timedelta(days=5))
    recent = [
        ApplicationFactory(posting=posting, stage_changed_at=now - datetime.timedelta(hours=h)) for h in (3, 2, 1)
    ]
    rejected = ApplicationFactory(posting=posting, stage=Application.Stage.REJECTED)

    since = _list(client, posting, reader, updated_since=(now - datetime.timedelta(days=1)).isoformat(), page_size=2)
    rest = _list(
        client,
        posting,
        reader,
        updated_since=(now - datetime.timedelta(days=1)).isoformat(),
        page_size=2,
        cursor=since.json()["next_cursor"],
    )
    only_rejected = _list(client, posting, reader, stage="rejected")
    still_open = _list(client, posting, reader, stage="open")

    ids = [item["id"] for item in since.json()["results"] + rest.json()["results"]]
    assert ids == [recent[0].pk, recent[1].pk, recent[2].pk, rejected.pk]
    assert rest.json()["next_cursor"] is None
    assert [item["id"] for item in only_rejected.json()["results"]] == [rejected.pk]
    assert old.pk in [item["id"] for item in still_open.json()["results"]]
    assert rejected.pk not in [item["id"] for item in still_open.json()["results"]]


def test_the_cursor_walks_applicants_moved_at_the_same_moment_once_each(client, posting, reader):
    moment = timezone.now() - datetime.timedelta(hours=1)
    same_moment = [ApplicationFactory(posting=posting, stage_changed_at=moment) for _ in range(5)]
    earlier = ApplicationFactory(posting=posting, stage_changed_at=moment - datetime.timedelta(minutes=1))
    later = ApplicationFactory(posting=posting, stage_changed_at=moment + datetime.timedelta(minutes=1))

    seen, cursor = [], None
    for _ in range(10):
        page = _list(client, posting, reader, page_size=2, **({"cursor": cursor} if cursor else {})).json()
        seen += [item["id"] for item in page["results"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == [earlier.pk, *sorted(a.pk for a in same_moment), later.pk]


def test_a_bad_filter_or_cursor_is_a_problem(client, posting, reader):
    bad_stage = _list(client, posting, reader, stage="interviewing")
    bad_cursor = _list(client, posting, reader, cursor="not-a-cursor")

    assert bad_stage.status_code == 422 and bad_stage.json()["errors"][0]["name"] == "stage"
    assert bad_cursor.status_code == 422 and bad_cursor.json()["errors"][0]["name"] == "cursor"


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries(client, posting, reader, size, django_assert_num_queries):
    for _ in range(size):
        ApplicationFactory(posting=posting)
    _list(client, posting, reader)  # the key's last use is written once a minute: not in the count below

    # The key with its hiring managers, its rate limit (counted in the database, accounts/throttle.py), the
    # posting, the page with candidates and profiles.
    with django_assert_num_queries(5):
        response = _list(client, posting, reader, page_size=100)

    assert len(response.json()["results"]) == size


def test_one_application_has_answers_and_history_but_never_notes(client, application, manager, reader):
    Note.objects.create(application=application, author=manager, body="Seemed distracted on the phone.")
    application.move_to(Application.Stage.SCREENING, by=manager, reason="Strong rehab background")

    data = client.get(reverse("api:v1:manage_application", kwargs={"application_id": application.pk}), headers=reader)

    body = data.json()
    assert [answer["meets"] for answer in body["answers"]] == [True, True]
    assert body["history"][-1] | {"at": None} == {
        "from_stage": "submitted",
        "to_stage": "screening",
        "at": None,
        "by": manager.get_full_name(),
        "reason": "Strong rehab background",
    }
    assert "distracted" not in data.content.decode()


def test_a_move_goes_through_the_workspace_rules_and_emails(
    client, application, manager, reader, django_capture_on_commit_callbacks
):
    url = reverse("api:v1:manage_application_move", kwargs={"application_id": application.pk})
    application.move_to(Application.Stage.SCREENING, by=manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"stage": "interview", "expected_stage": "screening", "on_behalf_of": manager.email},
            content_type="application/json",
            headers=reader,
        )

    application.refresh_from_db()
    assert response.status_code == 200 and response.json()["stage"] == "interview"
    assert application.stage == Application.Stage.INTERVIEW
    assert application.history.last().by == manager
    assert OutgoingEmail.objects.filter(application=application, kind="interview").exists()
    assert len(mail.outbox) == 1
    assert KeyEvent.objects.filter(action=KeyEvent.Action.APPLICATION_MOVED, application=application).exists()


def test_a_stale_move_is_refused_with_409(client, application, reader):
    url = reverse("api:v1:manage_application_move", kwargs={"application_id": application.pk})

    response = client.post(
        url, {"stage": "screening", "expected_stage": "interview"}, content_type="application/json", headers=reader
    )

    assert response.status_code == 409 and response.json()["code"] == "stale"
    application.refresh_from_db()
    assert application.stage == Application.Stage.SUBMITTED


def test_a_move_that_makes_no_sense_and_a_rejection_without_reason_are_refused(client, application, reader):
    url = reverse("api:v1:manage_application_move", kwargs={"application_id": application.pk})

    hired = client.post(
        url, {"stage": "hired", "expected_stage": "submitted"}, content_type="application/json", headers=reader
    )
    rejected = client.post(
        url, {"stage": "rejected", "expected_stage": "submitted"}, content_type="application/json", headers=reader
    )

    assert hired.status_code == 409 and hired.json()["code"] == "invalid_move"
    assert rejected.status_code == 422 and rejected.json()["errors"][0]["code"] == "reason_required"


def test_a_move_for_someone_who_may_not_review_it_is_refused(client, application, other_manager, reader):
    url = reverse("api:v1:manage_application_move", kwargs={"application_id": application.pk})

    response = client.post(
        url,
        {"stage": "screening", "expected_stage": "submitted", "on_behalf_of": other_manager.email},
        content_type="application/json",
        headers=reader,
    )

    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "not_a_reviewer"


def test_the_resume_download_is_an_attachment_and_logged(client, application, reader):
    url = reverse("api:v1:manage_application_resume", kwargs={"application_id": application.pk})

    response = client.get(url, headers=reader)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    event = KeyEvent.objects.get(action=KeyEvent.Action.RESUME_DOWNLOADED)
    assert event.application == application and event.address == "127.0.0.1"
