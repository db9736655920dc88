"""Building blocks for the candidate-side tests: resume files of each kind and a filled-in application."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PDF_BYTES


def pdf_upload(name="Casey Candidate resume.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes(document=b"<w:document/>", extra_entries=0):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
        for n in range(extra_entries):
            archive.writestr(f"word/media/image{n}.xml", "x")
    return buffer.getvalue()


def doc_bytes():
    """The start of a Word 97–2003 file: the OLE2 signature and a WordDocument directory entry."""
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512


def apply_data(posting, *, meets=True, **overrides):
    """POST data answering every requirement of `posting` (all yes by default) with a fresh PDF."""
    data = {
        "resume": pdf_upload(),
        "keep_on_profile": "on",
        "cover_letter": "I have spent four years in inpatient rehab.",
        "source": "job_board",
        "consent": "on",
    }
    for requirement in posting.requirements.all():
        answer = meets(requirement) if callable(meets) else meets
        data[f"meets_{requirement.pk}"] = "yes" if answer else "no"
        data[f"evidence_{requirement.pk}"] = f"Evidence for {requirement.text}"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
