"""The back office for applications, emails, candidate profiles and specialties."""

import pytest
from django.urls import reverse

from applications.models import Application, OutgoingEmail, Specialty
from hiring.models import EmailTemplate, Note
from tests.factories import ApplicationFactory, CandidateFactory


def test_application_list_filters_and_searches(client, admin_user, posting, other_posting):
    flagged = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Flora Flagged"), knockouts=1)
    ApplicationFactory(posting=other_posting, candidate=CandidateFactory(full_name="Clara Clean"))
    client.force_login(admin_user)
    url = reverse("admin:applications_application_changelist")

    assert client.get(url).status_code == 200
    by_flag = client.get(url, {"flag": "knockout"})
    assert list(by_flag.context["cl"].result_list) == [flagged]
    by_name = client.get(url, {"q": "clara"})
    assert [app.candidate.full_name for app in by_name.context["cl"].result_list] == ["Clara Clean"]
    by_stage = client.get(url, {"stage__exact": "submitted", "posting__level__id__exact": posting.level_id})
    assert list(by_stage.context["cl"].result_list) == [flagged]


def test_application_change_page_shows_history_and_notes_read_only_and_cannot_add_applications(
    client, admin_user, manager, application
):
    application.move_to(Application.Stage.SCREENING, by=manager, reason="Looks promising")
    Note.objects.create(application=application, author=manager, body="Call references")
    client.force_login(admin_user)

    response = client.get(reverse("admin:applications_application_change", args=[application.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Looks promising" in page
    assert "Call references" in page
    assert client.get(reverse("admin:applications_application_add")).status_code == 403


def test_admin_adds_a_note_signed_with_their_name_and_the_application_stays_as_it_was(client, admin_user, application):
    client.force_login(admin_user)
    url = reverse("admin:applications_application_change", args=[application.pk])
    data = {
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-2-TOTAL_FORMS": "1",
        "notes-2-INITIAL_FORMS": "0",
        "notes-2-0-body": "Spoke with the candidate by phone",
        "stage": "hired",  # read-only: ignored
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"]
    ]
    note = Note.objects.get()
    assert (note.author, note.body) == (admin_user, "Spoke with the candidate by phone")
    application.refresh_from_db()
    assert application.stage == Application.Stage.SUBMITTED


def test_a_hiring_manager_in_the_admin_sees_only_their_postings_applications(client, manager, posting, other_posting):
    mine = ApplicationFactory(posting=posting)
    hidden = ApplicationFactory(posting=other_posting)
    client.force_login(manager)

    response = client.get(reverse("admin:applications_application_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert client.get(reverse("admin:applications_application_change", args=[hidden.pk])).status_code == 302


def test_standard_email_templates_are_edited_but_never_deleted(client, admin_user):
    template = EmailTemplate.objects.get(kind="rejection")
    client.force_login(admin_user)
    url = reverse("admin:hiring_emailtemplate_change", args=[template.pk])

    response = client.post(
        url,
        {
            "subject": "About {{ posting_title }}",
            "body": "Thank you, {{ candidate_name }}.",
            "send_automatically": "on",
            "delay_hours": "24",
        },
    )

    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.subject, template.delay_hours) == ("About {{ posting_title }}", 24)
    assert client.get(reverse("admin:hiring_emailtemplate_delete", args=[template.pk])).status_code == 403


def test_outgoing_emails_are_listed_and_unsent_ones_can_be_cancelled(client, admin_user, application):
    sent = OutgoingEmail.objects.create(
        application=application, kind="interview", to="a@example.com", subject="s", body="b"
    )
    OutgoingEmail.objects.filter(pk=sent.pk).update(sent_at=sent.created_at)
    waiting = OutgoingEmail.objects.create(
        application=application, kind="rejection", to="a@example.com", subject="s", body="b"
    )
    client.force_login(admin_user)
    url = reverse("admin:applications_outgoingemail_changelist")

    assert client.get(url).status_code == 200
    client.post(url, {"action": "cancel_unsent", "_selected_action": [sent.pk, waiting.pk]})

    waiting.refresh_from_db()
    sent.refresh_from_db()
    assert waiting.cancelled_at is not None
    assert sent.cancelled_at is None


@pytest.mark.parametrize(
    "name",
    [
        "applications_candidateprofile_changelist",
        "applications_specialty_changelist",
        "hiring_emailtemplate_changelist",
    ],
)
def test_back_office_lists_load(client, admin_user, application, name):
    client.force_login(admin_user)

    assert client.get(reverse(f"admin:{name}")).status_code == 200


def test_candidate_profile_page_shows_licenses_inline(client, admin_user, candidate):
    client.force_login(admin_user)

    response = client.get(reverse("admin:applications_candidateprofile_change", args=[candidate.profile.pk]))

    assert response.status_code == 200
    assert "OT-TX-55512" in response.content.decode()
    assert Specialty.objects.exists()


def test_the_email_templates_old_admin_address_leads_to_the_new_one(client, admin_user):
    template = EmailTemplate.objects.get(kind="rejection")
    client.force_login(admin_user)

    response = client.get(f"/admin/applications/emailtemplate/{template.pk}/change/?_changelist_filters=x")

    assert response.status_code == 301
    assert response["Location"] == f"/admin/hiring/emailtemplate/{template.pk}/change/?_changelist_filters=x"
    assert client.get(response["Location"]).status_code == 200
