"""Times and interviews for the interview tests."""

import datetime

from django.utils import timezone

from hiring import interviews
from hiring.models import Interview


def in_days(days, hour=10, zone=None):
    """`hour`:00 on the day `days` from today, in `zone` (the site's zone by default)."""
    zone = zone or timezone.get_current_timezone()
    day = timezone.localdate(timezone=zone) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def propose(application, by, times, interviewers=None, **kwargs):
    return interviews.propose(
        application,
        by=by,
        kind=kwargs.pop("kind", "video"),
        duration_minutes=kwargs.pop("duration_minutes", 45),
        interviewers=interviewers or [by],
        times=times,
        details=kwargs.pop("details", "https://meet.example.org/ot-interview"),
    )


def held(interview, hours_ago=2):
    """The interview as it stands once its time has passed (booking refuses times in the past)."""
    starts_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    Interview.objects.filter(pk=interview.pk).update(starts_at=starts_at, ends_at=starts_at + interview.duration)
    interview.refresh_from_db()
    return interview
