"""A posting as the board shows it: its card, its pay and its dates as ready-made text.

The board renders twenty cards per request, the feeds thousands of items:
plain strings made once in Python keep their templates to simple lookups,
with no method call or date filter per posting.
"""

from django.utils import timezone

# The columns JobPosting.card() reads (JobPostingQuerySet.for_cards()).
CARD_FIELDS = [
    "title",
    "slug",
    "employment_type",
    "work_mode",
    "salary_min",
    "salary_max",
    "salary_unit",
    "show_salary",
    "published_at",
    "closes_on",
    "closes_at",
    "level",
    "level__title",
    "level__short_title",
    "setting",
    "setting__name",
    "location",
    "location__facility_name",
    "location__city",
    "location__state",
    "location__latitude",
    "location__longitude",
]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_label(day):
    """ "Nov 5, 2026": what the date filter's 'M j, Y' gives, without a filter (or strftime) per card."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def salary_label(posting):
    """ "$92,000–$108,000 per year", "$45.00 per hour"; "" when the pay is hidden or unknown."""
    if not posting.show_salary:
        return ""
    return pay_range_label(posting.salary_min, posting.salary_max, posting.salary_unit)


def pay_range_label(low, high, unit):
    """ "$92,000–$108,000 per year", "$45.00 per hour" (either end may be None); "" when both are."""
    from .models import JobPosting  # here: models imports this module

    if low is None and high is None:
        return ""
    places = 2 if unit == JobPosting.SalaryUnit.HOUR else 0
    per = JobPosting.SALARY_UNIT_LABELS.get(unit, unit)

    def money(amount):
        return f"${amount:,.{places}f}"

    if low is not None and high is not None and low != high:
        return f"{money(low)}–{money(high)} {per}"
    return f"{money(high if high is not None else low)} {per}"


def distance_label(miles):
    """ "3 miles away", "under a mile away"."""
    if miles < 1:
        return "under a mile away"
    rounded = round(miles)
    return f"{rounded} mile{'s' if rounded != 1 else ''} away"


def card(posting, path=None, place=None):
    """What a posting's card shows (board, similar positions), as a dict of strings.

    `path`: a JobPosting.path_maker() shared by the cards of a page; `place`:
    the geo.Place the board searches around, for the distance. Load the
    posting with JobPostingQuerySet.for_cards() or with_card_data().
    """
    location = posting.location
    distance = ""
    if place is not None and location is not None and location.latitude is not None:
        distance = distance_label(place.miles_to(location.latitude, location.longitude))
    published = timezone.localtime(posting.published_at) if posting.published_at else None
    return {
        "pk": posting.pk,
        "url": path(posting.pk, posting.slug) if path else posting.get_absolute_url(),
        "title": posting.display_title,
        "salary": posting.salary_label,
        "place": f"{location.facility_name} · {location.city_state}" if location else "",
        "level": posting.level.short_title,
        "setting": posting.setting.name,
        "type": posting.EMPLOYMENT_TYPE_LABELS.get(posting.employment_type, posting.employment_type),
        # Only what differs from the usual: most openings are on site.
        "work_mode": ""
        if posting.work_mode == posting.WorkMode.ON_SITE
        else posting.WORK_MODE_LABELS[posting.work_mode],
        "distance": distance,
        "published_iso": published.isoformat() if published else "",
        "published": _day_label(published) if published else "",
        "closes_iso": posting.closes_on.isoformat() if posting.closes_on else "",
        "closes": _day_label(posting.closes_on) if posting.closes_on else "",
    }
