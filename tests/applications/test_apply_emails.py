"""The confirmation and the manager notice: sent only after commit, never lost to a mail server that is down."""

import smtplib

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from applications import services
from applications.forms import ApplicationForm
from applications.models import Answer, Application, OutgoingEmail
from applications.tasks import send_due_emails
from tests.applications.apply_helpers import apply_data, pdf_upload

pytestmark = pytest.mark.django_db


def apply(client, posting, **overrides):
    return client.post(reverse("applications:apply", args=[posting.pk]), apply_data(posting, **overrides))


def stored_files(folder="resumes"):
    """Every file name under `folder` in the default storage (memory, a folder or a bucket: tests/object_storage.py)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # a folder (S3: a prefix) nothing was stored in yet
        return set()
    found = {f"{folder}/{name}" for name in files}
    for name in folders:
        found |= stored_files(f"{folder}/{name}")
    return found


def submission_for(posting, candidate, **overrides):
    """Arguments for services.submit_application as the form would give them."""
    requirements = list(posting.requirements.all())
    form = ApplicationForm(
        apply_data(posting, resume=None, **overrides),
        {"resume": pdf_upload()},
        requirements=requirements,
        profile=candidate.profile,
    )
    assert form.is_valid(), form.errors
    return form.submission()


def test_confirmation_and_manager_notice_go_out_after_commit(
    client, posting, candidate, manager, other_manager, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(candidate)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        apply(client, posting)

    assert len(callbacks) == 2
    application = Application.objects.get()
    confirmation, notice = sorted(mailoutbox, key=lambda message: message.to != ["candidate@example.com"])
    assert confirmation.to == ["candidate@example.com"]
    assert confirmation.subject == f"We received your application: {posting.display_title}"
    assert application.get_absolute_url() in confirmation.body
    assert "Active state OT license: yes" in confirmation.body
    assert "Match score" not in confirmation.body
    assert notice.to == ["manager@example.com"]  # not the manager of another posting
    assert "Casey Candidate" in notice.subject
    assert "Match score: 100 of 100 (meets every required item)" in notice.body
    emails = OutgoingEmail.objects.filter(application=application)
    assert {email.kind for email in emails} == {OutgoingEmail.Kind.CONFIRMATION, OutgoingEmail.Kind.MANAGER_NOTICE}
    assert all(email.sent_at is not None for email in emails)


def test_nothing_is_sent_before_the_transaction_commits(
    client, posting, candidate, manager, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(candidate)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply(client, posting)

    assert mailoutbox == []
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 2
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 2


def test_a_rolled_back_submission_sends_nothing_and_stores_nothing(
    posting, candidate, manager, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.submit_application(posting=posting, candidate=candidate, **submission_for(posting, candidate))
        raise RuntimeError("the request failed after the application was written")

    assert callbacks == []
    assert mailoutbox == []
    assert not Application.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_a_failure_midway_leaves_no_application_no_email_and_no_file(
    client, posting, candidate, manager, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(candidate)

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Answer.objects, "bulk_create", broken_bulk_create)
    client.raise_request_exception = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = apply(client, posting)

    assert response.status_code == 500
    assert callbacks == []
    assert mailoutbox == []
    assert not Application.objects.exists()
    assert not OutgoingEmail.objects.exists()
    assert stored_files() == set()


def test_a_mail_server_that_is_down_never_loses_the_application(
    client, posting, candidate, manager, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    def smtp_down(self, messages):
        raise smtplib.SMTPConnectError(421, "mail.example.org is not answering")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", smtp_down)
    client.force_login(candidate)

    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, posting)

    application = Application.objects.get()
    assert response["Location"] == application.get_absolute_url()
    assert mailoutbox == []
    emails = OutgoingEmail.objects.filter(application=application)
    assert emails.count() == 2
    for email in emails:
        assert email.sent_at is None
        assert email.attempts == 1
        assert "SMTPConnectError" in email.last_error

    monkeypatch.undo()
    assert send_due_emails.call() == 2
    assert len(mailoutbox) == 2
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


def test_recruiters_get_the_notice_when_no_manager_is_assigned(
    client, posting, candidate, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(candidate)

    with django_capture_on_commit_callbacks(execute=True):
        apply(client, posting)

    notice = next(message for message in mailoutbox if message.to != ["candidate@example.com"])
    assert notice.to == ["recruiter@example.com"]
    assert "no hiring manager is assigned" in notice.body


def test_a_second_submit_sends_no_second_email(
    client, posting, candidate, manager, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, posting)
        apply(client, posting)

    assert len(mailoutbox) == 2
    assert OutgoingEmail.objects.count() == 2


def test_the_manager_notice_links_to_the_applicant_in_the_workspace(
    client, posting, candidate, manager, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, posting)

    application = Application.objects.get()
    notice = next(message for message in mailoutbox if message.to == ["manager@example.com"])
    assert f"/manage/applications/{application.pk}/" in notice.body
