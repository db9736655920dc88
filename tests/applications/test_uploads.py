"""Resume uploads are judged by content, size and name; a refused file is never stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import uploads
from applications.models import Application, CandidateProfile
from tests.applications.apply_helpers import apply_data, doc_bytes, docx_bytes, pdf_upload
from tests.applications.test_apply_emails import stored_files
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

WINDOWS_EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(file):
    with pytest.raises(ValidationError) as raised:
        uploads.validate_resume(file)
    return raised.value


# --- What is accepted ------------------------------------------------------------------------------


def test_a_pdf_is_accepted_as_pdf():
    checked = uploads.validate_resume(pdf_upload("Résumé 2026.pdf"))
    assert checked.kind == uploads.PDF
    assert checked.name == "Résumé 2026.pdf"
    assert checked.storage_name == "resume.pdf"


def test_a_docx_is_accepted_as_docx():
    checked = uploads.validate_resume(upload("cv.docx", docx_bytes()))
    assert checked.kind == uploads.DOCX


def test_a_word_97_document_is_accepted_as_doc():
    checked = uploads.validate_resume(upload("cv.doc", doc_bytes()))
    assert checked.kind == uploads.DOC


def test_the_extension_follows_the_content_not_the_name():
    checked = uploads.validate_resume(upload("my resume.docx", PDF_BYTES))
    assert checked.kind == uploads.PDF
    assert checked.name == "my resume.pdf"


def test_a_file_of_exactly_5_mb_is_accepted():
    content = PDF_BYTES + b"0" * (uploads.MAX_RESUME_BYTES - len(PDF_BYTES))
    assert uploads.validate_resume(upload("big.pdf", content)).kind == uploads.PDF


# --- What is refused ------------------------------------------------------------------------------


def test_a_renamed_executable_is_refused():
    error = refusal(upload("cv.pdf", WINDOWS_EXECUTABLE))
    assert error.code == "not_a_resume"
    assert "not a PDF or Word document, whatever its name says" in error.messages[0]


def test_a_file_over_5_mb_is_refused():
    error = refusal(upload("cv.pdf", PDF_BYTES + b"0" * uploads.MAX_RESUME_BYTES))
    assert error.code == "too_large"
    assert "at most 5.0\xa0MB" in error.messages[0]


def test_an_empty_file_is_refused():
    error = refusal(upload("cv.pdf", b""))
    assert error.code == "empty"


def test_a_zip_bomb_named_docx_is_refused_without_unpacking_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/bomb.bin", b"\0" * (uploads.MAX_DOCX_UNCOMPRESSED_BYTES + 1))
    assert len(buffer.getvalue()) < 200_000  # small on the wire, 50 MB unpacked

    error = refusal(upload("cv.docx", buffer.getvalue()))
    assert error.code == "docx_too_large_unpacked"


def test_a_docx_with_thousands_of_parts_is_refused():
    error = refusal(upload("cv.docx", docx_bytes(extra_entries=uploads.MAX_DOCX_ENTRIES)))
    assert error.code == "docx_too_many_parts"


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", WINDOWS_EXECUTABLE)
    error = refusal(upload("cv.docx", buffer.getvalue()))
    assert error.code == "not_a_resume"


def test_a_damaged_docx_is_refused():
    error = refusal(upload("cv.docx", docx_bytes()[:60]))
    assert error.code == "docx_damaged"


def test_an_office_file_that_is_not_word_is_refused():
    installer = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 1024 + "Workbook".encode("utf-16-le")
    error = refusal(upload("cv.doc", installer))
    assert error.code == "not_a_resume"


# --- Names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\cv.pdf", "cv.pdf"),
        ("cv\x00.exe\n.pdf", "cv.exe.pdf"),
        ("\u202egpj.pdf", "gpj.pdf"),  # right-to-left override, a classic name disguise
        ("...", "resume.pdf"),
        ("", "resume.pdf"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_names_lose_folders_and_control_characters(given, kept):
    assert uploads.safe_display_name(given, uploads.PDF) == kept


# --- Through the pages: a refusal is a clear message and nothing is stored ------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", WINDOWS_EXECUTABLE, "not a PDF or Word document"),
        ("cv.pdf", b"", "This file is empty."),
        ("cv.pdf", PDF_BYTES + b"0" * uploads.MAX_RESUME_BYTES, "resumes can be at most 5.0\xa0MB"),
    ],
)
def test_a_refused_resume_on_the_apply_form_stores_nothing(client, posting, candidate, name, content, message):
    client.force_login(candidate)

    response = client.post(
        reverse("applications:apply", args=[posting.pk]), apply_data(posting, resume=upload(name, content))
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()
    assert not CandidateProfile.objects.get(user=candidate).resume
    assert stored_files() == set()


def test_a_refused_resume_on_the_profile_stores_nothing(client, candidate):
    client.force_login(candidate)
    profile = candidate.profile

    response = client.post(
        reverse("applications:profile"),
        {
            "full_name": "Casey Candidate",
            "years_experience": 4,
            "years_leadership": 0,
            "resume_upload": upload("cv.pdf", WINDOWS_EXECUTABLE),
            "licenses-TOTAL_FORMS": 0,
            "licenses-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "not a PDF or Word document" in response.content.decode()
    profile.refresh_from_db()
    assert not profile.resume
    assert stored_files() == set()


def test_a_stored_resume_gets_a_random_name_in_the_private_folder(client, posting, candidate):
    client.force_login(candidate)
    client.post(
        reverse("applications:apply", args=[posting.pk]), apply_data(posting, resume=upload("Casey.docx", docx_bytes()))
    )

    application = Application.objects.get()
    folder, _, file_name = application.resume.name.rpartition("/")
    assert folder.startswith("resumes/")
    assert len(file_name) == len("0123456789abcdef0123456789abcdef.docx")
    assert application.resume_name == "Casey.docx"
