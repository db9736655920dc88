"""Booking interviews: fixed times, proposed times the candidate picks, and what is refused."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from applications.models import OutgoingEmail
from hiring import interviews
from hiring.interviews import InterviewError
from hiring.models import HiringEvent, Interview, Panelist
from tests.factories import ApplicationFactory, LocationFactory, PublishedPostingFactory

from .interview_helpers import in_days, propose

Kind = OutgoingEmail.Kind
DAY, SECOND = datetime.timedelta(hours=24), datetime.timedelta(seconds=1)


def invites(application):
    return list(application.emails.filter(kind=Kind.INTERVIEW_INVITE).order_by("pk"))


def parsed(email):
    (attachment,) = email.attachments
    return icalendar.Calendar.from_ical(attachment["content"])


def event_of(email):
    (event,) = parsed(email).walk("VEVENT")
    return event


def test_one_time_books_the_interview_and_sends_invites_to_candidate_and_interviewers(application, manager):
    interview = propose(application, manager, [in_days(3)])

    assert interview.status == Interview.Status.SCHEDULED
    assert interview.starts_at == in_days(3)
    assert interview.ends_at == in_days(3) + datetime.timedelta(minutes=45)
    to_candidate, to_panel = invites(application)
    assert to_candidate.recipients == [application.candidate.email]
    assert to_panel.recipients == [manager.email]
    assert Panelist.objects.get(interview=interview).starts_at == in_days(3)
    assert HiringEvent.objects.get(application=application).kind == HiringEvent.Kind.INTERVIEW_SCHEDULED


def test_the_invite_parses_back_with_uid_sequence_times_and_attendees(application, manager):
    interview = propose(application, manager, [in_days(3)], kind="on_site")

    calendar = parsed(invites(application)[0])
    event = event_of(invites(application)[0])
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == interview.uid
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == in_days(3)
    assert event.decoded("dtend") == in_days(3) + datetime.timedelta(minutes=45)
    attendees = sorted(str(address) for address in event["attendee"])
    assert attendees == sorted([f"mailto:{application.candidate.email}", f"mailto:{manager.email}"])
    assert application.posting.location.street in str(event["location"])


def test_moving_the_time_sends_an_update_with_the_same_uid_and_a_higher_sequence(application, manager):
    interview = propose(application, manager, [in_days(3)])
    interviews.reschedule(interview, by=manager, times=[in_days(4)])

    first, update = event_of(invites(application)[0]), event_of(invites(application)[2])
    assert str(update["uid"]) == str(first["uid"])
    assert int(update["sequence"]) == 1
    assert update.decoded("dtstart") == in_days(4)
    assert invites(application)[2].subject.startswith("Updated:")


def test_cancelling_a_booked_interview_sends_a_cancel_with_a_higher_sequence(application, manager):
    interview = propose(application, manager, [in_days(3)])
    interviews.cancel(interview, by=manager, reason="The manager is ill")

    cancellation = invites(application)[-1]
    assert str(parsed(cancellation)["method"]) == "CANCEL"
    assert int(event_of(cancellation)["sequence"]) == 1
    assert "The manager is ill" in invites(application)[-2].body or "The manager is ill" in cancellation.body
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert not Panelist.objects.filter(interview=interview, starts_at__isnull=False).exists()


def test_a_reminder_is_queued_24_hours_before_and_cancelled_when_the_time_moves(application, manager):
    interview = propose(application, manager, [in_days(3)])
    reminders = application.emails.filter(kind=Kind.INTERVIEW_REMINDER)
    assert reminders.count() == 2
    assert all(abs(email.send_after - (in_days(3) - DAY)) < SECOND for email in reminders)

    interviews.reschedule(interview, by=manager, times=[in_days(5)])

    assert reminders.filter(cancelled_at__isnull=False).count() == 2
    live = reminders.filter(cancelled_at__isnull=True)
    assert live.count() == 2
    assert all(abs(email.send_after - (in_days(5) - DAY)) < SECOND for email in live)


def test_several_times_wait_for_the_candidate_who_gets_a_signed_link(application, manager):
    interview = propose(application, manager, [in_days(3), in_days(4), in_days(5)])

    assert interview.status == Interview.Status.PROPOSED
    assert interview.starts_at is None
    (email,) = invites(application)
    assert email.recipients == [application.candidate.email]
    assert "/account/interviews/" in email.body
    assert [slot.starts_at for slot in interviews.available_slots(interview)] == [in_days(3), in_days(4), in_days(5)]


def test_the_candidate_books_one_of_the_proposed_times(application, manager, candidate):
    interview = propose(application, manager, [in_days(3), in_days(4)])

    interviews.book(interview, in_days(4), by=candidate, by_candidate=True)

    interview.refresh_from_db()
    assert (interview.status, interview.starts_at) == (Interview.Status.SCHEDULED, in_days(4))
    with pytest.raises(InterviewError) as error:
        interviews.book(interview, in_days(3), by=candidate, by_candidate=True)
    assert error.value.code == "not_proposed"


def test_a_time_someone_else_took_disappears_and_cannot_be_booked(posting, manager):
    first, second = ApplicationFactory(posting=posting), ApplicationFactory(posting=posting)
    mine = propose(first, manager, [in_days(3), in_days(4)])
    theirs = propose(second, manager, [in_days(3), in_days(4)])

    interviews.book(theirs, in_days(3), by=second.candidate, by_candidate=True)

    assert [slot.starts_at for slot in interviews.available_slots(mine)] == [in_days(4)]
    with pytest.raises(InterviewError) as error:
        interviews.book(mine, in_days(3), by=first.candidate, by_candidate=True)
    assert error.value.code == "taken"


def test_an_interviewer_cannot_be_booked_twice_at_overlapping_times(posting, manager):
    first, second = ApplicationFactory(posting=posting), ApplicationFactory(posting=posting)
    propose(first, manager, [in_days(3)])

    with pytest.raises(InterviewError) as error:
        propose(second, manager, [in_days(3) + datetime.timedelta(minutes=30)])
    assert error.value.code == "double_booked"
    assert "Morgan Manager" in error.value.messages[0]
    assert not Interview.objects.filter(application=second).exists()


def test_back_to_back_interviews_are_fine(posting, manager):
    first, second = ApplicationFactory(posting=posting), ApplicationFactory(posting=posting)
    propose(first, manager, [in_days(3)])
    propose(second, manager, [in_days(3) + datetime.timedelta(minutes=45)])


def test_a_time_in_the_past_is_refused(application, manager):
    with pytest.raises(InterviewError) as error:
        propose(application, manager, [timezone.now() - datetime.timedelta(hours=1)])
    assert error.value.code == "past"


def test_a_time_after_the_postings_closing_day_is_refused(application, manager):
    with pytest.raises(InterviewError) as error:
        propose(application, manager, [in_days(60)])
    assert error.value.code == "outside_period"


def test_no_interview_for_a_closed_posting_or_application(application, manager, posting):
    posting.close("cancelled")
    application.posting.refresh_from_db()
    with pytest.raises(InterviewError) as error:
        propose(application, manager, [in_days(3)])
    assert error.value.code == "posting_not_open"


def test_the_candidate_asks_for_other_times_and_the_interviewers_are_told(application, manager):
    interview = propose(application, manager, [in_days(3), in_days(4)])

    interviews.ask_other_times(interview, message="Mornings next week, please")

    interview.refresh_from_db()
    assert interview.status == Interview.Status.OTHER_TIMES
    notice = application.emails.get(kind=Kind.INTERVIEW_NOTICE)
    assert notice.recipients == [manager.email]
    assert "Mornings next week, please" in notice.body


def test_the_database_refuses_one_interviewer_at_one_start_twice(posting, manager):
    from django.db import IntegrityError, transaction

    first, second = ApplicationFactory(posting=posting), ApplicationFactory(posting=posting)
    propose(first, manager, [in_days(3)])
    other = Interview.objects.create(application=second)
    with pytest.raises(IntegrityError), transaction.atomic():
        Panelist.objects.create(interview=other, interviewer=manager, starts_at=in_days(3), ends_at=in_days(3))


# --- Time zones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zip_code", "state", "zone", "abbreviation"),
    [("96813", "HI", "Pacific/Honolulu", "HST"), ("10001", "NY", "America/New_York", "E")],
)
def test_times_are_written_in_the_postings_zone(catalog, manager, zip_code, state, zone, abbreviation):
    location = LocationFactory(city="Somewhere", state=state, zip_code=zip_code)
    posting = PublishedPostingFactory(level=catalog["senior-ot"], location=location, hiring_managers=[manager])
    application = ApplicationFactory(posting=posting)
    at_ten = in_days(3, hour=10, zone=zoneinfo.ZoneInfo(zone))

    propose(application, manager, [at_ten])

    email = invites(application)[0]
    assert "10:00 AM " + abbreviation in email.body
    assert event_of(email).decoded("dtstart") == at_ten


def test_the_candidates_data_download_holds_their_interview_times(client, application, manager, candidate):
    propose(application, manager, [in_days(3)])
    client.force_login(candidate)

    data = client.get("/account/my-data/").json()

    (interview,) = data["interviews"]
    assert interview["starts_at"] == in_days(3).isoformat()
    assert interview["kind"] == "Video call"
    assert "recommendation" not in str(data)


def test_the_sent_email_carries_the_invite_as_a_calendar_attachment(
    application, manager, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        propose(application, manager, [in_days(3)])

    to_candidate = next(message for message in mailoutbox if message.to == [application.candidate.email])
    ((filename, content, mimetype),) = to_candidate.attachments
    assert filename == "invite.ics"
    assert mimetype.startswith("text/calendar")
    assert icalendar.Calendar.from_ical(content).walk("VEVENT")
