"""/sitemap.xml: open postings, the career levels and the pages that list them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from roles.models import RoleLevel

from .models import JobPosting


class SiteUrlSitemap(Sitemap):
    """Addresses on settings.SITE_URL, whatever host the request came in through."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class OpenPostingSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return JobPosting.objects.open().only("slug", "updated_at").newest_first()

    def lastmod(self, posting):
        return posting.updated_at


class RoleLevelSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return RoleLevel.objects.on_ladder().only("slug")


class PageSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["portal:home", "postings:board", "roles:role_list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "postings": OpenPostingSitemap, "roles": RoleLevelSitemap}
