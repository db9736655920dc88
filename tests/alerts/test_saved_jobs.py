"""Saving postings from the board and the posting page, finding them in the candidate area."""

import json

from django.urls import reverse

from alerts.models import JobAlert, SavedJob
from applications import services
from applications.models import OutgoingEmail
from postings.models import JobPosting
from tests.factories import ApplicationFactory, JobAlertFactory, PublishedPostingFactory, SavedJobFactory

BOARD = "/jobs/"
SAVED = reverse("alerts:saved_jobs")


def test_a_candidate_saves_a_posting_from_its_page_and_finds_it_saved(client, candidate, posting):
    client.force_login(candidate)
    page = posting.get_absolute_url()
    assert "Save job" in client.get(page).content.decode()

    response = client.post(reverse("alerts:save_job", args=[posting.pk]), {"next": page})

    assert response["Location"] == page
    assert SavedJob.objects.get().user == candidate
    html = client.get(page).content.decode()
    assert 'aria-pressed="true" aria-label="Saved: ' in html
    assert posting.display_title in client.get(SAVED).content.decode()


def test_saving_twice_keeps_one_and_removing_takes_it_off(client, candidate, posting):
    client.force_login(candidate)
    save = reverse("alerts:save_job", args=[posting.pk])
    client.post(save)
    client.post(save)
    assert SavedJob.objects.count() == 1

    client.post(reverse("alerts:unsave_job", args=[posting.pk]))

    assert not SavedJob.objects.exists()


def test_a_visitor_who_saves_is_asked_to_sign_in_and_comes_back_to_save(client, candidate, posting):
    save = reverse("alerts:save_job", args=[posting.pk])
    response = client.post(save, {"next": BOARD})
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]

    client.force_login(candidate)
    confirm = client.get(save)
    assert confirm.status_code == 200 and "Save this job?" in confirm.content.decode()


def test_a_closed_posting_cannot_be_saved_and_a_draft_is_404(client, candidate, posting, catalog):
    client.force_login(candidate)
    posting.close(JobPosting.CloseReason.FILLED)
    client.post(reverse("alerts:save_job", args=[posting.pk]))
    assert not SavedJob.objects.exists()

    draft = JobPosting.objects.create(level=posting.level, setting=posting.setting, description="Draft")
    assert client.post(reverse("alerts:save_job", args=[draft.pk])).status_code == 404


def test_a_saved_posting_that_closes_says_so(client, candidate, posting, other_posting):
    SavedJobFactory(user=candidate, posting=posting)
    SavedJobFactory(user=candidate, posting=other_posting)
    other_posting.close(JobPosting.CloseReason.FILLED)
    client.force_login(candidate)

    items = {item["card"]["pk"]: item for item in client.get(SAVED).context["items"]}

    assert items[posting.pk]["open"] and not items[other_posting.pk]["open"]
    assert "Closed: filled — no longer taking applications" in client.get(SAVED).content.decode()


def test_the_saved_list_shows_where_i_applied(client, candidate, posting):
    SavedJobFactory(user=candidate, posting=posting)
    ApplicationFactory(candidate=candidate, posting=posting)
    client.force_login(candidate)

    assert "You applied" in client.get(SAVED).content.decode()


def test_the_saved_list_runs_a_fixed_number_of_queries(client, candidate, catalog, django_assert_num_queries):
    client.force_login(candidate)
    SavedJobFactory(user=candidate)
    # Session, user, the count, the page of saved postings with their cards, my applications among them.
    with django_assert_num_queries(5):
        client.get(SAVED)
    for _ in range(12):
        SavedJobFactory(user=candidate)
    with django_assert_num_queries(5):
        response = client.get(SAVED)
    assert len(response.context["items"]) == 13


def test_others_never_see_my_saved_jobs(client, candidate, other_candidate, posting):
    SavedJobFactory(user=candidate, posting=posting)
    client.force_login(other_candidate)

    assert posting.display_title not in client.get(SAVED).content.decode()
    client.post(reverse("alerts:unsave_job", args=[posting.pk]))
    assert SavedJob.objects.filter(user=candidate).exists()


# --- On the board ---------------------------------------------------------------------------------


def test_the_board_shows_my_saved_postings_as_saved_and_caches_nothing_of_it(client, candidate, posting, other_posting):
    SavedJobFactory(user=candidate, posting=posting)
    client.force_login(candidate)
    html = client.get(BOARD).content.decode()
    assert html.count('aria-pressed="true"') == 1  # mine
    assert html.count('aria-pressed="false"') == 1  # the other

    client.logout()
    html = client.get(BOARD).content.decode()  # the same cached board
    assert 'aria-pressed="true"' not in html
    assert html.count('aria-pressed="false"') == 2


def test_the_board_for_a_signed_in_candidate_runs_a_fixed_number_of_queries(
    client, candidate, catalog, django_assert_num_queries
):
    client.force_login(candidate)
    for _ in range(2):
        SavedJobFactory(user=candidate)
    # The board's five, then session, user and my saved postings (once, for every card).
    with django_assert_num_queries(8):
        client.get(BOARD)
    for _ in range(15):
        SavedJobFactory(user=candidate, posting=PublishedPostingFactory())
    with django_assert_num_queries(8):
        response = client.get(BOARD)
    assert response.content.decode().count('aria-pressed="true"') == 17


def test_staff_get_no_save_buttons(client, recruiter, posting):
    client.force_login(recruiter)
    assert "aria-pressed" not in client.get(BOARD).content.decode()
    assert "Save job" not in client.get(posting.get_absolute_url()).content.decode()


# --- Export and deletion --------------------------------------------------------------------------


def test_the_data_export_includes_my_alerts_saved_jobs_and_alert_emails(client, candidate, posting):
    JobAlertFactory(user=candidate, email=candidate.email, name="Near home", criteria={"state": "TX"})
    SavedJobFactory(user=candidate, posting=posting)
    OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.JOB_ALERT,
        to=candidate.email,
        subject="2 new OT positions",
        body="...",
        sent_at=posting.published_at,
    )
    client.force_login(candidate)

    data = json.loads(b"".join([client.get(reverse("applications:data_export")).content]))

    assert data["job_alerts"][0]["name"] == "Near home" and data["job_alerts"][0]["criteria"] == {"state": "TX"}
    assert data["saved_jobs"] == [
        {
            "posting": posting.display_title,
            "reference": posting.reference,
            "saved_at": data["saved_jobs"][0]["saved_at"],
            "still_open": True,
        }
    ]
    assert data["other_emails_sent_to_you"][0]["subject"] == "2 new OT positions"


def test_deleting_the_account_deletes_its_alerts_saved_jobs_and_alert_emails(candidate, other_candidate, posting):
    JobAlertFactory(user=candidate, email=candidate.email)
    SavedJobFactory(user=candidate, posting=posting)
    OutgoingEmail.objects.create(kind=OutgoingEmail.Kind.JOB_ALERT, to=candidate.email, subject="s", body="b")
    kept_alert = JobAlertFactory(user=other_candidate, email=other_candidate.email)
    kept_email = OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.JOB_ALERT, to=other_candidate.email, subject="s", body="b"
    )

    services.delete_candidate_account(candidate)

    assert list(JobAlert.objects.all()) == [kept_alert]
    assert not SavedJob.objects.exists()
    assert list(OutgoingEmail.objects.all()) == [kept_email]
