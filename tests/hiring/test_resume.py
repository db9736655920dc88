"""The resume on the applicant page: a PDF in a frame of this site only, a Word file as its text."""

import struct

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from hiring.resume import doc_text, resume_view
from tests.applications.apply_helpers import docx_bytes
from tests.factories import PDF_BYTES, ApplicationFactory
from tests.hiring.conftest import page_text

WORD_XML = (
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    b"<w:p><w:r><w:t>Dana Doe, OTR/L</w:t></w:r></w:p>"
    b"<w:p><w:r><w:t>Acute care</w:t></w:r><w:r><w:tab/><w:t>2019\xe2\x80\x932025</w:t></w:r></w:p>"
    b"</w:body></w:document>"
)


def word_97_bytes(text):
    """A small but real Word 97–2003 file: an OLE2 compound file with a WordDocument and a 0Table stream.

    The text is one cp1252 piece of the piece table, as Word writes a plain document.
    """
    sector = 512
    stream_size = 4096  # at the mini-stream cutoff, so both streams live in ordinary sectors
    word = bytearray(stream_size)
    text_at = 0x800
    encoded = text.encode("cp1252")
    word[text_at : text_at + len(encoded)] = encoded
    table = bytearray(stream_size)
    clx = b"\x02" + struct.pack("<I", 16) + struct.pack("<II", 0, len(encoded))
    clx += struct.pack("<HIH", 0, (text_at * 2) | 0x40000000, 0)
    table[: len(clx)] = clx
    struct.pack_into("<H", word, 0x0A, 0)  # the table stream is 0Table
    struct.pack_into("<II", word, 0x01A2, 0, len(clx))
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    per_stream = stream_size // sector
    word_start, table_start = 2, 2 + per_stream
    fat = [fat_sector, end]
    for start in (word_start, table_start):
        fat += [start + n + 1 for n in range(per_stream - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))

    def entry(name, kind, start, size, child=free, right=free):
        encoded_name = name.encode("utf-16-le") + b"\x00\x00"
        return (
            encoded_name.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded_name), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\x00" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, end, 0, child=1)
    directory += entry("WordDocument", 2, word_start, stream_size, right=2)
    directory += entry("0Table", 2, table_start, stream_size)
    directory = directory.ljust(sector, b"\x00")
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + bytes(word) + bytes(table)


def test_a_docx_resume_is_shown_as_its_paragraphs():
    view = resume_view(ContentFile(docx_bytes(WORD_XML), name="resumes/x.docx"))

    assert view.kind == "docx"
    assert view.text == "Dana Doe, OTR/L\nAcute care 2019–2025"


def test_a_word_97_resume_is_read_through_its_piece_table():
    data = word_97_bytes("Dana Doe, OTR/L\rPediatrics \x13 HYPERLINK x \x14portfolio\x15\r")

    assert doc_text(ContentFile(data)).split("\n")[:2] == ["Dana Doe, OTR/L", "Pediatrics portfolio"]
    assert resume_view(ContentFile(data, name="resumes/x.doc")).text == "Dana Doe, OTR/L\nPediatrics portfolio"


@pytest.mark.parametrize("name, content", [("x.docx", b"PK not a zip"), ("x.doc", b"\xd0\xcf\x11\xe0 damaged")])
def test_a_damaged_word_file_shows_no_text_and_the_download_stays(name, content):
    view = resume_view(ContentFile(content, name=f"resumes/{name}"))

    assert view.text == ""


def test_a_docx_declaring_entities_is_not_read():
    bomb = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>' + WORD_XML
    assert resume_view(ContentFile(docx_bytes(bomb), name="resumes/x.docx")).text == ""


def test_the_applicant_page_frames_a_pdf_resume_and_keeps_the_download(client, manager, application):
    client.force_login(manager)

    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))

    assert f'<iframe class="resume-frame" src="{reverse("hiring:resume", args=[application.pk])}"' in page
    assert reverse("applications:application_resume", args=[application.pk]) in page


def test_the_framed_pdf_is_inline_for_this_sites_frames_only(client, manager, application):
    client.force_login(manager)

    response = client.get(reverse("hiring:resume", args=[application.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_every_other_page_still_refuses_to_be_framed(client, manager, application):
    client.force_login(manager)

    response = client.get(reverse("hiring:applicant", args=[application.pk]))

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_word_resume_shows_its_text_and_is_never_served_inline(client, manager, posting):
    application = ApplicationFactory(
        posting=posting, resume=ContentFile(docx_bytes(WORD_XML), name="resume.docx"), resume_name="Dana.docx"
    )
    client.force_login(manager)

    page = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))

    assert "Dana Doe, OTR/L" in page and "<iframe" not in page
    assert client.get(reverse("hiring:resume", args=[application.pk])).status_code == 404
