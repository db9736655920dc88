"""Resume uploads: what we accept, judged by the file's content rather than its name.

A resume is a PDF, a Word 97–2003 document (.doc, an OLE2 compound file with
a WordDocument stream) or a Word document (.docx, a zip holding
word/document.xml). Anything else is refused with a message the candidate
can act on, and nothing is stored.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat

MAX_RESUME_BYTES = 5 * 1024 * 1024
# A real resume .docx has a few dozen parts and unpacks to a few megabytes at most;
# these limits refuse zip bombs without ever unpacking one.
MAX_DOCX_ENTRIES = 500
MAX_DOCX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_NAME_LENGTH = 150

PDF_MAGIC = b"%PDF-"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
# The name of the main stream of a Word 97–2003 file, as OLE2 directory entries spell it (UTF-16LE).
WORD_STREAM_NAME = "WordDocument".encode("utf-16-le")


@dataclass(frozen=True)
class ResumeKind:
    extension: str
    content_type: str
    label: str


PDF = ResumeKind("pdf", "application/pdf", "PDF")
DOC = ResumeKind("doc", "application/msword", "Word 97–2003 (.doc)")
DOCX = ResumeKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)")
KINDS = {kind.extension: kind for kind in (PDF, DOC, DOCX)}

ACCEPT_ATTRIBUTE = ".pdf,.doc,.docx,application/pdf,application/msword," + DOCX.content_type
HELP_TEXT = "PDF or Word (.doc, .docx), at most 5 MB."
EMPTY_MESSAGE = "This file is empty. Choose the file that holds your resume."


def content_type_for(name):
    """The content type to send a stored resume with, from the extension we gave it on upload."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = KINDS.get(extension)
    return kind.content_type if kind else "application/octet-stream"


def safe_display_name(name, kind):
    """The uploader's file name, made safe to store and to put in a download header.

    Folders (`../`, `C:\\`), control and formatting characters are dropped; the
    extension is the one the content proved, whatever the name claimed.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(". ")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(". ")[: MAX_NAME_LENGTH - len(kind.extension) - 1] or "resume"
    return f"{stem}.{kind.extension}"


def _read_head(upload, size=8192):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _ole_names(upload, *names):
    """Which of `names` appear as OLE2 directory entries (UTF-16LE, ended by a NUL), reading the file in chunks."""
    wanted = {name: name.encode("utf-16-le") + b"\x00\x00" for name in names}
    found, tail, longest = set(), b"", max(len(encoded) for encoded in wanted.values())
    upload.seek(0)
    for chunk in iter(lambda: upload.read(256 * 1024), b""):
        window = tail + chunk
        found.update(name for name, encoded in wanted.items() if encoded in window)
        tail = window[-longest:]
    upload.seek(0)
    return found


def _looks_like_word_97(upload):
    # Other OLE2 files (spreadsheets, installers) share the signature: a .doc has a WordDocument stream.
    upload.seek(0)
    found, tail = False, b""
    for chunk in iter(lambda: upload.read(256 * 1024), b""):
        if WORD_STREAM_NAME in tail + chunk:
            found = True
            break
        tail = chunk[-len(WORD_STREAM_NAME) :]
    upload.seek(0)
    return found


# Parts, content types and relationships of active or outside content: macros run when the file is opened with
# them enabled, and Word fetches an external template, picture, frame or object from its address when a reviewer
# opens the file (telling its owner who opened it and when, or worse). A resume needs none of them.
MACRO_MESSAGE = (
    "This Word file contains macros, which we cannot pass on to reviewers. Save it as a plain Word document "
    "(.docx) or as a PDF and choose it again."
)
EXTERNAL_MESSAGE = (
    "This Word file loads content from the internet when it is opened (a linked template, picture or object), "
    "so we cannot accept it. Save it as a PDF and choose it again."
)
EMBEDDED_MESSAGE = (
    "This Word file has other files or objects embedded in it, so we cannot accept it. "
    "Save it as a PDF and choose it again."
)
MACRO_PART_NAMES = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin")
EMBEDDED_FOLDERS = ("/embeddings/", "/activex/")
ACTIVE_CONTENT_TYPES = ("activex", "oleobject")
# Relationship types (their last segment) that bring in another document or an object, inside or outside the file.
EMBEDDING_RELATIONSHIPS = {"afchunk", "oleobject", "package", "control", "activexcontrolbinary", "vbaproject"}
# The one kind of outside address a resume may hold: a link the reader clicks (a portfolio, a profile).
HYPERLINK_RELATIONSHIP = "hyperlink"
MAX_PACKAGE_XML_BYTES = 1024 * 1024
RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _read_small_part(archive, name):
    """A package part of a few kilobytes (content types, relationships), read in bounded steps."""
    with archive.open(name) as part:
        data = part.read(MAX_PACKAGE_XML_BYTES + 1)
    if len(data) > MAX_PACKAGE_XML_BYTES:
        raise ValidationError(EMBEDDED_MESSAGE, code="docx_embedded")
    return data


def _relationships(data):
    """(type's last segment, is external) of every relationship in a .rels part."""
    for match in RELATIONSHIP.finditer(data):
        attributes = {
            key.lower(): (double if double is not None else single)
            for key, double, single in ATTRIBUTE.findall(match.group(1))
        }
        kind = attributes.get(b"type", b"").decode("ascii", "replace").rsplit("/", 1)[-1].lower()
        yield kind, attributes.get(b"targetmode", b"").lower() == b"external"


def _refuse_active_content(archive, names):
    """Refuse macros, embedded files and objects, alternative-format chunks and anything fetched from outside."""
    lowered = [name.lower() for name in names]
    if any(name.rsplit("/", 1)[-1] in MACRO_PART_NAMES for name in lowered):
        raise ValidationError(MACRO_MESSAGE, code="docx_macros")
    if any(folder in f"/{name}" for name in lowered for folder in EMBEDDED_FOLDERS) or any(
        name.endswith(".bin") for name in lowered
    ):
        raise ValidationError(EMBEDDED_MESSAGE, code="docx_embedded")
    content_types = _read_small_part(archive, "[Content_Types].xml").lower()
    if any(kind in content_types for kind in (b"macroenabled", b"vbaproject", b"vbadata")):
        raise ValidationError(MACRO_MESSAGE, code="docx_macros")
    if any(kind.encode() in content_types for kind in ACTIVE_CONTENT_TYPES):
        raise ValidationError(EMBEDDED_MESSAGE, code="docx_embedded")
    for name in names:
        if not name.lower().endswith(".rels"):
            continue
        for kind, external in _relationships(_read_small_part(archive, name)):
            if kind == "vbaproject":
                raise ValidationError(MACRO_MESSAGE, code="docx_macros")
            if kind in EMBEDDING_RELATIONSHIPS:
                raise ValidationError(EMBEDDED_MESSAGE, code="docx_embedded")
            if external and kind != HYPERLINK_RELATIONSHIP:
                raise ValidationError(EXTERNAL_MESSAGE, code="docx_external")


def _check_docx(upload):
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_DOCX_ENTRIES:
                raise ValidationError(
                    "This Word file holds far more parts than a resume does, so we cannot accept it. "
                    "Save your resume as a PDF and choose it again.",
                    code="docx_too_many_parts",
                )
            if sum(entry.file_size for entry in entries) > MAX_DOCX_UNCOMPRESSED_BYTES:
                raise ValidationError(
                    "This Word file unpacks to far more than a resume does, so we cannot accept it. "
                    "Save your resume as a PDF and choose it again.",
                    code="docx_too_large_unpacked",
                )
            names = {entry.filename for entry in entries}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise ValidationError(
                    "This file is a zip archive but not a Word document. Upload your resume as PDF, .doc or .docx.",
                    code="not_a_resume",
                )
            _refuse_active_content(archive, sorted(names))
            # Read the main part in bounded steps: a header that lies about its size cannot blow up.
            with archive.open("word/document.xml") as document:
                total = 0
                for chunk in iter(lambda: document.read(64 * 1024), b""):
                    total += len(chunk)
                    if total > MAX_DOCX_UNCOMPRESSED_BYTES:
                        raise ValidationError(
                            "This Word file unpacks to far more than a resume does, so we cannot accept it.",
                            code="docx_too_large_unpacked",
                        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise ValidationError(
            "This Word file is damaged or encrypted, so we cannot open it. Save it again, or as a PDF, and choose it again.",
            code="docx_damaged",
        ) from None
    finally:
        upload.seek(0)


def detect_kind(upload):
    """PDF, DOC or DOCX from the first bytes (and, for Office files, their structure)."""
    head = _read_head(upload)
    if PDF_MAGIC in head[:1024]:
        return PDF
    if head.startswith(OLE2_MAGIC):
        if _looks_like_word_97(upload):
            # The storages Word 97–2003 keeps macros (and embedded objects) in.
            present = _ole_names(upload, "Macros", "_VBA_PROJECT", "VBA", "ObjectPool")
            if present & {"Macros", "_VBA_PROJECT", "VBA"}:
                raise ValidationError(MACRO_MESSAGE, code="doc_macros")
            if "ObjectPool" in present:
                raise ValidationError(EMBEDDED_MESSAGE, code="doc_embedded")
            return DOC
        raise ValidationError(
            "This is an Office file, but not a Word document (a spreadsheet or installer, perhaps). "
            "Upload your resume as PDF, .doc or .docx.",
            code="not_a_resume",
        )
    if head.startswith(ZIP_MAGIC):
        _check_docx(upload)
        return DOCX
    guess = filetype.guess(head)
    what = f" It looks like {guess.mime} instead." if guess else ""
    raise ValidationError(
        f"This file is not a PDF or Word document, whatever its name says.{what} "
        "Save your resume as PDF, .doc or .docx and choose it again.",
        code="not_a_resume",
    )


@dataclass(frozen=True)
class CheckedResume:
    """An upload that passed every check, with the name to show and the kind it proved to be."""

    file: File
    name: str
    kind: ResumeKind

    @property
    def storage_name(self):
        # resume_path() keeps only the extension; the stored name is random.
        return f"resume.{self.kind.extension}"


def validate_resume(upload):
    """Check an uploaded resume and return a CheckedResume, or raise ValidationError saying why not."""
    if upload is None:
        raise ValidationError("Choose your resume file.", code="required")
    if upload.size == 0:
        raise ValidationError(EMPTY_MESSAGE, code="empty")
    if upload.size > MAX_RESUME_BYTES:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; resumes can be at most {filesizeformat(MAX_RESUME_BYTES)}. "
            "Save it as a smaller PDF (for example without large pictures) and choose it again.",
            code="too_large",
        )
    kind = detect_kind(upload)
    return CheckedResume(file=upload, name=safe_display_name(getattr(upload, "name", ""), kind), kind=kind)


def resume_response(field_file, display_name):
    """A stored resume as a download: never shown inline, never sniffed into something else, never cached."""
    if not field_file:
        raise Http404("No resume on file.")
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The resume file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=display_name or field_file.name.rsplit("/", 1)[-1],
        content_type=content_type_for(field_file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
