"""Verification entries: recorded once, never edited or deleted, superseded by a newer check."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import PDF_BYTES, verify
from verification.evidence import validate_evidence
from verification.models import Credential, Source, VerificationEntry, VerificationError

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TODAY = timezone.localdate


def test_a_recorded_entry_keeps_who_when_source_result_and_reference(application, manager):
    entry = verify(application, "license", state="TX", by=manager, reference_number="TX-BOARD-7781")

    entry = VerificationEntry.objects.get(pk=entry.pk)
    assert entry.verified_by == manager and entry.verified_at is not None
    assert (entry.source, entry.source_name) == (Source.STATE_BOARD, "Texas Board of OT Examiners")
    assert entry.result == VerificationEntry.Result.VERIFIED and entry.reference_number == "TX-BOARD-7781"
    assert entry.supersedes is None


def test_a_newer_entry_supersedes_the_current_one_and_leaves_it_as_it_was(application, manager, recruiter):
    first = verify(application, "nbcot", by=manager, result="discrepancy", expires_on=None)
    second = verify(application, "nbcot", by=recruiter)

    first.refresh_from_db()
    assert second.supersedes == first and first.result == "discrepancy"
    assert list(VerificationEntry.objects.filter(application=application).current()) == [second]


def test_entries_of_other_credentials_and_states_are_not_superseded(application, manager):
    texas = verify(application, "license", state="TX", by=manager)
    verify(application, "license", state="CO", by=manager, source_name="Colorado DORA")
    verify(application, "nbcot", by=manager)

    assert texas in VerificationEntry.objects.current()
    assert VerificationEntry.objects.filter(application=application).current().count() == 3


def test_an_entry_is_never_changed_or_deleted(application, manager):
    entry = verify(application, "nbcot", by=manager)
    entry.reference_number = "changed"

    with pytest.raises(VerificationError):
        entry.save()
    with pytest.raises(VerificationError):
        entry.delete()
    assert VerificationEntry.objects.get(pk=entry.pk).reference_number == "VER-1001"


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"reference_number": ""}, "reference_number", "reference or confirmation number"),
        ({"expires_on": None}, "expires_on", "expiry date the source confirmed"),
        ({"expires_on": datetime.date(2020, 1, 1)}, "expires_on", "has passed"),
        ({"issued_on": datetime.date(2099, 1, 1)}, "issued_on", "cannot be in the future"),
        ({"source_name": ""}, "source_name", "Name the board"),
        ({"source": Source.NBCOT}, "source", "primary source: State board look-up"),
        ({"state": ""}, "state", "Choose the state"),
    ],
)
def test_a_bad_license_entry_is_refused_with_a_message(application, manager, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        verify(application, "license", by=manager, **({"state": "TX"} | fields))

    assert message in " ".join(refused.value.message_dict[field])
    assert not VerificationEntry.objects.exists()


def test_an_expiry_not_after_the_issue_date_is_refused(application, manager):
    with pytest.raises(ValidationError) as refused:
        verify(application, "nbcot", by=manager, issued_on=TODAY(), expires_on=TODAY())
    assert "The expiry must come after the issue date." in refused.value.message_dict["expires_on"]


def test_a_discrepancy_says_what_it_is(application, manager):
    with pytest.raises(ValidationError) as refused:
        verify(application, "nbcot", by=manager, result="discrepancy", notes="")
    assert "Say what the discrepancy is." in refused.value.message_dict["notes"]


def test_a_degree_needs_no_expiry(application, manager):
    entry = verify(application, "degree", by=manager, source_name="Texas Woman's University registrar")
    assert entry.expires_on is None and entry.valid_through(TODAY() + datetime.timedelta(days=9999))


@pytest.mark.parametrize(
    "content, name", [(PDF_BYTES, "board.pdf"), (PNG_BYTES, "screen.png"), (b"\xff\xd8\xff\xe0" + b"0" * 40, "a.jpeg")]
)
def test_pdf_and_image_evidence_is_accepted_and_stored_privately(application, manager, content, name):
    checked = validate_evidence(SimpleUploadedFile(name, content))
    entry = verify(application, "nbcot", by=manager, evidence=checked)

    assert entry.evidence.name.startswith("verification/") and entry.evidence_name == name.replace(".jpeg", ".jpg")
    assert entry.evidence.read() == content


@pytest.mark.parametrize(
    "content, code",
    [(b"", "empty"), (b"<html>not a screenshot</html>", "not_evidence"), (b"PK\x03\x04zip", "not_evidence")],
)
def test_evidence_that_is_not_a_pdf_or_image_is_refused(content, code):
    with pytest.raises(ValidationError) as refused:
        validate_evidence(SimpleUploadedFile("evidence.pdf", content))
    assert refused.value.code == code


def test_deleting_the_application_takes_its_entries_and_their_evidence(application, manager):
    first = verify(application, "nbcot", by=manager, evidence=validate_evidence(SimpleUploadedFile("a.png", PNG_BYTES)))
    verify(application, "nbcot", by=manager)
    storage, name = first.evidence.storage, first.evidence.name

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        application.delete()

    assert not VerificationEntry.objects.exists()
    assert not storage.exists(name)


def test_the_admin_lists_entries_read_only_with_filters(client, admin_user, application, manager):
    verify(application, "nbcot", by=manager)
    client.force_login(admin_user)

    listing = client.get(reverse("admin:verification_verificationentry_changelist"), {"result__exact": "verified"})
    add = client.get(reverse("admin:verification_verificationentry_add"))

    assert listing.status_code == 200 and "NBCOT certification" in listing.content.decode()
    assert add.status_code == 403


def test_a_hiring_manager_sees_in_the_admin_only_entries_of_their_postings(application, manager, other_manager):
    from django.contrib import admin
    from django.test import RequestFactory

    verify(application, "nbcot", by=manager)
    model_admin = admin.site._registry[VerificationEntry]
    request = RequestFactory().get("/")

    request.user = manager
    assert model_admin.get_queryset(request).count() == 1
    request.user = other_manager
    assert model_admin.get_queryset(request).count() == 0


def test_credential_labels_name_the_state():
    entry = VerificationEntry(credential=Credential.LICENSE, state="TX", result="verified")
    assert str(entry) == "TX OT license: Verified active"
