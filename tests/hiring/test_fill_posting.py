"""When hires reach openings, the pipeline offers to close the posting and tell the applicants still open."""

from django.core import mail
from django.urls import reverse

from applications.models import Application, OutgoingEmail
from hiring.moves import FILLED_REASON
from tests.factories import ApplicationFactory
from tests.hiring.conftest import page_text

Stage = Application.Stage


def _hire(application, by):
    for stage in (Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED):
        application.move_to(stage, by=by)


def _close(client, posting, notify=True):
    return client.post(reverse("hiring:fill_posting", args=[posting.pk]), {"notify_open": "on"} if notify else {})


def test_no_banner_while_openings_remain(client, manager, posting, make_applicants):
    posting.openings = 2
    posting.save()
    hired, _ = make_applicants(posting, 2)
    _hire(hired, manager)
    client.force_login(manager)

    response = client.get(reverse("hiring:pipeline", args=[posting.pk]))

    assert response.context["offer_to_close"] is False
    assert "Every opening is filled" not in page_text(response)


def test_banner_offers_to_close_when_hires_equal_openings(client, manager, posting, make_applicants):
    hired, _, _ = make_applicants(posting, 3)
    _hire(hired, manager)
    client.force_login(manager)

    page = page_text(client.get(reverse("hiring:pipeline", args=[posting.pk])))

    assert "Every opening is filled" in page
    assert "2 applicants are still open." in page
    assert reverse("hiring:fill_posting", args=[posting.pk]) in page


def test_closing_as_filled_tells_the_open_applicants_and_closes_their_applications(
    client, manager, posting, make_applicants, candidate, django_capture_on_commit_callbacks
):
    hired, waiting, screening = make_applicants(posting, 3)
    withdrawn = ApplicationFactory(posting=posting, candidate=candidate)
    withdrawn.withdraw(by=candidate)
    _hire(hired, manager)
    screening.move_to(Stage.SCREENING, by=manager)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = _close(client, posting)

    assert response.status_code == 302
    posting.refresh_from_db()
    assert (posting.status, posting.close_reason) == ("closed", "filled")
    for application, stage in (
        (hired, "hired"),
        (waiting, "rejected"),
        (screening, "rejected"),
        (withdrawn, "withdrawn"),
    ):
        application.refresh_from_db()
        assert application.stage == stage
    assert waiting.history.last().reason == FILLED_REASON
    assert waiting.history.last().by == manager
    filled = OutgoingEmail.objects.filter(kind="posting_filled")
    assert sorted(email.to for email in filled) == sorted([waiting.candidate.email, screening.candidate.email])
    assert not OutgoingEmail.objects.filter(kind="rejection").exists()
    assert len(mail.outbox) == 2
    assert f"{posting.display_title} has been filled" in mail.outbox[0].subject
    assert "2 applicant(s) still open were told" in page_text(client.get(response["Location"]))


def test_closing_without_notifying_leaves_the_applicants_as_they_are(client, manager, posting, make_applicants):
    hired, waiting = make_applicants(posting, 2)
    _hire(hired, manager)
    client.force_login(manager)

    _close(client, posting, notify=False)

    posting.refresh_from_db()
    waiting.refresh_from_db()
    assert posting.status == "closed"
    assert waiting.stage == Stage.SUBMITTED
    assert not OutgoingEmail.objects.exists()


def test_closing_is_refused_while_openings_remain(client, manager, posting, make_applicants):
    make_applicants(posting, 2)
    client.force_login(manager)

    response = _close(client, posting)

    posting.refresh_from_db()
    assert posting.status == "published"
    assert "Only 0 of 1 opening(s) are filled" in page_text(client.get(response["Location"]))
    assert not Application.objects.filter(stage=Stage.REJECTED).exists()


def test_a_closed_posting_offers_nothing_more(client, manager, posting, make_applicants):
    (hired,) = make_applicants(posting, 1)
    _hire(hired, manager)
    client.force_login(manager)
    _close(client, posting)

    response = client.get(reverse("hiring:pipeline", args=[posting.pk]))
    assert response.context["offer_to_close"] is False
    second = _close(client, posting)
    assert "not published" in page_text(client.get(second["Location"]))
