"""Moving one applicant through the stages from the applicant page."""

import pytest
from django.urls import reverse

from applications.models import Application, StageChange
from hiring.applicant import hired_at
from tests.factories import ApplicationFactory, verify_for_hire
from tests.hiring.conftest import listed_reason, page_text

Stage = Application.Stage


def _move(client, application, stage, *, expected=None, reason="", email="usual"):
    return client.post(
        reverse("hiring:move", args=[application.pk]),
        {
            "stage": stage,
            "expected_stage": expected or application.stage,
            "rejection_reason": listed_reason() if stage == Stage.REJECTED else "",
            "reason": reason,
            "email": email,
        },
    )


def _put_in(application, stage, by):
    """Walk an application forward to `stage` through real moves."""
    path = [Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]
    for step in path[: path.index(stage) + 1] if stage in path else []:
        application.move_to(step, by=by)


def test_manager_moves_an_applicant_and_the_history_keeps_who_when_from_to_and_why(client, manager, application):
    client.force_login(manager)

    response = _move(client, application, Stage.SCREENING, reason="Good neuro background")

    assert response.status_code == 302
    assert response["Location"] == reverse("hiring:applicant", args=[application.pk])
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING
    change = application.history.get()
    assert (change.from_stage, change.to_stage, change.by, change.reason) == (
        "submitted",
        "screening",
        manager,
        "Good neuro background",
    )
    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))
    assert "Good neuro background" in page
    assert "From Submitted by Morgan Manager" in page


@pytest.mark.parametrize(
    "start, target",
    [(Stage.SUBMITTED, Stage.INTERVIEW), (Stage.SUBMITTED, Stage.OFFER), (Stage.SCREENING, Stage.OFFER)],
)
def test_a_clear_fit_skips_ahead_in_one_step_and_the_history_says_so(client, manager, application, start, target):
    _put_in(application, start, manager)
    client.force_login(manager)

    assert _move(client, application, target, reason="Strong fit").status_code == 302

    application.refresh_from_db()
    assert application.stage == target
    last = application.history.last()
    assert (last.from_stage, last.to_stage, last.reason) == (start, target, "Strong fit")


def test_hired_straight_from_submitted_is_refused_with_a_message(client, manager, application):
    client.force_login(manager)

    response = _move(client, application, Stage.HIRED, reason="Skip ahead")

    assert response.status_code == 400
    assert "An application cannot go from Submitted to Hired." in page_text(response)
    assert "Skip ahead" in page_text(response)  # what was typed is kept
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED
    assert not application.history.exists()


@pytest.mark.parametrize(
    "start, target",
    [
        (Stage.SCREENING, Stage.SUBMITTED),
        (Stage.INTERVIEW, Stage.HIRED),
        (Stage.OFFER, Stage.INTERVIEW),
        (Stage.INTERVIEW, Stage.WITHDRAWN),
    ],
)
def test_moves_that_make_no_sense_are_refused(client, manager, application, start, target):
    _put_in(application, start, manager)
    before = application.history.count()
    client.force_login(manager)

    response = _move(client, application, target, reason="Trying")

    assert response.status_code == 400
    application.refresh_from_db()
    assert application.stage == start
    assert application.history.count() == before


def test_the_whole_way_to_hired_is_recorded_and_time_to_hire_shown(client, manager, application):
    verify_for_hire(application, by=manager)
    client.force_login(manager)

    for stage in (Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED):
        application.refresh_from_db()
        assert _move(client, application, stage, email="none").status_code == 302

    application.refresh_from_db()
    assert application.stage == Stage.HIRED
    assert [c.to_stage for c in application.history.all()] == ["screening", "interview", "offer", "hired"]
    assert hired_at(application.history.all()) is not None
    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))
    assert "Time to hire" in page
    assert "is a final stage" in page
    assert f'action="{reverse("hiring:move", args=[application.pk])}"' not in page


@pytest.mark.parametrize("start", [Stage.SUBMITTED, Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER])
def test_rejection_is_possible_from_every_open_stage(client, manager, application, start):
    _put_in(application, start, manager)
    client.force_login(manager)

    response = _move(client, application, Stage.REJECTED, reason="Chose someone with hand certification")

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    assert application.history.last().reason == "Other (say why in the note): Chose someone with hand certification"


def test_a_rejection_needs_a_reason(client, manager, application):
    client.force_login(manager)

    response = client.post(
        reverse("hiring:move", args=[application.pk]),
        {"stage": Stage.REJECTED, "expected_stage": application.stage, "reason": "Not a fit", "email": "usual"},
    )

    assert response.status_code == 400
    assert "Choose why the application is rejected." in page_text(response)
    assert "Not a fit" in page_text(response)
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED


def test_a_withdrawn_application_shows_no_move_form_and_cannot_be_moved(client, manager, application, candidate):
    application.withdraw(by=candidate)
    client.force_login(manager)

    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))
    assert "The candidate withdrew this application" in page
    assert f'action="{reverse("hiring:move", args=[application.pk])}"' not in page

    response = _move(client, application, Stage.SCREENING, expected=Stage.SUBMITTED)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN
    assert application.history.count() == 1
    follow = client.get(response["Location"])
    assert "withdrew this application" in page_text(follow)


def test_a_move_from_a_stale_page_is_refused_and_asks_to_reload(client, manager, recruiter, application):
    application.move_to(Stage.SCREENING, by=recruiter, reason="Recruiter screened first")
    client.force_login(manager)

    # The manager's page still showed "submitted".
    response = _move(client, application, Stage.REJECTED, expected=Stage.SUBMITTED, reason="Not enough experience")

    assert response.status_code == 409
    page = page_text(response)
    assert "Someone else moved this application to Screening" in page
    assert "Reload the page" in page
    assert "Not enough experience" in page  # the typed reason is kept for a second try
    assert 'name="expected_stage" value="screening"' in page
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING
    assert list(application.history.values_list("to_stage", flat=True)) == ["screening"]


def test_the_move_form_only_offers_moves_allowed_from_the_current_stage(client, manager, application):
    client.force_login(manager)

    response = client.get(reverse("hiring:applicant", args=[application.pk]))

    assert [value for value, _ in response.context["move_form"].fields["stage"].choices] == [
        "screening",
        "interview",
        "offer",
        "rejected",
    ]


def test_a_tampered_expected_stage_is_treated_as_stale(client, manager, application):
    client.force_login(manager)

    response = _move(client, application, Stage.SCREENING, expected="nonsense")

    assert response.status_code == 409
    assert not StageChange.objects.exists()


def test_recruiter_moves_applicants_of_any_posting(client, recruiter, other_posting):
    application = ApplicationFactory(posting=other_posting)
    client.force_login(recruiter)

    assert _move(client, application, Stage.SCREENING).status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING
    assert application.history.get().by == recruiter


def test_a_stale_move_onto_a_final_stage_shows_the_page_without_a_move_form(client, manager, recruiter, application):
    application.move_to(Stage.REJECTED, by=recruiter, reason="Recruiter closed it")
    client.force_login(manager)

    response = _move(client, application, Stage.SCREENING, expected=Stage.SUBMITTED)

    assert response.status_code == 409
    assert "Someone else moved this application to Rejected" in page_text(response)
    assert response.context["move_form"] is None
    application.refresh_from_db()
    assert application.history.count() == 1
