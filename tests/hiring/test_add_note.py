"""Internal notes on an applicant: added by reviewers, never shown to the candidate."""

from django.core import mail
from django.urls import NoReverseMatch, reverse

from applications.models import Application, OutgoingEmail
from hiring.models import Note
from tests.hiring.conftest import page_text

SECRET = "Internal: references lukewarm, salary ask above band"


def test_manager_adds_a_note_signed_with_their_name(client, manager, application):
    client.force_login(manager)

    response = client.post(reverse("hiring:add_note", args=[application.pk]), {"body": f"  {SECRET}  "})

    assert response.status_code == 302
    assert response["Location"].endswith("#notes")
    note = Note.objects.get()
    assert (note.application, note.author, note.body) == (application, manager, SECRET)
    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))
    assert SECRET in page
    assert "Morgan Manager" in page


def test_every_reviewer_sees_every_note(client, manager, recruiter, application):
    Note.objects.create(application=application, author=manager, body="From the manager")
    Note.objects.create(application=application, author=recruiter, body="From the recruiter")
    client.force_login(recruiter)

    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))

    assert page.index("From the manager") < page.index("From the recruiter")


def test_an_empty_note_is_refused_with_a_message(client, manager, application):
    client.force_login(manager)

    response = client.post(reverse("hiring:add_note", args=[application.pk]), {"body": "   "})

    assert response.status_code == 400
    assert "Write something before saving the note." in page_text(response)
    assert not Note.objects.exists()


def test_notes_never_reach_the_candidate(client, manager, candidate, application, django_capture_on_commit_callbacks):
    Note.objects.create(application=application, author=manager, body=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        from hiring.moves import move as move_application

        move_application(application, Application.Stage.REJECTED, by=manager, reason="Not a fit", email="now")
    client.force_login(candidate)

    # The workspace is closed to candidates...
    assert client.get(reverse("hiring:applicant", args=[application.pk])).status_code == 404
    # ...the candidate's own pages and data export, where they exist, do not carry notes...
    for name, args in (("application_list", []), ("application_detail", [application.pk]), ("data_export", [])):
        try:
            url = reverse(f"applications:{name}", args=args)
        except NoReverseMatch:
            continue
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET not in body.decode()
    # ...and neither do the emails they are sent.
    assert OutgoingEmail.objects.filter(application=application).exists()
    for email in OutgoingEmail.objects.all():
        assert SECRET not in email.subject + email.body
    for message in mail.outbox:
        assert SECRET not in message.subject + message.body


def test_notes_are_not_added_to_applicants_of_other_postings(client, other_manager, application):
    client.force_login(other_manager)

    response = client.post(reverse("hiring:add_note", args=[application.pk]), {"body": "Sneaky"})

    assert response.status_code == 404
    assert not Note.objects.exists()
