"""Feeds of open postings: RSS for people and readers, Indeed's XML for job aggregators.

Both use absolute URLs from settings.SITE_URL: aggregators fetch them from
elsewhere and must land on the public address, not on whatever host the
request came in through.
"""

import datetime
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from roles.models import Requirement, Responsibility, RoleLevel

from . import caching
from .cards import CARD_FIELDS
from .jsonld import absolute_url, items_html
from .models import CareSetting, JobPosting, PostingRequirement

# Characters XML 1.0 forbids even escaped (C0 controls except tab and newlines,
# lone surrogates, U+FFFE/U+FFFF). A description pasted from a word processor
# can carry them; left in, they make the whole feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

RSS_ITEMS = 100
# The utm_source of the feeds' links to a posting: recorded with an application that came by them (apply keeps it).
RSS_SOURCE = "rss"
INDEED_SOURCE = "indeed"

# Indeed's <jobtype> words. It has none for per diem or travel contracts: the nearest are used.
INDEED_JOB_TYPES = {
    JobPosting.EmploymentType.FULL_TIME: "fulltime",
    JobPosting.EmploymentType.PART_TIME: "parttime",
    JobPosting.EmploymentType.PER_DIEM: "parttime",
    JobPosting.EmploymentType.CONTRACT: "contract",
    JobPosting.EmploymentType.TRAVEL: "contract",
    JobPosting.EmploymentType.TEMPORARY: "temporary",
}

# Postings fetched per round trip while streaming the Indeed feed (a server-side cursor on PostgreSQL).
INDEED_CHUNK_SIZE = 500

INDEED_EDUCATION = "Master's or doctoral degree in occupational therapy"


def xml_text(value):
    return _NOT_XML.sub("", str(value))


def cdata(value):
    """Text as a CDATA section; a "]]>" inside is split across two sections so it cannot end it early."""
    return "<![CDATA[" + xml_text(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


class OpenPostingsFeed(Feed):
    """RSS 2.0: the newest open postings."""

    def title(self):
        return xml_text(f"Occupational therapy jobs at {settings.HIRING_ORGANIZATION['name']}")

    def description(self):
        return xml_text(
            f"Open occupational therapist positions at {settings.HIRING_ORGANIZATION['name']}, newest first."
        )

    def link(self):
        return absolute_url(reverse("postings:board"))

    def feed_url(self):
        return absolute_url(reverse("postings:feed_rss"))

    def items(self):
        postings = list(
            JobPosting.objects.open()
            .newest_first()
            .for_cards()
            .only(*CARD_FIELDS, "description", "updated_at")[:RSS_ITEMS]
        )
        path = JobPosting.path_maker()  # link and guid of each item, reversed once for all
        for posting in postings:
            posting.feed_url = absolute_url(path(posting.pk, posting.slug))
        return postings

    def item_title(self, posting):
        return xml_text(f"{posting.display_title} — {posting.location.city_state}")

    def item_description(self, posting):
        facts = [posting.setting.name, posting.get_employment_type_display(), posting.salary_label]
        summary = " · ".join(fact for fact in facts if fact)
        text = Truncator(posting.description).words(60)
        return xml_text(f"{posting.location.facility_name}. {summary}. {text}")

    def item_link(self, posting):
        # Tagged, so an application that came by the feed says so (the sources report); the guid stays the page's.
        return f"{posting.feed_url}?utm_source={RSS_SOURCE}"

    def item_guid(self, posting):
        return posting.feed_url

    item_guid_is_permalink = True

    def item_pubdate(self, posting):
        return posting.published_at

    def item_updateddate(self, posting):
        return posting.updated_at

    def item_categories(self, posting):
        return [xml_text(posting.level.short_title), xml_text(posting.setting.name), posting.location.state]


# Columns the Indeed feed reads from each posting and its location; level and setting come from their own queries.
INDEED_FIELDS = [
    "title",
    "slug",
    "level",
    "setting",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_unit",
    "show_salary",
    "description",
    "published_at",
    "closes_on",
    "location",
    "location__city",
    "location__state",
    "location__zip_code",
    "location__street",
]


def _indeed_document():
    """The feed's text piece by piece, in five queries whatever the number of postings.

    Levels and settings are read once and shared by their postings; each
    level's duties are written out once. A posting costs a few string joins:
    with two thousand postings, a template or format_html() per item would be
    most of the time.
    """
    organization = settings.HIRING_ORGANIZATION
    yield '<?xml version="1.0" encoding="utf-8"?>\n<source>\n'
    yield f"<publisher>{cdata(organization['name'])}</publisher>\n"
    yield f"<publisherurl>{cdata(organization['url'])}</publisherurl>\n"
    yield f"<lastBuildDate>{cdata(timezone.now().strftime('%a, %d %b %Y %H:%M:%S GMT'))}</lastBuildDate>\n"
    # Every level with its duties (query 1 and 2), every setting's name (3): shared by their postings.
    levels = {level.pk: level for level in RoleLevel.objects.all()}
    duties = {}
    for level_id, text in (
        Responsibility.objects.filter(level__isnull=False)
        .order_by("level_id", "position", "pk")
        .values_list("level_id", "text")
    ):
        duties.setdefault(level_id, []).append(text)
    duties_html = {level_id: items_html("Responsibilities", texts) for level_id, texts in duties.items()}
    settings_ = dict(CareSetting.objects.values_list("pk", "name"))
    # Every open posting's requirements in one query (4), whatever the number of postings.
    requirements = {}
    for posting_id, text, importance in (
        PostingRequirement.objects.filter(posting__in=JobPosting.objects.open())
        .order_by("posting_id", "position", "pk")
        .values_list("posting_id", "text", "importance")
    ):
        required, preferred = requirements.setdefault(posting_id, ([], []))
        (required if importance == Requirement.Importance.REQUIRED else preferred).append(text)
    # What is the same in every <job>.
    company = f"<company>{cdata(organization['name'])}</company><sourcename>{cdata(organization['name'])}</sourcename>"
    country, education = "<country>US</country>", f"<education>{cdata(INDEED_EDUCATION)}</education>"
    path = JobPosting.path_maker()
    postings = JobPosting.objects.open().newest_first().select_related("location").only(*INDEED_FIELDS)
    for posting in postings.iterator(chunk_size=INDEED_CHUNK_SIZE):  # query 5, in chunks
        posting.level = level = levels[posting.level_id]
        location = posting.location
        required, preferred = requirements.get(posting.pk, ((), ()))
        description = "".join(
            [
                linebreaks(posting.description, autoescape=True),
                duties_html.get(posting.level_id, ""),
                items_html("Required", required),
                items_html("Preferred", preferred),
            ]
        )
        reference = cdata(posting.reference)
        salary = posting.salary_label
        parts = [
            f"<job><title>{cdata(posting.display_title)}</title>",
            f"<date>{posting.published_at.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}</date>",
            f"<referencenumber>{reference}</referencenumber><requisitionid>{reference}</requisitionid>",
            f"<url>{cdata(absolute_url(path(posting.pk, posting.slug)) + '?utm_source=' + INDEED_SOURCE)}</url>",
            company,
            f"<city>{cdata(location.city)}</city><state>{cdata(location.state)}</state>",
            country,
            f"<postalcode>{cdata(location.zip_code)}</postalcode>",
            f"<streetaddress>{cdata(location.street)}</streetaddress>" if location.street else "",
            f"<description>{cdata(description)}</description>",
            f"<salary>{cdata(salary)}</salary>" if salary else "",
            education,
            f"<jobtype>{INDEED_JOB_TYPES[posting.employment_type]}</jobtype>",
            f"<category>{cdata(f'{level.short_title}, {settings_[posting.setting_id]}')}</category>",
            f"<experience>{cdata(level.experience_label)}</experience>",
            f"<expirationdate>{posting.closes_on.isoformat()}</expirationdate>" if posting.closes_on else "",
            "</job>\n",
        ]
        yield "".join(parts)
    yield "</source>\n"


@require_safe
def indeed_feed(request):
    """Every open posting in Indeed's XML format, streamed as it is built so a large board needs little memory.

    Three queries (duties, requirements, postings) when built; aggregators poll it, so the
    document is cached until the board changes (see caching.py) and then costs one query.
    """
    return StreamingHttpResponse(
        caching.streamed("indeed", _indeed_document), content_type="application/xml; charset=utf-8"
    )


@require_safe
def rss_feed(request):
    """The RSS feed of open postings (OpenPostingsFeed), cached until the board changes."""

    def build():
        # Written to a string in one go: Feed.__call__ writes each element to the response separately.
        feed = OpenPostingsFeed().get_feed(None, request)
        return feed.writeString("utf-8").encode(), feed.content_type

    content, content_type = caching.cached("rss", build)
    return HttpResponse(content, content_type=content_type)
