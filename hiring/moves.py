"""Moves through the pipeline and what comes with them: the candidate's email, bulk moves, filling a posting.

Every change of stage goes through `Application.move_to`, which locks the row
and writes the history; the functions here add the candidate's email, in the
same transaction, so a rolled-back move sends nothing.
"""

import dataclasses

from django.db import models, transaction
from django.utils import timezone

from applications.models import Application, OutgoingEmail, StageError
from applications.tasks import deliver_email
from postings.models import JobPosting, PostingError
from verification.gate import check_ready_to_hire

from .emails import queue_candidate_email
from .models import BulkMove, EmailTemplate, Rejection, RejectionReason

Stage = Application.Stage

# Moves that tell the candidate by email, and which admin-edited template they use.
STAGE_EMAILS = {
    Stage.INTERVIEW: EmailTemplate.Kind.INTERVIEW,
    Stage.OFFER: EmailTemplate.Kind.OFFER,
    Stage.REJECTED: EmailTemplate.Kind.REJECTION,
}

FILLED_REASON = "Opening filled"
FILLED_REASON_SLUG = "position_filled"


class EmailChoice(models.TextChoices):
    """What to do about the candidate's email when moving them."""

    USUAL = "usual", "Send the usual email (a rejection waits the delay set in its template)"
    NOW = "now", "Send the email now, without the delay"
    NONE = "none", "Do not email the candidate"


def move(application, stage, *, by, reason="", rejection_reason=None, expected_stage=None, email=EmailChoice.USUAL):
    """Move one application and queue the candidate's email for that move, atomically.

    A rejection may name a listed `rejection_reason` (a RejectionReason):
    stored with the move for the reports, written into the history with
    any `reason` typed beside it, and choosing the rejection email.
    Raises StageError (nothing stored, nothing sent) when the move is refused,
    also (code `not_verified`) a hire whose credentials are not verified.
    The email goes out only after the transaction commits. Returns the
    StageChange, with `email`: the queued email or None.
    """
    listed = rejection_reason if stage == Stage.REJECTED else None
    if listed is not None:
        reason = f"{listed.label}: {reason.strip()}" if reason.strip() else listed.label
    with transaction.atomic():
        if stage == Stage.HIRED and stage in application.allowed_moves():
            check_ready_to_hire(application)
        change = application.move_to(stage, by=by, reason=reason, expected_stage=expected_stage)
        if listed is not None:
            Rejection.objects.create(change=change, reason=listed)
        change.email = None
        kind = STAGE_EMAILS.get(stage)
        if kind and email != EmailChoice.NONE:
            template = listed.email_template if listed is not None else None
            change.email = queue_candidate_email(application, kind, template)
            if change.email is not None and email == EmailChoice.NOW and change.email.send_after > change.at:
                _send_now(change.email, change.at)
    return change


def _send_now(email, now):
    # A delayed email may also have a deferred task queued; deliver_email skips sent rows, so that one no-ops.
    OutgoingEmail.objects.filter(pk=email.pk).update(send_after=now)
    email.send_after = now
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk), robust=True)


@dataclasses.dataclass
class BulkResult:
    stage: str
    moved: list
    already: list  # applications that were in that stage already
    refused: list  # (application, message) pairs
    bulk_move: object = None  # the BulkMove to undo, when anyone moved

    def summary(self):
        """One line for the whole move: "24 moved to Rejected, 1 was already rejected, 1 could not be moved"."""
        label = Stage(self.stage).label
        parts = [f"{len(self.moved)} moved to {label}"]
        if self.already:
            parts.append(f"{len(self.already)} {'was' if len(self.already) == 1 else 'were'} already {label.lower()}")
        if self.refused:
            parts.append(f"{len(self.refused)} could not be moved")
        return ", ".join(parts) + "."


def bulk_move(selection, stage, *, by, posting, reason="", rejection_reason=None, email=EmailChoice.USUAL):
    """Move each (application, stage the person saw) pair on its own, and keep the moves for an undo.

    One refusal (a stale page, a move that makes no sense from where that
    applicant is) does not undo the others; it is reported beside its name.
    An applicant already in `stage` (as shown, or moved there meanwhile by
    someone else) is counted as such, not as a refusal.
    """
    result = BulkResult(stage=stage, moved=[], already=[], refused=[])
    changes, emails = [], []
    for application, expected_stage in selection:
        if expected_stage == stage:
            result.already.append(application)
            continue
        try:
            change = move(
                application,
                stage,
                by=by,
                reason=reason,
                rejection_reason=rejection_reason,
                expected_stage=expected_stage,
                email=email,
            )
        except StageError as error:
            if error.code == "stale" and Application.objects.filter(pk=application.pk, stage=stage).exists():
                result.already.append(application)
            else:
                result.refused.append((application, " ".join(error.messages)))
        else:
            result.moved.append(application)
            changes.append(change)
            if change.email is not None:
                emails.append(change.email)
    if changes:
        result.bulk_move = BulkMove.objects.create(posting=posting, by=by, stage=stage)
        result.bulk_move.changes.set(changes)
        result.bulk_move.emails.set(emails)
    return result


@dataclasses.dataclass
class UndoResult:
    restored: int
    moved_since: list  # applications moved again since the bulk move: left as they are
    emails_cancelled: int
    emails_sent: int  # already gone out: they cannot be called back

    def summary(self):
        parts = [f"{self.restored} applicant{'s' if self.restored != 1 else ''} put back where they were"]
        if self.emails_cancelled:
            parts.append(f"{self.emails_cancelled} queued email{'s' if self.emails_cancelled != 1 else ''} cancelled")
        if self.emails_sent:
            parts.append(f"{self.emails_sent} email{'s' if self.emails_sent != 1 else ''} had already gone out")
        if self.moved_since:
            parts.append(f"{len(self.moved_since)} moved again since, left as they are")
        return ", ".join(parts) + "."


def undo_bulk_move(bulk_move, *, by):
    """Take a bulk move back: each applicant to the stage it came from, and its queued emails cancelled.

    Each applicant on its own, as in the move: one moved again since is left
    as it is. An email already sent cannot be called back; the result says
    how many. Raises StageError `undone` for a bulk move already taken back.
    """
    with transaction.atomic():
        locked = BulkMove.objects.select_for_update().get(pk=bulk_move.pk)
        if locked.undone_at is not None:
            raise StageError("That bulk move was undone already.", code="undone")
        now = timezone.now()
        result = UndoResult(restored=0, moved_since=[], emails_cancelled=0, emails_sent=0)
        undone_applications = []
        label = Stage(locked.stage).label
        for change in locked.changes.select_related("application__candidate").order_by("pk"):
            application = change.application
            try:
                with transaction.atomic():
                    application.undo_move(change, by=by, reason=f"Undo of the bulk move to {label}")
            except StageError:
                result.moved_since.append(application)
            else:
                result.restored += 1
                undone_applications.append(application.pk)
        emails = OutgoingEmail.objects.filter(pk__in=locked.emails.values("pk"), application__in=undone_applications)
        result.emails_sent = emails.filter(sent_at__isnull=False).count()
        result.emails_cancelled = emails.filter(sent_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=now
        )
        locked.undone_at = now
        locked.save(update_fields=["undone_at"])
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
        # Counted in the reports with the rejections for that reason, when admins kept it.
        filled = RejectionReason.objects.filter(slug=FILLED_REASON_SLUG).first()
        for application in posting.applications.open().select_related("candidate", "posting"):
            try:
                with transaction.atomic():
                    change = application.move_to(
                        Stage.REJECTED, by=by, reason=FILLED_REASON, expected_stage=application.stage
                    )
                    if filled is not None:
                        Rejection.objects.create(change=change, reason=filled)
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
