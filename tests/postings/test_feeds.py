import datetime
import html
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from postings import caching
from postings.models import CareSetting, JobPosting
from tests.factories import JobPostingFactory, LocationFactory, PublishedPostingFactory


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://jobs.example.org"
    settings.HIRING_ORGANIZATION = {
        "name": "Riverbend Health",
        "url": "https://www.riverbend.example",
        "logo": "https://jobs.example.org/static/img/logo.svg",
    }


@pytest.fixture
def feed_postings(catalog, site):
    """Two open postings, one with text that would break naive XML, plus a draft, a closed and an expired one."""
    older = PublishedPostingFactory(
        level=catalog["mid-level-ot"],
        title="Mid-Level OT",
        location=LocationFactory(facility_name="Bayside Rehab", city="Tampa", state="FL", zip_code="33602"),
        published=timezone.now() - datetime.timedelta(days=3),
        employment_type=JobPosting.EmploymentType.PER_DIEM,
        salary_min=Decimal("50"),
        salary_max=Decimal("62"),
        salary_unit=JobPosting.SalaryUnit.HOUR,
    )
    tricky = PublishedPostingFactory(
        level=catalog["senior-ot"],
        title="Senior OT <Acute> & Trauma",
        description="Team of 5 & growing. ]]> <b>not bold</b> \x0bform feed\x0c gone",
        location=LocationFactory(
            facility_name="St. Mary's & Partners", street="1 ]]> Way", city="Boston", state="MA", zip_code="02115"
        ),
        setting=CareSetting.objects.get(slug="hospital"),
    )
    JobPostingFactory(level=catalog["lead-ot"], title="Draft Lead OT")
    closed = PublishedPostingFactory(level=catalog["lead-ot"], title="Closed Lead OT")
    closed.close("cancelled")
    expired = PublishedPostingFactory(level=catalog["lead-ot"], title="Expired Lead OT")
    JobPosting.objects.filter(pk=expired.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    return {"older": older, "tricky": tricky}


def test_rss_feed_lists_open_postings_newest_first_with_absolute_links(client, feed_postings):
    response = client.get("/jobs/feed/")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link") == "https://jobs.example.org/jobs/"
    assert "Riverbend Health" in channel.findtext("title")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Senior OT <Acute> & Trauma — Boston, MA",
        "Mid-Level OT — Tampa, FL",
    ]
    tricky = feed_postings["tricky"]
    first = items[0]
    # The link is tagged, so an application that came by the feed says so; the guid stays the page's address.
    assert first.findtext("link") == f"https://jobs.example.org{tricky.get_absolute_url()}?utm_source=rss"
    assert first.findtext("guid") == f"https://jobs.example.org{tricky.get_absolute_url()}"
    assert first.findtext("pubDate")
    assert "Hospital (acute care)" in [category.text for category in first.findall("category")]
    assert "form feed" in first.findtext("description")


def test_rss_feed_leaves_out_drafts_closed_and_expired(client, feed_postings):
    body = client.get("/jobs/feed/").content.decode()
    assert "Draft Lead OT" not in body
    assert "Closed Lead OT" not in body
    assert "Expired Lead OT" not in body


def test_board_advertises_the_rss_feed(client, feed_postings):
    page = client.get("/jobs/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in page


def indeed_jobs(response):
    root = ET.fromstring(b"".join(response.streaming_content))
    assert root.tag == "source"
    return root, {job.findtext("referencenumber"): job for job in root.findall("job")}


def test_indeed_feed_has_every_open_posting_in_indeeds_format(client, feed_postings):
    response = client.get("/jobs/feed/indeed.xml")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
    root, jobs = indeed_jobs(response)
    assert root.findtext("publisher") == "Riverbend Health"
    assert root.findtext("publisherurl") == "https://www.riverbend.example"
    older = feed_postings["older"]
    assert set(jobs) == {older.reference, feed_postings["tricky"].reference}
    job = jobs[older.reference]
    assert job.findtext("title") == "Mid-Level OT"
    assert job.findtext("date") == older.published_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert job.findtext("url") == f"https://jobs.example.org{older.get_absolute_url()}?utm_source=indeed"
    assert job.findtext("company") == "Riverbend Health"
    assert job.findtext("city") == "Tampa"
    assert job.findtext("state") == "FL"
    assert job.findtext("country") == "US"
    assert job.findtext("postalcode") == "33602"
    assert job.findtext("salary") == "$50.00–$62.00 per hour"
    assert job.findtext("jobtype") == "parttime"
    assert "<li>" in job.findtext("description")


def test_indeed_reference_number_never_changes(client, feed_postings):
    tricky = feed_postings["tricky"]
    tricky.title = "Senior OT, Trauma Unit"
    tricky.save()

    _, jobs = indeed_jobs(client.get("/jobs/feed/indeed.xml"))

    assert jobs[f"OT-{tricky.pk:06d}"].findtext("title") == "Senior OT, Trauma Unit"


def test_indeed_feed_survives_markup_cdata_ends_and_control_characters(client, feed_postings):
    _, jobs = indeed_jobs(client.get("/jobs/feed/indeed.xml"))

    job = jobs[feed_postings["tricky"].reference]
    assert job.findtext("title") == "Senior OT <Acute> & Trauma"
    description = job.findtext("description")
    assert "Team of 5 &amp; growing. ]]&gt;" in description  # escaped as HTML, intact as XML text
    assert "form feed gone" in description
    assert "\x0b" not in description and "\x0c" not in description
    assert job.findtext("streetaddress") == "1 ]]> Way"  # a CDATA end inside CDATA is split, not cut


def test_indeed_feed_leaves_out_hidden_salaries(client, catalog, site):
    PublishedPostingFactory(level=catalog["mid-level-ot"], show_salary=False)
    _, jobs = indeed_jobs(client.get("/jobs/feed/indeed.xml"))
    (job,) = jobs.values()
    assert job.find("salary") is None


def test_indeed_feed_runs_a_fixed_number_of_queries(client, catalog, site, django_assert_num_queries):
    levels = list(catalog.values())
    settings_ = list(CareSetting.objects.all())

    def add(count):
        # Spread over levels and settings, each with its copied requirements: an N+1 on any would show.
        for n in range(count):
            PublishedPostingFactory(level=levels[n % len(levels)], setting=settings_[n % len(settings_)])

    add(3)
    # The board's version (the cache key), the levels, their duties, the settings, the requirements, the postings.
    with django_assert_num_queries(6):
        b"".join(client.get("/jobs/feed/indeed.xml").streaming_content)
    add(27)
    with django_assert_num_queries(6):
        body = b"".join(client.get("/jobs/feed/indeed.xml").streaming_content)
    jobs = ET.fromstring(body).findall("job")
    assert len(jobs) == 30
    assert all("<li>" in job.findtext("description") for job in jobs)
    # Until the board changes, aggregators polling it cost one query.
    with django_assert_num_queries(1):
        again = b"".join(client.get("/jobs/feed/indeed.xml").streaming_content)
    assert again == body


def test_indeed_feed_lists_each_postings_own_requirements_and_its_levels_duties(client, catalog, site):
    senior = PublishedPostingFactory(level=catalog["senior-ot"], title="Senior OT, Burns")
    senior.requirements.create(text="Burn unit rotation", importance="required", position=99)
    entry = PublishedPostingFactory(level=catalog["entry-level-ot"], title="Entry OT, Clinic")

    _, jobs = indeed_jobs(client.get("/jobs/feed/indeed.xml"))

    senior_description = jobs[senior.reference].findtext("description")
    entry_description = jobs[entry.reference].findtext("description")
    assert "Burn unit rotation" in senior_description
    assert "Burn unit rotation" not in entry_description
    for level, description in (
        (catalog["senior-ot"], senior_description),
        (catalog["entry-level-ot"], entry_description),
    ):
        first_duty = level.responsibilities.order_by("position", "pk").first()
        assert html.escape(first_duty.text) in description
    assert jobs[senior.reference].findtext("experience") == catalog["senior-ot"].experience_label
    assert jobs[senior.reference].findtext("category") == f"Senior OT, {senior.setting.name}"


def test_a_broken_off_stream_is_not_cached_and_the_next_reader_gets_it_whole(db, monkeypatch):
    monkeypatch.setattr(caching, "STREAM_PIECE", 1)  # every piece goes out as soon as it is made
    builds = []

    def document():
        builds.append(1)
        yield from ["<source>", "<job/>", "</source>"]

    first = caching.streamed("test-feed", document)
    assert next(first) == b"<source>"
    first.close()  # the reader went away after the first piece

    assert b"".join(caching.streamed("test-feed", document)) == b"<source><job/></source>"
    assert b"".join(caching.streamed("test-feed", document)) == b"<source><job/></source>"
    assert len(builds) == 2  # built again after the broken download, then served from the cache


def test_rss_feed_runs_a_fixed_number_of_queries(client, catalog, site, django_assert_num_queries):
    PublishedPostingFactory(level=catalog["mid-level-ot"])
    # The board's version (the cache key) and the postings.
    with django_assert_num_queries(2):
        client.get("/jobs/feed/")
    for _ in range(10):
        PublishedPostingFactory(level=catalog["mid-level-ot"])
    with django_assert_num_queries(2):
        response = client.get("/jobs/feed/")
    assert len(ET.fromstring(response.content).find("channel").findall("item")) == 11


def test_a_candidate_who_follows_a_feeds_link_applies_with_its_source(client, feed_postings):
    link = ET.fromstring(client.get("/jobs/feed/").content).find("channel").find("item").findtext("link")

    page = client.get(link.removeprefix("https://jobs.example.org")).content.decode()

    apply_url = reverse("applications:apply", args=[feed_postings["tricky"].pk])
    assert f'href="{apply_url}?utm_source=rss"' in page
