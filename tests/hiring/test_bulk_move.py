"""Moving or rejecting several applicants at once from the pipeline."""

from django.core import mail
from django.urls import reverse

from applications.models import Application, OutgoingEmail, StageChange
from tests.factories import ApplicationFactory, CandidateFactory, verify_for_hire
from tests.hiring.conftest import listed_reason, page_text

Stage = Application.Stage


def _bulk(client, posting, applications, stage, *, reason="", email="usual", tokens=None, query="", listed=None):
    tokens = tokens if tokens is not None else [f"{app.pk}:{app.stage}" for app in applications]
    url = reverse("hiring:bulk_move", args=[posting.pk]) + (f"?{query}" if query else "")
    if listed is None:
        listed = listed_reason() if stage == Stage.REJECTED else ""
    return client.post(
        url, {"selected": tokens, "stage": stage, "rejection_reason": listed, "reason": reason, "email": email}
    )


def test_several_applicants_are_rejected_at_once_each_with_history_and_a_delayed_email(
    client, manager, posting, make_applicants, django_capture_on_commit_callbacks
):
    chosen = make_applicants(posting, 3)
    untouched = ApplicationFactory(posting=posting)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = _bulk(client, posting, chosen, Stage.REJECTED, reason="Needs pediatrics experience")

    assert response.status_code == 302
    for application in chosen:
        application.refresh_from_db()
        assert application.stage == Stage.REJECTED
        change = application.history.get()
        assert (change.by, change.reason) == (manager, "Other (say why in the note): Needs pediatrics experience")
    untouched.refresh_from_db()
    assert untouched.stage == Stage.SUBMITTED
    assert OutgoingEmail.objects.filter(kind="rejection", sent_at__isnull=True).count() == 3
    assert mail.outbox == []  # held back 48 hours
    assert "3 moved to Rejected." in page_text(client.get(response["Location"]))


def test_each_refusal_is_reported_by_name_and_the_others_still_move(client, manager, posting):
    ready = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Ready Rita"))
    early = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Early Eli"))
    for stage in (Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER):
        ready.move_to(stage, by=manager)
    verify_for_hire(ready, by=manager)
    client.force_login(manager)

    response = _bulk(client, posting, [ready, early], Stage.HIRED)

    ready.refresh_from_db()
    early.refresh_from_db()
    assert ready.stage == Stage.HIRED
    assert early.stage == Stage.SUBMITTED
    page = page_text(client.get(response["Location"]))
    assert "1 moved to Hired, 1 could not be moved." in page
    assert "Early Eli: An application cannot go from Submitted to Hired." in page


def test_a_stale_row_is_refused_and_asks_to_reload(client, manager, recruiter, posting):
    application = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Moved Meanwhile"))
    tokens = [f"{application.pk}:submitted"]  # what the manager's page showed
    application.move_to(Stage.SCREENING, by=recruiter)
    client.force_login(manager)

    response = _bulk(client, posting, [], Stage.REJECTED, reason="Not a fit", tokens=tokens)

    application.refresh_from_db()
    assert application.stage == Stage.SCREENING
    assert "Moved Meanwhile: Someone else moved this application to Screening meanwhile." in page_text(
        client.get(response["Location"])
    )


def test_a_withdrawn_applicant_in_the_selection_is_left_alone(client, manager, posting, candidate):
    application = ApplicationFactory(posting=posting, candidate=candidate)
    application.withdraw(by=candidate)
    client.force_login(manager)

    response = _bulk(client, posting, [application], Stage.REJECTED, reason="Cleanup")

    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN
    assert "withdrew this application" in page_text(client.get(response["Location"]))


def test_an_applicant_of_another_posting_in_the_selection_moves_nobody(client, recruiter, posting, other_posting):
    mine = ApplicationFactory(posting=posting)
    foreign = ApplicationFactory(posting=other_posting)
    client.force_login(recruiter)

    response = _bulk(client, posting, [mine, foreign], Stage.SCREENING)

    assert response.status_code == 400
    assert "not in this pipeline" in page_text(response)
    assert not StageChange.objects.exists()


def test_a_rejection_without_a_reason_keeps_the_ticks_and_moves_nobody(client, manager, posting, make_applicants):
    chosen = make_applicants(posting, 2)
    client.force_login(manager)

    response = _bulk(client, posting, chosen, Stage.REJECTED, reason="", listed="")

    assert response.status_code == 400
    assert "Choose why the application is rejected." in page_text(response)
    ticked = {app.pk for app in response.context["page_obj"].object_list if app.is_ticked}
    assert ticked == {app.pk for app in chosen}
    assert not StageChange.objects.exists()


def test_nothing_ticked_is_a_clear_message(client, manager, posting, application):
    client.force_login(manager)

    response = _bulk(client, posting, [], Stage.SCREENING, tokens=[])

    assert response.status_code == 400
    assert "Tick at least one applicant." in page_text(response)


def test_a_garbled_selection_is_refused_without_a_500(client, manager, posting, application):
    client.force_login(manager)

    response = _bulk(client, posting, [], Stage.SCREENING, tokens=["abc", f"{application.pk}:nonsense"])

    assert response.status_code == 400
    assert "The selection was not understood" in page_text(response)


def test_bulk_move_returns_to_the_filtered_pipeline(client, manager, posting, application):
    client.force_login(manager)

    response = _bulk(client, posting, [application], Stage.SCREENING, query="stage=submitted&sort=score")

    assert response["Location"] == reverse("hiring:pipeline", args=[posting.pk]) + "?stage=submitted&sort=score"


def test_a_refused_bulk_form_is_shown_again_with_the_same_filters(client, manager, posting):
    kept = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Screened Sam"))
    ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Waiting Wes"))
    kept.move_to(Stage.SCREENING, by=manager)
    client.force_login(manager)

    response = _bulk(client, posting, [kept], Stage.REJECTED, reason="", query="stage=screening", listed="")

    assert response.status_code == 400
    assert [app.candidate.full_name for app in response.context["page_obj"].object_list] == ["Screened Sam"]
    page = page_text(response)
    assert f'action="{reverse("hiring:bulk_move", args=[posting.pk])}?stage=screening"' in page


def test_following_a_link_to_the_bulk_address_lands_on_the_pipeline(client, manager, posting):
    client.force_login(manager)

    response = client.get(reverse("hiring:bulk_move", args=[posting.pk]), {"stage": "open", "page": "2"})

    assert response.status_code == 302
    assert response["Location"] == reverse("hiring:pipeline", args=[posting.pk]) + "?stage=open&page=2"
