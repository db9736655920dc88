import pytest

from applications.models import Application, StageError


def test_each_move_is_recorded_with_who_from_to_and_why(application, manager):
    application.move_to(Application.Stage.SCREENING, by=manager, reason="Strong neuro background")

    application.refresh_from_db()
    assert application.stage == Application.Stage.SCREENING
    change = application.history.get()
    assert (change.from_stage, change.to_stage, change.by, change.reason) == (
        "submitted",
        "screening",
        manager,
        "Strong neuro background",
    )


def test_hired_straight_from_submitted_is_refused(application, manager):
    with pytest.raises(StageError, match="cannot go from Submitted to Hired"):
        application.move_to(Application.Stage.HIRED, by=manager)
    application.refresh_from_db()
    assert application.stage == Application.Stage.SUBMITTED
    assert not application.history.exists()


def test_rejection_is_possible_from_any_open_stage(application, manager):
    application.move_to(Application.Stage.SCREENING, by=manager)
    application.move_to(Application.Stage.INTERVIEW, by=manager)
    application.move_to(Application.Stage.REJECTED, by=manager, reason="Chose a candidate with hand certification")
    application.refresh_from_db()
    assert application.stage == Application.Stage.REJECTED
    assert [c.to_stage for c in application.history.all()] == ["screening", "interview", "rejected"]


def test_a_withdrawn_application_cannot_be_moved_by_staff(application, candidate, manager):
    application.withdraw(by=candidate)

    with pytest.raises(StageError, match="withdrew"):
        application.move_to(Application.Stage.SCREENING, by=manager)


def test_a_move_made_on_a_stale_page_is_refused(application, manager, recruiter):
    application.move_to(Application.Stage.SCREENING, by=recruiter)
    stale = Application.objects.get(pk=application.pk)
    stale.stage = Application.Stage.SUBMITTED  # what the manager's page still shows

    with pytest.raises(StageError, match="Reload"):
        stale.move_to(Application.Stage.REJECTED, by=manager, expected_stage=Application.Stage.SUBMITTED)
