import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

from postings.models import JobPosting
from tests.factories import JobPostingFactory, PublishedPostingFactory

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [url.findtext("sm:loc", namespaces=NS) for url in root.findall("sm:url", NS)]


def test_sitemap_lists_open_postings_levels_and_listing_pages_on_the_public_address(client, catalog, settings):
    settings.SITE_URL = "https://jobs.example.org"
    open_posting = PublishedPostingFactory(level=catalog["senior-ot"])
    draft = JobPostingFactory(level=catalog["senior-ot"])
    closed = PublishedPostingFactory(level=catalog["senior-ot"])
    closed.close("filled")
    expired = PublishedPostingFactory(level=catalog["senior-ot"])
    JobPosting.objects.filter(pk=expired.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))

    locations = sitemap_locations(client)

    assert f"https://jobs.example.org{open_posting.get_absolute_url()}" in locations
    for level in catalog.values():
        assert f"https://jobs.example.org/roles/{level.slug}/" in locations
    assert "https://jobs.example.org/jobs/" in locations
    assert "https://jobs.example.org/roles/" in locations
    for hidden in (draft, closed, expired):
        assert not any(f"/jobs/{hidden.pk}/" in location for location in locations)


def test_sitemap_runs_a_fixed_number_of_queries(client, catalog, django_assert_num_queries):
    PublishedPostingFactory(level=catalog["senior-ot"])
    # The board's version (the cache key), the open postings, the levels.
    with django_assert_num_queries(3):
        client.get("/sitemap.xml")
    for _ in range(5):
        PublishedPostingFactory(level=catalog["senior-ot"])
    with django_assert_num_queries(3):
        assert len(sitemap_locations(client)) == 3 + 6 + len(catalog)


def test_robots_txt_points_crawlers_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://jobs.example.org"
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://jobs.example.org/sitemap.xml" in body


def test_the_cached_sitemap_lists_a_new_posting_at_once(client, catalog):
    client.get("/sitemap.xml")
    posting = PublishedPostingFactory(level=catalog["lead-ot"])
    assert any(posting.get_absolute_url() in location for location in sitemap_locations(client))
