"""`manage.py apply_retention`: applications leave, with their files, once their posting has been closed long enough."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from applications.models import Answer, Application, CandidateProfile, OutgoingEmail, StageChange
from hiring.models import EmailTemplate, Note, Scorecard
from postings.models import JobPosting
from tests.applications.test_apply_emails import stored_files
from tests.factories import PDF_BYTES, ApplicationFactory

pytestmark = pytest.mark.django_db


def _closed_days_ago(posting, days):
    posting.close(JobPosting.CloseReason.FILLED)
    JobPosting.objects.filter(pk=posting.pk).update(closed_at=timezone.now() - datetime.timedelta(days=days))
    posting.refresh_from_db()
    return posting


def _with_everything(application, reviewer):
    """An application as a real pipeline leaves it: answers with evidence, history, a note, a scorecard, emails."""
    Answer.objects.filter(application=application).update(evidence="TX license OT-TX-55512, 2019")
    Application.objects.filter(pk=application.pk).update(cover_letter="Four years in inpatient rehab.")
    application.move_to(Application.Stage.SCREENING, by=reviewer)
    application.move_to(Application.Stage.REJECTED, by=reviewer, reason="Fewer years than asked")
    Note.objects.create(application=application, author=reviewer, body="Strong hand therapy background")
    Scorecard.objects.create(application=application, reviewer=reviewer, recommendation="no")
    OutgoingEmail.objects.create(
        application=application,
        kind=EmailTemplate.Kind.REJECTION,
        to=application.candidate.email,
        subject="s",
        body="b",
    )
    return application


def test_applications_of_postings_closed_longer_than_the_period_go_with_everything_attached(
    posting, other_posting, candidate, other_candidate, manager, django_capture_on_commit_callbacks
):
    old = _with_everything(ApplicationFactory(posting=posting, candidate=candidate), manager)
    recent = ApplicationFactory(posting=other_posting, candidate=other_candidate)
    _closed_days_ago(posting, 731)
    _closed_days_ago(other_posting, 729)
    profile = CandidateProfile.objects.get(user=candidate)
    profile.resume.save("resume.pdf", ContentFile(PDF_BYTES))
    assert stored_files() == {old.resume.name, recent.resume.name, profile.resume.name}

    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", "--days", "730", stdout=(out := _Output()))

    assert not Application.objects.filter(pk=old.pk).exists()
    for model in (Answer, StageChange, Note, Scorecard, OutgoingEmail):
        assert not model.objects.filter(application_id=old.pk).exists(), model.__name__
    # The resume sent with it is gone from storage; the other posting's applicant and the candidate's own
    # profile (with the resume on file) stay.
    assert stored_files() == {recent.resume.name, profile.resume.name}
    assert Application.objects.filter(pk=recent.pk).exists()
    assert JobPosting.objects.filter(pk=posting.pk).exists()
    assert CandidateProfile.objects.filter(user=candidate).exists()
    assert f"Deleted 1 application(s) of {posting.reference}" in out.text
    assert "Deleted 1 application(s) and 1 resume file(s)" in out.text


def test_open_postings_keep_their_applications_however_old(posting, candidate):
    application = ApplicationFactory(posting=posting, candidate=candidate)
    Application.objects.filter(pk=application.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=5000))
    JobPosting.objects.filter(pk=posting.pk).update(published_at=timezone.now() - datetime.timedelta(days=5000))

    call_command("apply_retention", "--days", "30", stdout=_Output())

    assert Application.objects.filter(pk=application.pk).exists()


def test_the_period_defaults_to_the_retention_days_setting(settings, posting, candidate):
    settings.RETENTION_DAYS = 90
    application = ApplicationFactory(posting=posting, candidate=candidate)
    _closed_days_ago(posting, 91)

    call_command("apply_retention", stdout=_Output())

    assert not Application.objects.filter(pk=application.pk).exists()


def test_the_default_period_keeps_a_posting_closed_a_year_ago(posting, candidate):
    application = ApplicationFactory(posting=posting, candidate=candidate)
    _closed_days_ago(posting, 365)

    call_command("apply_retention", stdout=_Output())

    assert Application.objects.filter(pk=application.pk).exists()


def test_a_dry_run_says_what_would_go_and_changes_nothing(posting, candidate):
    application = ApplicationFactory(posting=posting, candidate=candidate)
    _closed_days_ago(posting, 800)

    call_command("apply_retention", "--dry-run", stdout=(out := _Output()))

    assert Application.objects.filter(pk=application.pk).exists()
    assert stored_files() == {application.resume.name}
    assert f"Would delete 1 application(s) of {posting.reference}" in out.text


def test_a_period_of_zero_days_is_refused(db):
    with pytest.raises(CommandError, match="1 or more"):
        call_command("apply_retention", "--days", "0")


def test_a_resume_file_already_missing_does_not_stop_the_rest(
    posting, candidate, other_candidate, django_capture_on_commit_callbacks
):
    first = ApplicationFactory(posting=posting, candidate=candidate)
    second = ApplicationFactory(posting=posting, candidate=other_candidate)
    first.resume.storage.delete(first.resume.name)
    _closed_days_ago(posting, 800)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=_Output())

    assert not Application.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert stored_files() == set()


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass
