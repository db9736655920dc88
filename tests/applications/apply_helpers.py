"""Building blocks for the candidate-side tests: resume files of each kind, a filled-in application, racing submits."""

import io
import threading
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.urls import reverse

from applications import services
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
    """POST data answering every asked requirement of `posting` (all yes by default) with a fresh PDF.

    Requirements checked against the profile are not on the form, so they get no answer."""
    data = {
        "resume": pdf_upload(),
        "keep_on_profile": "on",
        "cover_letter": "I have spent four years in inpatient rehab.",
        "source": "job_board",
        "consent": "on",
    }
    for requirement in posting.requirements.filter(check_kind=""):
        answer = meets(requirement) if callable(meets) else meets
        data[f"meets_{requirement.pk}"] = "yes" if answer else "no"
        data[f"evidence_{requirement.pk}"] = f"Evidence for {requirement.text}"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit_at_once(posting, candidate, count, monkeypatch):
    """`count` submits of `posting` by `candidate`, on their own connections, racing: their responses.

    Each request passes the "already applied?" check before any inserts: a
    barrier inside the transaction holds each until all have got that far.
    Needs PostgreSQL and a transactional test (SQLite serialises all writers).
    """
    barrier = threading.Barrier(count, timeout=60)
    real_screen = services.screen

    def wait_for_the_others(**kwargs):
        barrier.wait()
        return real_screen(**kwargs)

    monkeypatch.setattr(services, "screen", wait_for_the_others)
    url = reverse("applications:apply", args=[posting.pk])
    responses, errors = [], []

    def submit():
        try:
            browser = Client()
            browser.force_login(candidate)
            responses.append(browser.post(url, apply_data(posting)))
        except Exception as error:  # raised below, in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    assert len(responses) == count, "a submit did not finish"
    return responses
