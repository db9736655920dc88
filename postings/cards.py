"""A posting as the board shows it: its card, its pay and its dates as ready-made text.

The board renders twenty cards per request, the feeds thousands of items:
plain strings made once in Python keep their templates to simple lookups,
with no method call or date filter per posting.
"""

from django.utils import timezone
from django.utils.safestring import mark_safe

from portal.markup import escape

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


def card(posting, path=None, place=None, slot=""):
    """What a posting's card shows (board, similar positions, alerts), as a dict of strings.

    `path`: a JobPosting.path_maker() shared by the cards of a page; `place`:
    the geo.Place the board searches around, for the distance; `slot`: the
    board's marker where the page around the cached board puts the visitor's
    actions. Load the posting with JobPostingQuerySet.for_cards() or with_card_data().
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
        "slot": slot,
    }


def listed(postings, path=None, place=None):
    """The cards of postings listed as templates/postings/posting_cards.html lists them: each with its `html`."""
    shown = [card(posting, path, place) for posting in postings]
    for one in shown:
        one["html"] = card_html(one)
    return shown


def board_slot(pk):
    """The marker in a card of the board where the page around the cached board puts the visitor's actions."""
    return f"<!--visitor-slot:{pk}-->"


def board_card(posting, path):
    """A posting's card as the board keeps it (board_index.BoardIndex.cards()): {"pk", "title", "halves"}, its markup
    cut where a search by place puts the distance, with the board's visitor slot in it."""
    shown = card(posting, path, slot=board_slot(posting.pk))
    return {"pk": shown["pk"], "title": shown["title"], "halves": _halves(shown)}


def on_board(kept, miles=None):
    """A card board_card() made, as posting_cards.html lists it ({"pk", "title", "distance", "html"}), `miles` away
    if given."""
    head, tail = kept["halves"]
    distance = distance_label(miles) if miles is not None else ""
    html = mark_safe(f"{head}{_distance_item(distance)}{tail}")
    return {"pk": kept["pk"], "title": kept["title"], "distance": distance, "html": html}


def card_html(shown):
    """A card's <li>, made in Python: twenty cards of a dozen values each were most of the board's rendering."""
    head, tail = _halves(shown)
    return mark_safe(f"{head}{_distance_item(shown['distance'])}{tail}")


def _distance_item(distance):
    return f'<li class="list-inline-item posting-card-distance">{escape(distance)}</li>' if distance else ""


def _halves(shown):
    """A card's markup before and after where its distance goes."""
    pk = shown["pk"]
    salary = f'<p class="posting-card-salary fw-semibold mb-1">{escape(shown["salary"])}</p>' if shown["salary"] else ""
    mode = (
        '<li class="list-inline-item"><span class="badge text-bg-light border posting-card-mode">'
        f"{escape(shown['work_mode'])}</span></li>"
        if shown["work_mode"]
        else ""
    )
    closes = f' · Apply by <time datetime="{shown["closes_iso"]}">{shown["closes"]}</time>' if shown["closes"] else ""
    head = (
        f'<li><article class="card posting-card" aria-labelledby="posting-{pk}-title"><div class="card-body">'
        '<div class="d-flex flex-wrap justify-content-between gap-2">'
        f'<h3 class="h5 mb-1" id="posting-{pk}-title"><a class="stretched-link" href="{escape(shown["url"])}">'
        f"{escape(shown['title'])}</a></h3>{salary}</div>"
        f'<p class="mb-2">{escape(shown["place"])}</p>'
        '<ul class="list-inline small mb-2 posting-card-facts">'
        f'<li class="list-inline-item"><span class="visually-hidden">Career level: </span>{escape(shown["level"])}</li>'
        f'<li class="list-inline-item"><span class="visually-hidden">Care setting: </span>{escape(shown["setting"])}</li>'
        f'<li class="list-inline-item"><span class="visually-hidden">Employment type: </span>{escape(shown["type"])}</li>'
        f"{mode}"
    )
    tail = (
        "</ul>"
        f'<p class="small text-secondary-strong mb-0">Posted <time datetime="{shown["published_iso"]}">'
        f"{shown['published']}</time>{closes}</p>"
        f"{shown['slot']}</div></article></li>"
    )
    return head, tail
