"""Hostile resumes through the real pages: refused with a message and nothing stored, on both forms that take one.

tests/applications/test_uploads.py checks each rule of uploads.validate_resume and the apply page for an
executable, an empty file and one over the limit; these add the zip bombs and hostile names, end to end.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import uploads
from applications.models import Application, CandidateProfile
from tests.applications.apply_helpers import apply_data, docx_bytes
from tests.applications.test_apply_emails import stored_files
from tests.applications.test_uploads import WINDOWS_EXECUTABLE
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

DOCX_TYPE = uploads.DOCX.content_type


def _zip_bomb():
    """A few hundred kilobytes on the wire, over 50 MB unpacked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/bomb.bin", b"\0" * (uploads.MAX_DOCX_UNCOMPRESSED_BYTES + 1))
    return buffer.getvalue()


def _document_xml_bomb():
    """The main part itself unpacks past the limit, while the zip's directory claims it is tiny."""
    content = b"<w:document>" + b" " * (uploads.MAX_DOCX_UNCOMPRESSED_BYTES + 1) + b"</w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", content)
    data = bytearray(buffer.getvalue())
    # Rewrite the uncompressed size in the central directory to 13 bytes: a liar the size sum cannot catch.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (13).to_bytes(4, "little")
    return bytes(data)


REFUSED = [
    pytest.param("cv.docx", WINDOWS_EXECUTABLE, DOCX_TYPE, "not a PDF or Word document", id="executable-named-docx"),
    pytest.param("cv.docx", _zip_bomb(), DOCX_TYPE, "unpacks to far more than a resume does", id="zip-bomb"),
    pytest.param(
        "cv.docx",
        docx_bytes(extra_entries=uploads.MAX_DOCX_ENTRIES),
        DOCX_TYPE,
        "far more parts than a resume",
        id="many-parts",
    ),
    pytest.param(
        "../../../etc/cron.d/x.pdf",
        WINDOWS_EXECUTABLE,
        "application/pdf",
        "not a PDF or Word document",
        id="traversal-exe",
    ),
    pytest.param("cv.pdf", b"", "application/pdf", "This file is empty.", id="empty"),
    pytest.param(
        "cv.pdf",
        PDF_BYTES + b"0" * uploads.MAX_RESUME_BYTES,
        "application/pdf",
        "resumes can be at most 5.0",
        id="over-5-mb",
    ),
]


@pytest.mark.parametrize(("name", "content", "content_type", "message"), REFUSED)
def test_a_hostile_resume_on_the_apply_form_is_refused_and_nothing_is_stored(
    client, posting, candidate, name, content, content_type, message
):
    client.force_login(candidate)
    data = apply_data(posting, resume=SimpleUploadedFile(name, content, content_type=content_type))

    response = client.post(reverse("applications:apply", args=[posting.pk]), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists()
    assert not CandidateProfile.objects.get(user=candidate).resume
    assert stored_files() == set()


@pytest.mark.parametrize(("name", "content", "content_type", "message"), REFUSED)
def test_a_hostile_resume_on_the_profile_is_refused_and_nothing_is_stored(
    client, candidate, name, content, content_type, message
):
    client.force_login(candidate)

    response = client.post(
        reverse("applications:profile"),
        {
            "full_name": "Casey Candidate",
            "years_experience": 4,
            "years_leadership": 0,
            "resume_upload": SimpleUploadedFile(name, content, content_type=content_type),
            "licenses-TOTAL_FORMS": 0,
            "licenses-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CandidateProfile.objects.get(user=candidate).resume
    assert stored_files() == set()


def test_a_docx_whose_main_part_lies_about_its_size_is_refused(client, posting, candidate):
    client.force_login(candidate)
    data = apply_data(posting, resume=SimpleUploadedFile("cv.docx", _document_xml_bomb(), content_type=DOCX_TYPE))

    response = client.post(reverse("applications:apply", args=[posting.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "unpacks to far more than a resume does" in page or "damaged or encrypted" in page
    assert not Application.objects.exists()
    assert stored_files() == set()


@pytest.mark.parametrize(
    "name",
    ["../../../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "cv\x00\r\n.pdf", "\u202etxt.exe.pdf", "/absolute/path.pdf"],
)
def test_a_real_resume_with_a_hostile_name_is_stored_under_a_random_name_and_shown_cleaned(
    client, posting, candidate, name
):
    """The file itself is a fine resume, so it is taken; nothing of its name reaches the disk or a header."""
    client.force_login(candidate)
    data = apply_data(posting, resume=SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf"))

    response = client.post(reverse("applications:apply", args=[posting.pk]), data)

    assert response.status_code == 302
    application = Application.objects.get()
    folder, _, stored = application.resume.name.rpartition("/")
    assert folder.startswith("resumes/") and ".." not in application.resume.name
    assert len(stored) == len("0123456789abcdef0123456789abcdef.pdf")
    assert (
        "/" not in application.resume_name
        and "\\" not in application.resume_name
        and ".." not in application.resume_name
    )
    assert not any(ord(ch) < 32 or ch == "\u202e" for ch in application.resume_name)
    download = client.get(reverse("applications:application_resume", args=[application.pk]))
    disposition = download["Content-Disposition"]
    assert not any(ch in disposition for ch in "\r\n\x00/")
