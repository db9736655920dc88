import datetime
import re
from decimal import Decimal

import pytest
from django.urls import resolve
from django.utils import timezone

from postings.models import CareSetting, JobPosting
from roles.models import Requirement
from tests.factories import JobPostingFactory, LocationFactory, PublishedPostingFactory


@pytest.fixture
def senior_posting(catalog):
    return PublishedPostingFactory(
        level=catalog["senior-ot"],
        setting=CareSetting.objects.get(slug="outpatient-clinic"),
        location=LocationFactory(
            facility_name="Lakeside Hand Center", street="12 Shore Road", city="Madison", state="WI", zip_code="53703"
        ),
        title="Senior OT, Hand Therapy",
        employment_type=JobPosting.EmploymentType.PART_TIME,
        schedule="Tue–Thu, 8:00–5:00",
        salary_min=Decimal("42.50"),
        salary_max=Decimal("55"),
        salary_unit=JobPosting.SalaryUnit.HOUR,
        openings=2,
        start_date=datetime.date(2027, 3, 1),
        description="Upper-extremity caseload.\n\nWork beside two certified hand therapists.",
        requirements=[
            ("Wisconsin OT license or eligibility", Requirement.Importance.REQUIRED),
            ("CHT or progress towards it", Requirement.Importance.PREFERRED),
        ],
    )


def test_posting_page_shows_all_a_candidate_needs_to_decide(client, senior_posting, catalog):
    response = client.get(senior_posting.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Senior OT, Hand Therapy" in page
    assert f'href="{catalog["senior-ot"].get_absolute_url()}"' in page
    assert "Outpatient clinic" in page
    assert "Lakeside Hand Center" in page
    assert "12 Shore Road" in page
    assert "Madison, WI 53703" in page
    assert "Part-time" in page
    assert "Tue–Thu, 8:00–5:00" in page
    assert "$42.50–$55.00 per hour" in page
    assert "<dt>Openings</dt><dd>2</dd>" in page
    assert "Mar 1, 2027" in page
    assert "<p>Upper-extremity caseload.</p>" in page
    assert senior_posting.reference in page
    for duty in catalog["senior-ot"].responsibilities.all():
        assert duty.text in page


def test_key_facts_come_before_the_description(client, senior_posting):
    page = client.get(senior_posting.get_absolute_url()).content.decode()

    facts = page[page.index('id="posting-key-facts"') : page.index("</dl>", page.index('id="posting-key-facts"'))]
    for fact in ("$42.50–$55.00 per hour", "Part-time", "Tue–Thu, 8:00–5:00", "Mar 1, 2027", "Madison, WI"):
        assert fact in facts
    assert page.index('id="posting-key-facts"') < page.index("<p>Upper-extremity caseload.</p>")


def test_requirements_are_grouped_as_required_and_preferred(client, senior_posting):
    page = client.get(senior_posting.get_absolute_url()).content.decode()

    required = page[page.index('<h3 class="h6 mt-3">Required</h3>') : page.index('<h3 class="h6 mt-3">Preferred</h3>')]
    preferred = page[page.index('<h3 class="h6 mt-3">Preferred</h3>') :]
    assert "Wisconsin OT license or eligibility" in required
    assert "CHT or progress towards it" in preferred
    assert "CHT or progress towards it" not in required
    for item in senior_posting.requirements.filter(importance="required"):
        assert item.text in required


def test_open_posting_offers_the_apply_button(client, senior_posting):
    page = client.get(senior_posting.get_absolute_url()).content.decode()
    assert f'href="/jobs/{senior_posting.pk}/apply/"' in page


def test_apply_address_is_not_taken_for_a_posting_slug(senior_posting):
    assert resolve(f"/jobs/{senior_posting.pk}/apply/").view_name == "applications:apply"


def test_hidden_salary_is_not_shown(client, catalog):
    posting = PublishedPostingFactory(level=catalog["mid-level-ot"], show_salary=False)
    page = client.get(posting.get_absolute_url()).content.decode()
    assert "78,000" not in page
    assert "Discussed at interview" in page


def test_wrong_slug_redirects_permanently_to_the_canonical_address(client, senior_posting):
    response = client.get(f"/jobs/{senior_posting.pk}/old-title/")
    assert response.status_code == 301
    assert response.headers["Location"] == senior_posting.get_absolute_url()


def test_short_address_redirects_permanently_to_the_canonical_address(client, senior_posting):
    response = client.get(f"/jobs/{senior_posting.pk}/")
    assert response.status_code == 301
    assert response.headers["Location"] == senior_posting.get_absolute_url()


def test_a_posting_whose_title_gives_no_slug_still_has_a_page(client, catalog):
    posting = PublishedPostingFactory(level=catalog["mid-level-ot"], title="作業療法士")
    JobPosting.objects.filter(pk=posting.pk).update(slug="")
    posting.refresh_from_db()

    response = client.get(f"/jobs/{posting.pk}/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(f"/jobs/{posting.pk}/opening/", 301)]


def test_unknown_posting_is_404(client, db):
    assert client.get("/jobs/999999/anything/").status_code == 404
    assert client.get("/jobs/999999/").status_code == 404


def test_draft_posting_is_404_to_the_public(client, candidate, catalog):
    draft = JobPostingFactory(level=catalog["lead-ot"])

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/jobs/{draft.pk}/").status_code == 404
    client.force_login(candidate)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_draft_posting_is_404_to_a_manager_of_other_postings(client, other_manager, catalog):
    draft = JobPostingFactory(level=catalog["lead-ot"])
    client.force_login(other_manager)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_who_manage_a_draft_may_preview_it(client, recruiter, catalog):
    draft = JobPostingFactory(level=catalog["lead-ot"], title="Lead OT preview")
    client.force_login(recruiter)

    response = client.get(draft.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Draft preview" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "application/ld+json" not in page
    assert "/apply/" not in page


@pytest.mark.parametrize("reason", ["filled", "cancelled"])
def test_closed_posting_is_gone_with_noindex_and_no_apply_button(client, senior_posting, reason):
    senior_posting.close(reason)

    response = client.get(senior_posting.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 410
    assert "This position is no longer taking applications." in page
    assert '<meta name="robots" content="noindex">' in page
    assert "/apply/" not in page
    assert "application/ld+json" not in page


def test_expired_posting_is_gone_and_says_its_closing_date_passed(client, senior_posting):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    JobPosting.objects.filter(pk=senior_posting.pk).update(closes_on=yesterday)

    response = client.get(senior_posting.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 410
    assert "has passed" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "/apply/" not in page


def test_closed_posting_links_to_similar_open_postings(client, senior_posting, catalog):
    same_level = PublishedPostingFactory(level=catalog["senior-ot"], title="Senior OT, Acute Care")
    same_setting = PublishedPostingFactory(
        level=catalog["entry-level-ot"], setting=senior_posting.setting, title="Entry OT, Outpatient"
    )
    unrelated = PublishedPostingFactory(
        level=catalog["lead-ot"], setting=CareSetting.objects.get(slug="home-health"), title="Lead OT, Home Health"
    )
    senior_posting.close("filled")

    page = client.get(senior_posting.get_absolute_url()).content.decode()

    similar = page[page.index('id="similar-heading"') :]
    assert same_level.get_absolute_url() in similar
    assert same_setting.get_absolute_url() in similar
    assert unrelated.get_absolute_url() not in similar
    assert '/jobs/?role=senior-ot"' in similar


def test_posting_page_runs_a_fixed_number_of_queries(client, senior_posting, catalog, django_assert_num_queries):
    # The board's version, the posting with level, setting and location; its requirements; the level's duties.
    with django_assert_num_queries(4):
        client.get(senior_posting.get_absolute_url())
    # Again, with no session: the whole page comes from the cache, under the board's version.
    with django_assert_num_queries(1):
        client.get(senior_posting.get_absolute_url())
    for n in range(10):
        senior_posting.requirements.create(text=f"Extra item {n}", importance="preferred", position=200 + n)
    # An edit changes the board's version: the page shows it at once, at the same cost.
    with django_assert_num_queries(4):
        response = client.get(senior_posting.get_absolute_url())
    assert "Extra item 9" in response.content.decode()
    with django_assert_num_queries(1):
        assert "Extra item 9" in client.get(senior_posting.get_absolute_url()).content.decode()
    # With a query string (a job board's utm_source): the frame is built, around the cached description.
    with django_assert_num_queries(2):
        assert "Extra item 9" in client.get(f"{senior_posting.get_absolute_url()}?utm_source=indeed").content.decode()


def test_the_cached_part_of_a_posting_page_carries_nothing_of_its_visitor(client, senior_posting, catalog):
    client.get(senior_posting.get_absolute_url())

    page = client.get(f"{senior_posting.get_absolute_url()}?utm_source=indeed").content.decode()

    # The apply link is the visitor's (their utm_source), around the cached description and requirements.
    assert "?utm_source=indeed" in page and senior_posting.description.splitlines()[0][:40] in page
    assert page.count('type="application/ld+json"') == 1


def test_closed_posting_page_runs_a_fixed_number_of_queries(client, senior_posting, catalog, django_assert_num_queries):
    senior_posting.close("filled")
    PublishedPostingFactory(level=catalog["senior-ot"])
    # As an open posting, plus one for the similar open postings; with no session the board's version first, as
    # the whole page is cached.
    with django_assert_num_queries(5):
        client.get(senior_posting.get_absolute_url())
    for _ in range(5):
        PublishedPostingFactory(level=catalog["senior-ot"])
    with django_assert_num_queries(5):
        response = client.get(senior_posting.get_absolute_url())
    assert len(re.findall(r'class="card posting-card"', response.content.decode())) == 3
