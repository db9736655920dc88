"""/sitemap.xml: the home page, the pages that list postings, every open posting and the career levels.

Written out directly rather than through django.contrib.sitemaps: that renders
a template node per field of each of a few thousand URLs, hundreds of
milliseconds on a large board, where this costs a query and a string per URL.
Addresses are on settings.SITE_URL, whatever host the request came in through.
A sitemap may hold 50,000 URLs; a board of that many open postings would need
a sitemap index.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from postings.models import JobPosting
from roles.models import RoleLevel

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)

# (URL name, how often it changes, priority) of the pages that list postings and levels.
PAGES = [("portal:home", "daily", "0.6"), ("postings:board", "daily", "0.6"), ("roles:role_list", "daily", "0.6")]


def sitemap_document():
    """The sitemap as text, in two queries: open postings (newest first), then the levels on the ladder."""
    site, zone = settings.SITE_URL, timezone.get_current_timezone()

    def url(path, changefreq, priority, lastmod=None):
        modified = f"<lastmod>{lastmod.astimezone(zone).date().isoformat()}</lastmod>" if lastmod else ""
        return (
            f"<url><loc>{escape(site + path)}</loc>{modified}"
            f"<changefreq>{changefreq}</changefreq><priority>{priority}</priority></url>"
        )

    parts = [HEADER]
    parts.extend(url(reverse(name), changefreq, priority) for name, changefreq, priority in PAGES)
    path = JobPosting.path_maker()
    postings = JobPosting.objects.open().newest_first().values_list("pk", "slug", "updated_at")
    parts.extend(url(path(pk, slug), "daily", "0.8", updated) for pk, slug, updated in postings)
    levels = RoleLevel.objects.on_ladder().only("slug")
    parts.extend(url(level.get_absolute_url(), "monthly", "0.5") for level in levels)
    parts.append("\n</urlset>\n")
    return "".join(parts)
