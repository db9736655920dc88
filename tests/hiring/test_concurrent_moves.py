"""Two reviewers moving the same applicant at the same moment never lose a move (PostgreSQL row locks)."""

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application, StageError
from hiring.models import EmailTemplate
from hiring.moves import move as move_application
from tests.hiring.conftest import listed_reason, run_together

Stage = Application.Stage

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _assert_history_matches_stage(application):
    application.refresh_from_db()
    steps = list(application.history.values_list("from_stage", "to_stage"))
    # An unbroken chain from submitted to the stored stage: no move was overwritten.
    expected_from = Stage.SUBMITTED
    for from_stage, to_stage in steps:
        assert from_stage == expected_from
        expected_from = to_stage
    assert application.stage == expected_from
    return steps


def test_two_moves_from_the_same_page_one_wins_the_other_is_told_to_reload(application, manager, recruiter):
    first = Application.objects.get(pk=application.pk)
    second = Application.objects.get(pk=application.pk)

    results = run_together(
        lambda: move_application(first, Stage.SCREENING, by=manager, expected_stage=Stage.SUBMITTED),
        lambda: move_application(second, Stage.REJECTED, by=recruiter, reason="No", expected_stage=Stage.SUBMITTED),
    )

    errors = [result for result in results if isinstance(result, Exception)]
    assert len(errors) == 1
    assert isinstance(errors[0], StageError) and errors[0].code == "stale"
    assert len(_assert_history_matches_stage(application)) == 1


def test_a_move_without_a_stage_check_is_applied_after_the_other_never_over_it(application, manager, recruiter):
    first = Application.objects.get(pk=application.pk)
    second = Application.objects.get(pk=application.pk)

    results = run_together(
        lambda: move_application(first, Stage.SCREENING, by=manager, expected_stage=Stage.SUBMITTED),
        lambda: move_application(second, Stage.REJECTED, by=recruiter, reason="Closing the search", email="none"),
    )

    steps = _assert_history_matches_stage(application)
    succeeded = [result for result in results if not isinstance(result, Exception)]
    assert len(steps) == len(succeeded) >= 1
    # Either both are recorded (screened, then rejected) or the screening was refused as stale.
    assert steps in ([("submitted", "screening"), ("screening", "rejected")], [("submitted", "rejected")])


def test_two_reviewers_posting_the_move_form_at_once(application, manager, recruiter):
    clients = []
    for person in (manager, recruiter):
        client = Client()
        client.force_login(person)
        clients.append(client)
    url = reverse("hiring:move", args=[application.pk])

    responses = run_together(
        lambda: clients[0].post(url, {"stage": "screening", "expected_stage": "submitted", "email": "none"}),
        lambda: clients[1].post(
            url,
            {
                "stage": "rejected",
                "expected_stage": "submitted",
                "rejection_reason": listed_reason(),
                "reason": "Not a fit",
                "email": "none",
            },
        ),
    )

    assert sorted(response.status_code for response in responses) == [302, 409]
    assert len(_assert_history_matches_stage(application)) == 1


def test_the_seeded_email_templates_survive_the_transactional_tests(db):
    # serialized_rollback restores what migrations created, so later tests still find it.
    assert EmailTemplate.objects.filter(kind="rejection", delay_hours=48).exists()
