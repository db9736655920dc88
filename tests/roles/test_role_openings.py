"""The role pages lead to each level's open postings: counts by care setting, the pay they show, the next step."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from postings.models import CareSetting, JobPosting
from roles import openings
from tests.factories import CareSettingFactory, JobPostingFactory, PublishedPostingFactory


@pytest.fixture
def school(db):
    return CareSetting.objects.get_or_create(slug="school-based", defaults={"name": "School-based"})[0]


@pytest.fixture
def senior_openings(catalog, school):
    """Senior OT: two open in inpatient rehab (one hourly), one open at a school hiding its pay, one draft, one expired."""
    senior = catalog["senior-ot"]
    PublishedPostingFactory(level=senior, salary_min=Decimal("85000"), salary_max=Decimal("101000"))
    PublishedPostingFactory(
        level=senior, salary_min=Decimal("48.50"), salary_max=Decimal("61"), salary_unit=JobPosting.SalaryUnit.HOUR
    )
    PublishedPostingFactory(level=senior, setting=school, salary_max=Decimal("250000"), show_salary=False)
    JobPostingFactory(level=senior, salary_max=Decimal("300000"))
    expired = PublishedPostingFactory(level=senior, salary_min=Decimal("20000"))
    JobPosting.objects.filter(pk=expired.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    return senior


def _page(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_a_level_page_counts_its_open_postings_by_setting_with_links_to_the_board(client, senior_openings):
    page = _page(client.get(senior_openings.get_absolute_url()))

    assert '<a href="/jobs/?role=senior-ot">3 open positions' in page
    assert '<a href="/jobs/?role=senior-ot&amp;setting=inpatient-rehab">Inpatient rehabilitation facility' in page
    assert "</a>: 2</li>" in page and "</a>: 1</li>" in page


def test_the_pay_range_comes_from_the_current_postings_that_show_their_pay(client, senior_openings):
    level = openings.for_levels([senior_openings])[senior_openings.pk]

    # Yearly first; the school's hidden pay, the draft and the expired posting are left out.
    assert level.pay == ["$85,000–$101,000 per year", "$48.50–$61.00 per hour"]
    # Settings in the board's filter order.
    assert [(setting.name, setting.count) for setting in level.by_setting] == sorted(
        [("Inpatient rehabilitation facility", 2), ("School-based", 1)],
        key=lambda item: CareSetting.objects.get(name=item[0]).position,
    )


def test_a_closed_posting_leaves_the_counts_at_once_though_they_are_cached(client, senior_openings):
    assert "3 open positions" in _page(client.get(senior_openings.get_absolute_url()))
    posting = JobPosting.objects.open().filter(level=senior_openings).first()

    posting.status = JobPosting.Status.CLOSED
    posting.save()

    assert "2 open positions" in _page(client.get(senior_openings.get_absolute_url()))
    assert "2 open positions" in _page(client.get(reverse("roles:role_list")))


def test_each_board_link_lists_as_many_postings_as_the_page_counted(client, senior_openings, school):
    level = openings.for_levels([senior_openings])[senior_openings.pk]

    totals = [client.get(link.url).context["total"] for link in [level, *level.by_setting]]

    assert totals == [level.count, *(setting.count for setting in level.by_setting)]


def test_a_level_without_open_postings_says_so(client, catalog):
    page = _page(client.get(catalog["rehabilitation-services-manager"].get_absolute_url()))

    assert "No open position at this level right now." in page


def test_a_level_page_names_the_next_step_and_the_top_one_none(client, catalog):
    page = _page(client.get(catalog["mid-level-ot"].get_absolute_url()))
    top = max(catalog.values(), key=lambda level: level.rank)

    assert "Next step on the ladder" in page
    assert f'<a href="{catalog["senior-ot"].get_absolute_url()}">{catalog["senior-ot"].title}</a>' in page
    assert "Next step on the ladder" not in _page(client.get(top.get_absolute_url()))


def test_the_ladder_shows_each_levels_open_postings_and_pay(client, senior_openings):
    page = _page(client.get(reverse("roles:role_list")))

    assert '<a href="/jobs/?role=senior-ot">3 open positions' in page
    assert "$85,000–$101,000 per year" in page
    assert page.count("No open position at this level right now.") == 4


@pytest.mark.parametrize("postings", [0, 12])
def test_the_role_pages_run_a_fixed_number_of_queries(client, catalog, school, postings, django_assert_num_queries):
    levels, rehab = list(catalog.values()), CareSettingFactory()
    for n in range(postings):
        PublishedPostingFactory(level=levels[n % len(levels)], setting=school if n % 2 else rehab)

    # The level, its responsibilities, its requirements, the ladder, the board's version, the open postings grouped.
    with django_assert_num_queries(6):
        client.get(catalog["senior-ot"].get_absolute_url())
    # The levels, their responsibilities, their requirements, the board's version, the open postings grouped, the
    # occupation, its items.
    with django_assert_num_queries(8):
        client.get(reverse("roles:role_list"))
    # Again, the board unchanged: the openings come from the cache (its version read, not the postings).
    with django_assert_num_queries(7):
        client.get(reverse("roles:role_list"))
