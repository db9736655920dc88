"""Moves through the pipeline and what comes with them: the candidate's email, bulk moves, filling a posting.

Every change of stage goes through `Application.move_to`, which locks the row
and writes the history; the functions here add the candidate's email, in the
same transaction, so a rolled-back move sends nothing.
"""

import dataclasses

from django.db import models, transaction

from applications.models import Application, OutgoingEmail, StageError
from applications.tasks import deliver_email
from postings.models import JobPosting, PostingError
from verification.gate import check_ready_to_hire

from .emails import queue_candidate_email
from .models import EmailTemplate

Stage = Application.Stage

# Moves that tell the candidate by email, and which admin-edited template they use.
STAGE_EMAILS = {
    Stage.INTERVIEW: EmailTemplate.Kind.INTERVIEW,
    Stage.OFFER: EmailTemplate.Kind.OFFER,
    Stage.REJECTED: EmailTemplate.Kind.REJECTION,
}

FILLED_REASON = "Opening filled"


class EmailChoice(models.TextChoices):
    """What to do about the candidate's email when moving them."""

    USUAL = "usual", "Send the usual email (a rejection waits the delay set in its template)"
    NOW = "now", "Send the email now, without the delay"
    NONE = "none", "Do not email the candidate"


def move(application, stage, *, by, reason="", expected_stage=None, email=EmailChoice.USUAL):
    """Move one application and queue the candidate's email for that move, atomically.

    Raises StageError (nothing stored, nothing sent) when the move is refused,
    also (code `not_verified`) a hire whose credentials are not verified.
    The email goes out only after the transaction commits.
    """
    with transaction.atomic():
        if stage == Stage.HIRED and stage in application.allowed_moves():
            check_ready_to_hire(application)
        change = application.move_to(stage, by=by, reason=reason, expected_stage=expected_stage)
        kind = STAGE_EMAILS.get(stage)
        if kind and email != EmailChoice.NONE:
            queued = queue_candidate_email(application, kind)
            if queued is not None and email == EmailChoice.NOW and queued.send_after > change.at:
                _send_now(queued, change.at)
    return change


def _send_now(email, now):
    # A delayed email may also have a deferred task queued; deliver_email skips sent rows, so that one no-ops.
    OutgoingEmail.objects.filter(pk=email.pk).update(send_after=now)
    email.send_after = now
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk), robust=True)


@dataclasses.dataclass
class BulkResult:
    moved: list
    refused: list  # (application, message) pairs


def bulk_move(selection, stage, *, by, reason="", email=EmailChoice.USUAL):
    """Move each (application, stage the person saw) pair on its own.

    One refusal (a stale page, a move that makes no sense from where that
    applicant is) does not undo the others; it is reported beside its name.
    """
    result = BulkResult(moved=[], refused=[])
    for application, expected_stage in selection:
        try:
            move(application, stage, by=by, reason=reason, expected_stage=expected_stage, email=email)
        except StageError as error:
            result.refused.append((application, " ".join(error.messages)))
        else:
            result.moved.append(application)
    return result


def fill_posting(posting, *, by, notify_open):
    """Close a posting as filled; with `notify_open`, tell every applicant still open and close their application.

    Those applicants are moved to rejected with the reason "Opening filled" and
    get the posting_filled email (not the rejection one), so nobody is left
    waiting on a job that no longer exists. Returns how many were notified.

    Raises PostingError while the posting is not published or has fewer hires
    than openings (see offers_to_close), or when it was closed meanwhile.
    """
    notified = 0
    with transaction.atomic():
        _check_filled(posting, posting.applications.stage_counts())
        posting.close(JobPosting.CloseReason.FILLED)
        if not notify_open:
            return 0
        for application in posting.applications.open().select_related("candidate", "posting"):
            try:
                with transaction.atomic():
                    application.move_to(Stage.REJECTED, by=by, reason=FILLED_REASON, expected_stage=application.stage)
                    queue_candidate_email(application, EmailTemplate.Kind.POSTING_FILLED)
            except StageError:
                # Withdrawn or moved by someone else since the list was read: leave it as it now is.
                continue
            notified += 1
    return notified


def _check_filled(posting, stage_counts):
    if posting.status != JobPosting.Status.PUBLISHED:
        raise PostingError("This posting is not published, so there is nothing to close here.", code="not_published")
    if stage_counts.hired < posting.openings:
        raise PostingError(
            f"Only {stage_counts.hired} of {posting.openings} opening(s) are filled; the posting stays open.",
            code="openings_left",
        )


def offers_to_close(posting, stage_counts):
    """The pipeline offers to close a published posting once it has as many hires as openings."""
    try:
        _check_filled(posting, stage_counts)
    except PostingError:
        return False
    return True
