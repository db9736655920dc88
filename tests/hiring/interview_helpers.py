"""Times and interviews for the interview tests."""

import datetime

from django.utils import timezone

from hiring import interviews


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
