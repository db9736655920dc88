"""Interview invites as iCalendar files (RFC 5545), attached to the emails of the interview.

A calendar matches an update or a cancellation to the invite it received by
the event's UID, and applies it only when its SEQUENCE is higher: every change
of a booked interview raises `Interview.sequence` before its invite is built.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone

ICS_MIMETYPE = "text/calendar"


def _organizer_address():
    address = settings.DEFAULT_FROM_EMAIL
    return address.rsplit("<", 1)[-1].rstrip(">").strip() if "<" in address else address


def invite(interview, *, attendees, cancel=False):
    """The .ics text of `interview`'s booked time: a REQUEST, or a CANCEL of it when `cancel`.

    `attendees`: (name, email) pairs, the candidate and each interviewer.
    """
    posting = interview.application.posting
    organization = settings.HIRING_ORGANIZATION["name"]
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{organization}//OT Careers interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")

    event = icalendar.Event()
    event.add("uid", interview.uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", interview.starts_at.astimezone(datetime.UTC))
    event.add("dtend", interview.ends_at.astimezone(datetime.UTC))
    event.add("summary", f"{interview.get_kind_display()}: {posting.display_title} ({organization})")
    if interview.kind == interview.Kind.ON_SITE and posting.location_id:
        location = posting.location
        event.add("location", f"{location.facility_name}, {location.street}, {location.city}, {location.state}")
    elif interview.details:
        event.add("location", interview.details)
    description = [f"{interview.get_kind_display()} for {posting.display_title}."]
    if interview.details:
        description.append(interview.details)
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{_organizer_address()}")
    organizer.params["cn"] = icalendar.vText(organization)
    event.add("organizer", organizer)
    for name, email in attendees:
        attendee = icalendar.vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = icalendar.vText(name or email)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def attachment(interview, *, attendees, cancel=False):
    """The invite as an email attachment (applications.emails.queue_email's `attachments`)."""
    method = "CANCEL" if cancel else "REQUEST"
    return {
        "filename": "cancel.ics" if cancel else "invite.ics",
        "content": invite(interview, attendees=attendees, cancel=cancel),
        "mimetype": f"{ICS_MIMETYPE}; method={method}; charset=utf-8",
    }
