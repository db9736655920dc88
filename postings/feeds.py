"""Feeds of open postings: RSS for people and readers, Indeed's XML for job aggregators.

Both use absolute URLs from settings.SITE_URL: aggregators fetch them from
elsewhere and must land on the public address, not on whatever host the
request came in through.
"""

import datetime
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from roles.models import Responsibility

from .jsonld import absolute_url, description_html
from . import caching
from .models import JobPosting, PostingRequirement
from .sitemaps import SITEMAPS

# Characters XML 1.0 forbids even escaped (C0 controls except tab and newlines,
# lone surrogates, U+FFFE/U+FFFF). A description pasted from a word processor
# can carry them; left in, they make the whole feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

RSS_ITEMS = 100

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


def xml_text(value):
    return _NOT_XML.sub("", str(value))


def cdata(value):
    """Text as a CDATA section; a "]]>" inside is split across two sections so it cannot end it early."""
    return "<![CDATA[" + xml_text(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _open_postings():
    return JobPosting.objects.open().with_card_data().newest_first()


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
        return _open_postings()[:RSS_ITEMS]

    def item_title(self, posting):
        return xml_text(f"{posting.display_title} — {posting.location.city_state}")

    def item_description(self, posting):
        facts = [posting.setting.name, posting.get_employment_type_display(), posting.salary_label]
        summary = " · ".join(fact for fact in facts if fact)
        text = Truncator(posting.description).words(60)
        return xml_text(f"{posting.location.facility_name}. {summary}. {text}")

    def item_link(self, posting):
        return absolute_url(posting.get_absolute_url())

    def item_guid(self, posting):
        return absolute_url(posting.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, posting):
        return posting.published_at

    def item_updateddate(self, posting):
        return posting.updated_at

    def item_categories(self, posting):
        return [xml_text(posting.level.short_title), xml_text(posting.setting.name), posting.location.state]


def _indeed_job(posting, responsibilities, requirements):
    location = posting.location
    required = [item for item in requirements if item.is_required]
    preferred = [item for item in requirements if not item.is_required]
    fields = [
        ("title", posting.display_title),
        ("date", posting.published_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("referencenumber", posting.reference),
        ("requisitionid", posting.reference),
        ("url", absolute_url(posting.get_absolute_url())),
        ("company", settings.HIRING_ORGANIZATION["name"]),
        ("sourcename", settings.HIRING_ORGANIZATION["name"]),
        ("city", location.city),
        ("state", location.state),
        ("country", "US"),
        ("postalcode", location.zip_code),
        ("streetaddress", location.street),
        ("description", description_html(posting, responsibilities, required, preferred)),
        ("salary", posting.salary_label),
        ("education", "Master's or doctoral degree in occupational therapy"),
        ("jobtype", INDEED_JOB_TYPES[posting.employment_type]),
        ("category", f"{posting.level.short_title}, {posting.setting.name}"),
        ("experience", posting.level.experience_label),
        ("expirationdate", posting.closes_on.isoformat() if posting.closes_on else ""),
    ]
    body = "".join(f"<{tag}>{cdata(value)}</{tag}>" for tag, value in fields if value)
    return f"<job>{body}</job>\n"


def _indeed_document():
    organization = settings.HIRING_ORGANIZATION
    yield '<?xml version="1.0" encoding="utf-8"?>\n<source>\n'
    yield f"<publisher>{cdata(organization['name'])}</publisher>\n"
    yield f"<publisherurl>{cdata(organization['url'])}</publisherurl>\n"
    yield f"<lastBuildDate>{cdata(timezone.now().strftime('%a, %d %b %Y %H:%M:%S GMT'))}</lastBuildDate>\n"
    # Every level's duties in one query, instead of one per posting.
    duties = {}
    for item in Responsibility.objects.filter(level__isnull=False).order_by("level_id", "position", "pk"):
        duties.setdefault(item.level_id, []).append(item)
    # Every open posting's requirements in one query, whatever the number of postings.
    requirements = {}
    for item in PostingRequirement.objects.filter(posting__in=JobPosting.objects.open()).order_by(
        "posting_id", "position", "pk"
    ):
        requirements.setdefault(item.posting_id, []).append(item)
    for posting in _open_postings().iterator(chunk_size=INDEED_CHUNK_SIZE):
        yield _indeed_job(posting, duties.get(posting.level_id, []), requirements.get(posting.pk, []))
    yield "</source>\n"


@require_safe
def indeed_feed(request):
    """Every open posting in Indeed's XML format, streamed so a large board needs little memory.

    Three queries (duties, requirements, postings) when built; aggregators poll it, so the
    document is cached until a posting changes (see caching.py) and then costs one query.
    """
    document = caching.cached("indeed", lambda: "".join(_indeed_document()).encode())
    return StreamingHttpResponse(
        (document[start : start + 65536] for start in range(0, len(document), 65536)),
        content_type="application/xml; charset=utf-8",
    )


def _cached_response(name, make_response):
    """The same bytes and content type for everyone until a posting changes (see caching.py)."""

    def build():
        response = make_response()
        return response.content, response["Content-Type"]

    content, content_type = caching.cached(name, build)
    return HttpResponse(content, content_type=content_type)


@require_safe
def rss_feed(request):
    """The RSS feed of open postings (OpenPostingsFeed), cached until a posting changes."""
    return _cached_response("rss", lambda: OpenPostingsFeed()(request))


@require_safe
def sitemap_xml(request):
    """/sitemap.xml, cached until a posting changes: crawlers fetch it often and it lists every open posting."""
    return _cached_response("sitemap", lambda: sitemap(request, sitemaps=SITEMAPS).render())
