"""Evidence uploads (a screenshot or PDF of what the source showed): checked by content, stored privately.

Stored like resumes (the default storage, a random name under verification/, never
served by URL) and downloaded only through the verification page's link, by
reviewers of the application.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat

from applications.uploads import PDF, PDF_MAGIC, ResumeKind, safe_display_name

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
PNG = ResumeKind("png", "image/png", "PNG image")
JPEG = ResumeKind("jpg", "image/jpeg", "JPEG image")
ACCEPT_ATTRIBUTE = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
HELP_TEXT = "Optional: a screenshot (PNG or JPEG) or PDF of what the source showed, at most 5 MB."


@dataclasses.dataclass(frozen=True)
class CheckedEvidence:
    file: File
    name: str
    kind: ResumeKind

    @property
    def storage_name(self):
        return f"evidence.{self.kind.extension}"


def _kind(head):
    if PDF_MAGIC in head[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def validate_evidence(upload):
    """An uploaded evidence file as CheckedEvidence, or ValidationError saying why it is refused."""
    if upload.size == 0:
        raise ValidationError("This file is empty. Choose the screenshot or PDF again.", code="empty")
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; evidence can be at most "
            f"{filesizeformat(MAX_EVIDENCE_BYTES)}. Save a smaller screenshot or PDF and choose it again.",
            code="too_large",
        )
    upload.seek(0)
    kind = _kind(upload.read(2048))
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            "This file is not a PDF, PNG or JPEG, whatever its name says. Save the page as PDF or take a screenshot.",
            code="not_evidence",
        )
    return CheckedEvidence(file=upload, name=safe_display_name(getattr(upload, "name", ""), kind), kind=kind)
