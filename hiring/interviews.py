"""Booking interviews: propose times or fix one, the candidate picks, reschedule, cancel.

Each change is one transaction that writes the interview, its history line
(`HiringEvent`) and its emails (with the .ics invite, see calendar.py), so an
email is never sent for a change that rolled back.

Booking refuses a time in the past, one outside the posting's open period
(from publishing to the end of its closing day), and an interviewer already
booked then. Bookings lock the interviewers' rows, so two people booking the
same interviewer run one after the other; the database's constraints on
`Panelist` refuse what slips past that (see interview_models.py).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone

from applications.emails import queue_templated_email
from applications.models import OutgoingEmail

from . import calendar
from .interview_models import HiringEvent, Interview, InterviewSlot, Panelist

REMINDER_BEFORE = datetime.timedelta(hours=24)
LINK_SALT = "hiring.interview"
LINK_DAYS = 30


class InterviewError(ValidationError):
    """A booking change the interview, the posting or the interviewers' calendars do not allow."""


# --- Times --------------------------------------------------------------------------------------


def local_label(moment, zone):
    """e.g. "Tue 7 Jul 2099, 10:00 AM HST": a time as read at the posting's location."""
    local = timezone.localtime(moment, zone)
    return f"{formats.date_format(local, 'D j M Y, g:i A')} {local.tzname()}"


def check_time(posting, starts_at, duration, now=None):
    """Refuse a time in the past or outside the posting's open period."""
    now = now or timezone.now()
    zone = posting.zone
    if starts_at <= now:
        raise InterviewError(f"{local_label(starts_at, zone)} is in the past.", code="past")
    if posting.status != posting.Status.PUBLISHED or posting.published_at is None:
        raise InterviewError("Interviews are booked while the posting is published.", code="posting_not_open")
    if starts_at < posting.published_at:
        raise InterviewError(f"{local_label(starts_at, zone)} is before the posting opened.", code="outside_period")
    closes_at = posting.closes_at or posting.closing_moment()
    if closes_at and starts_at + duration > closes_at:
        raise InterviewError(
            f"{local_label(starts_at, zone)} is after the posting's closing day ({posting.closes_on:%b %-d, %Y}).",
            code="outside_period",
        )


def _busy_interviewers(interviewer_ids, starts_at, ends_at, *, exclude_interview=None):
    """Names of those already booked for a time overlapping [starts_at, ends_at)."""
    booked = Panelist.objects.filter(
        interviewer_id__in=interviewer_ids, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).select_related("interviewer")
    if exclude_interview is not None:
        booked = booked.exclude(interview=exclude_interview)
    return sorted({panelist.interviewer.get_full_name() for panelist in booked})


def available_slots(interview, now=None):
    """The proposed times the candidate may still pick: future, in the open period, and free for every interviewer.

    Two queries whatever the number of slots: the slots, and the
    interviewers' bookings over their span.
    """
    now = now or timezone.now()
    slots = [slot for slot in interview.slots.all() if slot.starts_at > now]
    if not slots:
        return []
    duration = interview.duration
    posting = interview.application.posting
    closes_at = posting.closes_at or posting.closing_moment()
    bookings = list(
        Panelist.objects.filter(
            interviewer__in=Panelist.objects.filter(interview=interview).values("interviewer"),
            starts_at__lt=slots[-1].starts_at + duration,
            ends_at__gt=slots[0].starts_at,
        )
        .exclude(interview=interview)
        .values_list("starts_at", "ends_at")
    )
    return [
        slot
        for slot in slots
        if (closes_at is None or slot.starts_at + duration <= closes_at)
        and not any(start < slot.starts_at + duration and end > slot.starts_at for start, end in bookings)
    ]


# --- Links --------------------------------------------------------------------------------------


def candidate_path(interview):
    """The signed path of the interview's page in the candidate's area; it expires after LINK_DAYS."""
    return reverse("candidate:interview", args=[signing.dumps(interview.pk, salt=LINK_SALT)])


def candidate_link(interview):
    """`candidate_path` as a full address, for emails."""
    return settings.SITE_URL + candidate_path(interview)


def interview_from_link(token):
    """The interview id of a link, or None when it was altered or has expired."""
    try:
        return signing.loads(token, salt=LINK_SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.BadSignature:
        return None


# --- Emails -------------------------------------------------------------------------------------


def _people(interview):
    candidate = interview.application.candidate
    interviewers = [panelist.interviewer for panelist in interview.panelists.select_related("interviewer")]
    return candidate, interviewers


def _context(interview, **extra):
    posting = interview.application.posting
    zone = posting.zone
    return {
        "interview": interview,
        "posting": posting,
        "candidate_name": interview.application.candidate.get_full_name(),
        "when": local_label(interview.starts_at, zone) if interview.starts_at else "",
        "slots": [local_label(slot.starts_at, zone) for slot in interview.slots.all()],
        "link": candidate_link(interview),
        "review_url": settings.SITE_URL + reverse("hiring:applicant", args=[interview.application_id]),
        **extra,
    }


def _send_invites(interview, *, cancel=False, change=""):
    """The invite (or cancellation) with its .ics to the candidate and, apart, to the interviewers."""
    candidate, interviewers = _people(interview)
    attendees = [(candidate.get_full_name(), candidate.email)] + [(p.get_full_name(), p.email) for p in interviewers]
    ics = calendar.attachment(interview, attendees=attendees, cancel=cancel)
    template = "interview_cancelled" if cancel else "interview_invite"
    for to, for_candidate in (([candidate.email], True), (sorted(p.email for p in interviewers), False)):
        queue_templated_email(
            template_name=template,
            kind=OutgoingEmail.Kind.INTERVIEW_INVITE,
            to=to,
            context=_context(interview, for_candidate=for_candidate, change=change),
            application=interview.application,
            attachments=[ics],
        )


def _cancel_reminders(interview):
    interview.reminders.filter(sent_at__isnull=True, cancelled_at__isnull=True).update(cancelled_at=timezone.now())
    interview.reminders.clear()


def _queue_reminders(interview):
    """A reminder to the candidate and one to the interviewers, 24 hours before; none when it is sooner."""
    delay = interview.starts_at - REMINDER_BEFORE - timezone.now()
    if delay <= datetime.timedelta():
        return
    candidate, interviewers = _people(interview)
    for to, for_candidate in (([candidate.email], True), (sorted(p.email for p in interviewers), False)):
        email = queue_templated_email(
            template_name="interview_reminder",
            kind=OutgoingEmail.Kind.INTERVIEW_REMINDER,
            to=to,
            context=_context(interview, for_candidate=for_candidate),
            application=interview.application,
            delay=delay,
        )
        if email is not None:
            interview.reminders.add(email)


# --- Changes ------------------------------------------------------------------------------------


def propose(application, *, by, kind, duration_minutes, interviewers, times, details=""):
    """A new interview: one time books it at once, several are offered to the candidate to pick from."""
    if not application.is_open:
        raise InterviewError("This application is closed: no interview can be booked.", code="application_closed")
    if not times:
        raise InterviewError("Give at least one time.", code="no_time")
    duration = datetime.timedelta(minutes=duration_minutes)
    posting = application.posting
    for starts_at in times:
        check_time(posting, starts_at, duration)
    ids = [user.pk for user in interviewers]
    with transaction.atomic():
        interview = Interview.objects.create(
            application=application,
            kind=kind,
            duration_minutes=duration_minutes,
            details=details.strip(),
            created_by=by,
        )
        Panelist.objects.bulk_create(Panelist(interview=interview, interviewer_id=pk) for pk in ids)
        if len(times) == 1:
            book(interview, times[0], by=by)
            return interview
        for starts_at in times:
            busy = _busy_interviewers(ids, starts_at, starts_at + duration)
            if busy:
                raise InterviewError(
                    f"{', '.join(busy)} already has an interview at {local_label(starts_at, posting.zone)}.",
                    code="double_booked",
                )
        InterviewSlot.objects.bulk_create(InterviewSlot(interview=interview, starts_at=moment) for moment in times)
        labels = ", ".join(local_label(moment, posting.zone) for moment in sorted(times))
        HiringEvent.record(
            application, HiringEvent.Kind.INTERVIEW_PROPOSED, by=by, text=f"{interview.get_kind_display()}: {labels}"
        )
        queue_templated_email(
            template_name="interview_pick_time",
            kind=OutgoingEmail.Kind.INTERVIEW_INVITE,
            to=[application.candidate.email],
            context=_context(interview),
            application=application,
        )
    return interview


def book(interview, starts_at, *, by, by_candidate=False):
    """Book `starts_at` (for the candidate: one of the proposed times still free) and send the invites.

    Rebooking a scheduled interview is an update of the same calendar event:
    same UID, higher SEQUENCE.
    """
    with transaction.atomic():
        locked = (
            Interview.objects.select_for_update(of=("self",))
            .select_related("application__posting__location")
            .get(pk=interview.pk)
        )
        if locked.status == Interview.Status.CANCELLED:
            raise InterviewError("This interview was cancelled.", code="cancelled")
        if by_candidate:
            if locked.status != Interview.Status.PROPOSED:
                raise InterviewError("This interview's time is set already.", code="not_proposed")
            if not locked.slots.filter(starts_at=starts_at).exists():
                raise InterviewError("That time is not one of those proposed.", code="not_a_slot")
        duration = locked.duration
        ends_at = starts_at + duration
        posting = locked.application.posting
        check_time(posting, starts_at, duration)
        ids = list(locked.panelists.values_list("interviewer_id", flat=True))
        # Lock the interviewers: whoever books one of them now waits for this booking to commit.
        list(get_user_model().objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        busy = _busy_interviewers(ids, starts_at, ends_at, exclude_interview=locked)
        if busy:
            if by_candidate:
                raise InterviewError("Someone else has just taken that time. Pick another one.", code="taken")
            raise InterviewError(
                f"{', '.join(busy)} already has an interview at {local_label(starts_at, posting.zone)}.",
                code="double_booked",
            )
        try:
            with transaction.atomic():
                Panelist.objects.filter(interview=locked).update(starts_at=starts_at, ends_at=ends_at)
        except IntegrityError:
            raise InterviewError("Someone else has just taken that time. Pick another one.", code="taken") from None
        rebooked = locked.status == Interview.Status.SCHEDULED or locked.sequence > 0 or locked.starts_at is not None
        locked.sequence += 1 if rebooked else 0
        locked.status, locked.starts_at, locked.ends_at = Interview.Status.SCHEDULED, starts_at, ends_at
        locked.save(update_fields=["status", "starts_at", "ends_at", "sequence"])
        HiringEvent.record(
            locked.application,
            HiringEvent.Kind.INTERVIEW_SCHEDULED,
            by=by,
            text=f"{locked.get_kind_display()} on {local_label(starts_at, posting.zone)}"
            + (" (picked by the candidate)" if by_candidate else ""),
        )
        _cancel_reminders(locked)
        _send_invites(locked, change="rescheduled" if rebooked else "")
        _queue_reminders(locked)
    interview.refresh_from_db()
    return interview


def reschedule(interview, *, by, times):
    """New times for an interview: one books it (an update of the invite), several go to the candidate to pick."""
    if not times:
        raise InterviewError("Give at least one time.", code="no_time")
    if len(times) == 1:
        return book(interview, times[0], by=by)
    posting = interview.application.posting
    for starts_at in times:
        check_time(posting, starts_at, interview.duration)
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview.pk)
        if locked.status == Interview.Status.CANCELLED:
            raise InterviewError("This interview was cancelled.", code="cancelled")
        if locked.status == Interview.Status.SCHEDULED:
            # The booked time no longer holds: calendars drop it until the candidate picks a new one.
            locked.sequence += 1
            locked.save(update_fields=["sequence"])
            _send_invites(locked, cancel=True, change="rescheduled")
            _cancel_reminders(locked)
        Panelist.objects.filter(interview=locked).update(starts_at=None, ends_at=None)
        locked.slots.all().delete()
        InterviewSlot.objects.bulk_create(InterviewSlot(interview=locked, starts_at=moment) for moment in times)
        locked.status, locked.starts_at, locked.ends_at = Interview.Status.PROPOSED, None, None
        locked.save(update_fields=["status", "starts_at", "ends_at"])
        labels = ", ".join(local_label(moment, posting.zone) for moment in sorted(times))
        HiringEvent.record(locked.application, HiringEvent.Kind.INTERVIEW_PROPOSED, by=by, text=f"New times: {labels}")
        queue_templated_email(
            template_name="interview_pick_time",
            kind=OutgoingEmail.Kind.INTERVIEW_INVITE,
            to=[locked.application.candidate.email],
            context=_context(locked),
            application=locked.application,
        )
    interview.refresh_from_db()
    return interview


def ask_other_times(interview, *, message):
    """The candidate can make none of the proposed times: the interviewers are told, with the message."""
    message = " ".join(message.split())
    if not message:
        raise InterviewError("Say which days or times suit you.", code="no_message")
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview.pk)
        if locked.status != Interview.Status.PROPOSED:
            raise InterviewError("This interview's time is set already.", code="not_proposed")
        locked.status, locked.candidate_message = Interview.Status.OTHER_TIMES, message[:500]
        locked.save(update_fields=["status", "candidate_message"])
        HiringEvent.record(locked.application, HiringEvent.Kind.INTERVIEW_OTHER_TIMES, text=message)
        _, interviewers = _people(locked)
        queue_templated_email(
            template_name="interview_other_times",
            kind=OutgoingEmail.Kind.INTERVIEW_NOTICE,
            to=sorted(p.email for p in interviewers),
            context=_context(locked, message=message),
            application=locked.application,
        )
    interview.refresh_from_db()
    return interview


def cancel(interview, *, by, reason, by_candidate=False):
    """Cancel with a reason; a booked time is cancelled in every calendar (same UID, higher SEQUENCE)."""
    reason = " ".join(reason.split())
    if not reason:
        raise InterviewError("Give a reason for cancelling.", code="no_reason")
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview.pk)
        if locked.status == Interview.Status.CANCELLED:
            raise InterviewError("This interview was cancelled already.", code="cancelled")
        was_scheduled = locked.status == Interview.Status.SCHEDULED
        if was_scheduled:
            locked.sequence += 1
        locked.status, locked.cancel_reason = Interview.Status.CANCELLED, reason[:500]
        locked.save(update_fields=["status", "cancel_reason", "sequence"])
        Panelist.objects.filter(interview=locked).update(starts_at=None, ends_at=None)
        who = "the candidate" if by_candidate else by.get_full_name()
        HiringEvent.record(locked.application, HiringEvent.Kind.INTERVIEW_CANCELLED, by=by, text=f"By {who}: {reason}")
        _cancel_reminders(locked)
        if was_scheduled:
            _send_invites(locked, cancel=True, change="cancelled")
        elif by_candidate:
            _, interviewers = _people(locked)
            queue_templated_email(
                template_name="interview_other_times",
                kind=OutgoingEmail.Kind.INTERVIEW_NOTICE,
                to=sorted(p.email for p in interviewers),
                context=_context(locked, message=f"Cancelled: {reason}"),
                application=locked.application,
            )
    interview.refresh_from_db()
    return interview
