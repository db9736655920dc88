"""The resume on the applicant page: a PDF in the browser's own viewer, a Word file as its text.

A PDF is served inline to a frame of this site only (`hiring:resume`); the
page's Content Security Policy stays as it is everywhere else. Word files
are never handed to the browser to open: their text is read here, on the
server, with the same bounds the upload checks used, and shown as text.
"""

import dataclasses
import logging
import re
import struct
import zipfile
from xml.etree import ElementTree

import olefile

from applications.uploads import DOCX, KINDS, PDF

logger = logging.getLogger(__name__)

MAX_DOCUMENT_XML_BYTES = 20 * 1024 * 1024  # a resume's text is a few kilobytes; a docx part this large is not one
MAX_TEXT_CHARACTERS = 100_000
WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclasses.dataclass
class ResumeView:
    kind: str  # "pdf", "doc", "docx" or "" for a file of no known kind
    text: str = ""  # the text of a Word file ("" when none could be read)


def kind_of(field_file):
    extension = field_file.name.rsplit(".", 1)[-1].lower() if field_file and "." in field_file.name else ""
    return KINDS.get(extension)


def resume_view(field_file):
    """What the applicant page shows of a stored resume."""
    kind = kind_of(field_file)
    if kind is None:
        return ResumeView("")
    if kind == PDF:
        return ResumeView(PDF.extension)
    reader = docx_text if kind == DOCX else doc_text
    try:
        with field_file.open("rb") as handle:
            text = reader(handle)
    except Exception:  # a damaged or unusual file: the download still works, the page says so
        logger.info("Resume %s could not be read as text", field_file.name, exc_info=True)
        text = ""
    return ResumeView(kind.extension, _tidy(text))


def _tidy(text):
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()[:MAX_TEXT_CHARACTERS]


def docx_text(handle):
    """The paragraphs of a .docx, one a line (tabs and line breaks kept as spaces and lines)."""
    with zipfile.ZipFile(handle) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCUMENT_XML_BYTES:
            return ""
        data = archive.read(info)
    if b"<!DOCTYPE" in data.upper():
        return ""  # a Word document declares no entities; one that does is not read
    paragraphs = []
    for paragraph in ElementTree.fromstring(data).iter(f"{WORD_NAMESPACE}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{WORD_NAMESPACE}t":
                parts.append(node.text or "")
            elif node.tag == f"{WORD_NAMESPACE}tab":
                parts.append(" ")
            elif node.tag in (f"{WORD_NAMESPACE}br", f"{WORD_NAMESPACE}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


# Word 97–2003: the text is a list of pieces (the piece table, in the table stream at the FIB's fcClx),
# each in cp1252 or UTF-16. Offsets from [MS-DOC] 2.5.1 (FIB) and 2.9.38 (Clx).
FIB_FLAGS_OFFSET = 0x000A
FIB_WHICH_TABLE = 0x0200
FIB_CLX_OFFSET = 0x01A2
PIECE_COMPRESSED = 0x40000000
# Field codes (\x13 code \x14 result \x15) keep their result; cell and row marks become line ends.
FIELD_CODE = re.compile("\x13[^\x13\x14\x15]*\x14?|\x15")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def doc_text(handle):
    """The text of a Word 97–2003 file, read through its piece table."""
    with olefile.OleFileIO(handle) as ole:
        word = ole.openstream("WordDocument").read()
        (flags,) = struct.unpack_from("<H", word, FIB_FLAGS_OFFSET)
        table = ole.openstream("1Table" if flags & FIB_WHICH_TABLE else "0Table").read()
    clx_at, clx_size = struct.unpack_from("<II", word, FIB_CLX_OFFSET)
    clx = table[clx_at : clx_at + clx_size]
    position = 0
    while position < len(clx) and clx[position] == 0x01:  # property modifiers before the piece table
        (size,) = struct.unpack_from("<H", clx, position + 1)
        position += 3 + size
    if position >= len(clx) or clx[position] != 0x02:
        return ""
    (size,) = struct.unpack_from("<I", clx, position + 1)
    plc = clx[position + 5 : position + 5 + size]
    pieces = (size - 4) // 12
    positions = struct.unpack_from(f"<{pieces + 1}I", plc, 0)
    text = []
    for index in range(pieces):
        (offset,) = struct.unpack_from("<I", plc, 4 * (pieces + 1) + 8 * index + 2)
        length = positions[index + 1] - positions[index]
        if offset & PIECE_COMPRESSED:
            start = (offset & ~PIECE_COMPRESSED) // 2
            text.append(word[start : start + length].decode("cp1252", "replace"))
        else:
            text.append(word[offset : offset + 2 * length].decode("utf-16-le", "replace"))
        if sum(map(len, text)) > MAX_TEXT_CHARACTERS:
            break
    joined = FIELD_CODE.sub("", "".join(text))
    return CONTROL.sub("", joined.replace("\r", "\n").replace("\x07", "\n"))
