import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postings.models import CareSetting, JobPosting, PayTransparencyRule
from tests.factories import JobPostingFactory, LocationFactory, PublishedPostingFactory

BOARD = "/jobs/"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def titles(response):
    return [card["title"] for card in response.context["cards"]]


@pytest.fixture
def board(catalog):
    """Five open postings spread over levels, settings, states and types, plus a draft, a closed and an expired one."""
    home_health = CareSetting.objects.get(slug="home-health")
    school = CareSetting.objects.get(slug="school-pediatrics")
    rehab = CareSetting.objects.get(slug="inpatient-rehab")
    austin = LocationFactory(facility_name="Riverbend Rehab Austin", city="Austin", state="TX", zip_code="78701")
    dallas = LocationFactory(facility_name="Northside Clinic", city="Dallas", state="TX", zip_code="75201")
    denver = LocationFactory(facility_name="Front Range Schools", city="Denver", state="CO", zip_code="80202")
    # One Denver posting hides its pay, for the tests of hidden pay; Colorado's pay-range law would refuse to
    # publish it (tests/postings/test_pay_transparency.py), so this board's Colorado is one without that rule.
    PayTransparencyRule.objects.filter(state="CO").delete()
    postings = {
        "senior_rehab_austin": PublishedPostingFactory(
            level=catalog["senior-ot"],
            setting=rehab,
            location=austin,
            title="Senior OT, Stroke Rehab",
            description="Inpatient stroke and spinal cord rehabilitation.",
            published=days_ago(5),
            salary_min=Decimal("85000"),
            salary_max=Decimal("98000"),
        ),
        "entry_home_dallas": PublishedPostingFactory(
            level=catalog["entry-level-ot"],
            setting=home_health,
            location=dallas,
            title="Home Health OT",
            description="Visit patients at home across north Dallas.",
            published=days_ago(4),
            employment_type=JobPosting.EmploymentType.PER_DIEM,
            salary_unit=JobPosting.SalaryUnit.HOUR,
            salary_min=Decimal("48"),
            salary_max=Decimal("60"),
        ),
        "entry_school_denver": PublishedPostingFactory(
            level=catalog["entry-level-ot"],
            setting=school,
            location=denver,
            title="School-Based OT",
            description="Pediatric caseload in elementary schools; sensory and fine motor work.",
            published=days_ago(3),
            employment_type=JobPosting.EmploymentType.PART_TIME,
            salary_min=Decimal("60000"),
            salary_max=Decimal("70000"),
        ),
        "senior_home_denver": PublishedPostingFactory(
            level=catalog["senior-ot"],
            setting=home_health,
            location=denver,
            title="Senior Home Health OT",
            description="Lead complex home visits, mentor new graduates.",
            published=days_ago(2),
            salary_min=Decimal("120000"),
            salary_max=Decimal("150000"),
            show_salary=False,
        ),
        "lead_rehab_austin": PublishedPostingFactory(
            level=catalog["lead-ot"],
            setting=rehab,
            location=austin,
            title="Lead OT, Rehab Unit",
            description="Coordinate the rehab therapy team.",
            published=days_ago(1),
            salary_min=Decimal("100000"),
            salary_max=Decimal("110000"),
        ),
    }
    JobPostingFactory(level=catalog["senior-ot"], setting=rehab, location=austin, title="Draft Senior OT")
    closed = PublishedPostingFactory(
        level=catalog["senior-ot"], setting=rehab, location=austin, title="Closed Senior OT"
    )
    closed.close(JobPosting.CloseReason.FILLED)
    expired = PublishedPostingFactory(
        level=catalog["senior-ot"], setting=rehab, location=austin, title="Expired Senior OT"
    )
    JobPosting.objects.filter(pk=expired.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    return postings


def test_board_lists_open_postings_newest_first(client, board):
    response = client.get(BOARD)

    assert response.status_code == 200
    assert titles(response) == [
        "Lead OT, Rehab Unit",
        "Senior Home Health OT",
        "School-Based OT",
        "Home Health OT",
        "Senior OT, Stroke Rehab",
    ]
    assert "5 open positions" in response.content.decode()


def test_board_hides_drafts_closed_and_expired_postings(client, board):
    page = client.get(BOARD).content.decode()

    assert "Draft Senior OT" not in page
    assert "Closed Senior OT" not in page
    assert "Expired Senior OT" not in page


def test_posting_card_shows_what_a_candidate_scans_for(client, board):
    posting = board["entry_home_dallas"]

    page = client.get(BOARD).content.decode()

    card = page[page.index(f'id="posting-{posting.pk}-title"') :][:2500]
    assert posting.get_absolute_url() in card
    assert "Entry-Level OT" in card
    assert "Home health" in card
    assert "Northside Clinic · Dallas, TX" in card
    assert "Per diem / PRN" in card
    assert "$48.00–$60.00 per hour" in card
    assert posting.published_at.strftime("%b") in card
    assert "Apply by" in card


def test_a_card_shows_hostile_text_as_text(client, db):
    posting = PublishedPostingFactory(
        title='Senior OT "><img src=x onerror=alert(1)>',
        location=LocationFactory(facility_name="<script>alert(2)</script> & Rehab", city="O'Fallon", state="MO"),
    )

    page = client.get(BOARD).content.decode()

    card = page[page.index(f'id="posting-{posting.pk}-title"') :][:2500]
    assert "<img src=x" not in page and "<script>alert(2)" not in page
    assert "Senior OT &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in card
    assert "&lt;script&gt;alert(2)&lt;/script&gt; &amp; Rehab · O&#x27;Fallon, MO" in card


def test_hidden_salary_stays_off_the_card(client, board):
    page = client.get(BOARD).content.decode()
    assert "$120,000" not in page
    assert "150,000" not in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "senior-ot"}, {"Senior OT, Stroke Rehab", "Senior Home Health OT"}),
        ({"setting": "home-health"}, {"Home Health OT", "Senior Home Health OT"}),
        ({"state": "CO"}, {"School-Based OT", "Senior Home Health OT"}),
        ({"state": "co"}, {"School-Based OT", "Senior Home Health OT"}),
        ({"type": "part_time"}, {"School-Based OT"}),
        ({"type": "per_diem"}, {"Home Health OT"}),
        ({"role": "senior-ot", "setting": "home-health"}, {"Senior Home Health OT"}),
        ({"role": "entry-level-ot", "state": "TX"}, {"Home Health OT"}),
        (
            {"setting": "inpatient-rehab", "state": "TX", "type": "full_time"},
            {"Senior OT, Stroke Rehab", "Lead OT, Rehab Unit"},
        ),
        ({"role": "lead-ot", "setting": "home-health"}, set()),
        (
            {"role": "senior-ot", "setting": "home-health", "state": "CO", "type": "full_time"},
            {"Senior Home Health OT"},
        ),
        ({"state": "AK"}, set()),
    ],
)
def test_filters_and_their_combinations(client, board, params, expected):
    response = client.get(BOARD, params)

    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert response.context["problems"] == []


def test_no_results_say_so_and_offer_a_way_back(client, board):
    page = client.get(BOARD, {"role": "lead-ot", "setting": "home-health"}).content.decode()
    assert "No open position matches these filters" in page
    assert 'href="/jobs/">see every open position' in page


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("stroke", {"Senior OT, Stroke Rehab"}),
        ("Denver", {"School-Based OT", "Senior Home Health OT"}),  # city
        ("Northside", {"Home Health OT"}),  # facility
        ("pediatric sensory", {"School-Based OT"}),  # every word, from the description
        ("home health Denver", {"Senior Home Health OT"}),
        ("underwater basket weaving", set()),
    ],
)
def test_keyword_search_covers_title_description_facility_and_city(client, board, q, expected):
    response = client.get(BOARD, {"q": q})
    assert set(titles(response)) == expected


def test_keywords_combine_with_filters(client, board):
    response = client.get(BOARD, {"q": "home", "role": "entry-level-ot"})
    assert titles(response) == ["Home Health OT"]


@pytest.mark.postgres_only
def test_postgres_search_ranks_the_best_match_first(client, board):
    # Both mention "rehab" in title and facility; the older one says it four more times in its description.
    board["senior_rehab_austin"].description = "Stroke rehab on a 30-bed rehab unit, with a rehab gym and rehab nurses."
    board["senior_rehab_austin"].save()

    response = client.get(BOARD, {"q": "rehab"})

    assert titles(response)[0] == "Senior OT, Stroke Rehab"
    assert set(titles(response)) == {"Senior OT, Stroke Rehab", "Lead OT, Rehab Unit"}
    assert 'value="" selected>Best match' in response.content.decode()


@pytest.mark.postgres_only
def test_a_search_sent_from_the_form_as_rendered_is_ranked(client, board):
    board["senior_rehab_austin"].description = "Stroke rehab on a 30-bed rehab unit, with a rehab gym and rehab nurses."
    board["senior_rehab_austin"].save()
    empty_form = {"q": "rehab", "role": "", "setting": "", "state": "", "type": "", "sort": ""}

    response = client.get(BOARD, empty_form)

    assert titles(response)[0] == "Senior OT, Stroke Rehab"


def test_the_default_order_is_the_first_sort_option(client, board):
    plain = client.get(BOARD).context["form"].fields["sort"].choices
    searching = client.get(BOARD, {"q": "rehab"}).context["form"].fields["sort"].choices
    assert plain[0] == ("", "Newest first")
    assert searching[0] == ("", "Best match")
    assert client.get(BOARD, {"sort": "newest"}).context["problems"] == []


@pytest.mark.postgres_only
def test_postgres_search_matches_word_forms(client, board):
    # English stemming: "mentoring" finds "mentor".
    response = client.get(BOARD, {"q": "mentoring"})
    assert titles(response) == ["Senior Home Health OT"]


@pytest.mark.postgres_only
def test_an_explicit_sort_overrides_search_ranking(client, board):
    response = client.get(BOARD, {"q": "rehab", "sort": "newest"})
    assert titles(response) == ["Lead OT, Rehab Unit", "Senior OT, Stroke Rehab"]


def test_sort_by_salary_compares_hourly_as_yearly_and_puts_hidden_pay_last(client, board):
    response = client.get(BOARD, {"sort": "salary"})

    # Home Health OT: $60/hour is about $124,800 a year. Senior Home Health OT hides its pay.
    assert titles(response) == [
        "Home Health OT",
        "Lead OT, Rehab Unit",
        "Senior OT, Stroke Rehab",
        "School-Based OT",
        "Senior Home Health OT",
    ]


def test_facet_counts_follow_the_other_active_filters(client, board):
    response = client.get(BOARD, {"state": "TX"})

    form = response.context["form"]
    role_options = dict(form.fields["role"].choices)
    setting_options = dict(form.fields["setting"].choices)
    state_options = dict(form.fields["state"].choices)
    assert role_options["senior-ot"] == "Senior OT (1)"  # Denver's senior posting is filtered out by state
    assert role_options["entry-level-ot"] == "Entry-Level OT (1)"
    assert role_options["lead-ot"] == "Lead OT (1)"
    assert role_options["mid-level-ot"] == "Mid-Level OT (0)"
    assert setting_options["inpatient-rehab"] == "Inpatient rehabilitation facility (2)"
    assert setting_options["school-pediatrics"] == "School / pediatrics (0)"
    # The state facet ignores its own filter: it says what picking another state would give.
    assert state_options["TX"] == "Texas (3)"
    assert state_options["CO"] == "Colorado (2)"
    assert "AK" not in state_options  # states without openings are left out


def test_an_option_that_would_give_nothing_is_disabled_unless_chosen(client, board):
    page = client.get(BOARD, {"state": "TX"}).content.decode()

    assert '<option value="mid-level-ot" disabled>Mid-Level OT (0)</option>' in page
    assert '<option value="senior-ot">Senior OT (1)</option>' in page
    chosen = client.get(BOARD, {"state": "TX", "role": "mid-level-ot"}).content.decode()
    assert '<option value="mid-level-ot" selected>Mid-Level OT (0)</option>' in chosen


def test_two_options_each_with_a_count_give_what_the_second_count_said(client, board):
    """Choosing a state, then a level: the level's count, shown with the state chosen, is the number of results."""
    with_state = client.get(BOARD, {"state": "CO"}).context["form"]
    shown = dict(with_state.fields["role"].choices)["senior-ot"]

    response = client.get(BOARD, {"state": "CO", "role": "senior-ot"})
    assert shown == f"Senior OT ({response.context['total']})" == "Senior OT (1)"


def test_an_empty_board_offers_each_filter_to_drop_with_what_it_gives(client, board):
    response = client.get(BOARD, {"state": "CO", "role": "lead-ot"})

    assert response.context["total"] == 0
    page = response.content.decode()
    assert '<a href="/jobs/?state=CO">without Career level: Lead OT</a>, 2 positions' in page
    assert '<a href="/jobs/?role=lead-ot">without State: Colorado</a>, 1 position' in page


def test_facet_counts_include_keywords(client, board):
    response = client.get(BOARD, {"q": "home"})
    type_options = dict(response.context["form"].fields["type"].choices)
    assert type_options["per_diem"] == "Per diem / PRN (1)"
    assert type_options["full_time"] == "Full-time (1)"
    assert type_options["part_time"] == "Part-time (0)"


def test_the_chosen_state_stays_in_the_list_even_without_openings(client, board):
    response = client.get(BOARD, {"state": "ak"})
    assert dict(response.context["form"].fields["state"].choices)["AK"] == "Alaska (0)"
    assert 'value="AK" selected' in response.content.decode()


def test_active_filters_can_be_removed_one_by_one(client, board):
    page = client.get(BOARD, {"role": "senior-ot", "state": "CO"}).content.decode()
    assert 'href="/jobs/?state=CO">Career level: Senior OT' in page
    assert 'href="/jobs/?role=senior-ot">State: Colorado' in page


@pytest.fixture
def many_postings(catalog):
    rehab = CareSetting.objects.get(slug="inpatient-rehab")
    location = LocationFactory()
    return [
        PublishedPostingFactory(
            level=catalog["mid-level-ot"],
            setting=rehab,
            location=location,
            title=f"Mid-Level OT {n:02d}",
            published=days_ago(n + 1),
        )
        for n in range(45)
    ]


def test_pagination_keeps_the_filters(client, many_postings):
    response = client.get(BOARD, {"role": "mid-level-ot", "state": "tx", "page": "2"})

    page = response.content.decode()
    assert titles(response)[0] == "Mid-Level OT 20"
    assert len(titles(response)) == 20
    assert 'href="?role=mid-level-ot&amp;state=TX&amp;page=1" rel="prev"' in page
    assert 'href="?role=mid-level-ot&amp;state=TX&amp;page=3" rel="next"' in page
    assert "Page 2 of 3" in page


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, many_postings):
    response = client.get(BOARD, {"page": "99999"})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 3
    assert "There is no page 99999: showing page 3, the last." in response.content.decode()


@pytest.mark.parametrize("sort", ["", "salary"])
def test_the_pages_together_list_every_open_posting_once_in_the_board_order(client, many_postings, sort):
    # A closed posting among them: the pages skip it whatever their depth.
    many_postings[30].status = JobPosting.Status.CLOSED
    many_postings[30].save()
    for salary, posting in enumerate(many_postings[:10]):
        posting.salary_min = posting.salary_max = Decimal(60_000 + 1_000 * salary)
        posting.save()

    listed = []
    for page in (1, 2, 3):
        listed += titles(client.get(BOARD, {"page": page, **({"sort": sort} if sort else {})}))

    expected = JobPosting.objects.open().in_board_order(sort).values_list("title", flat=True)
    assert listed == list(expected)
    assert len(listed) == 44 and "Mid-Level OT 30" not in listed


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "abc"}, "Page numbers are whole numbers"),
        ({"page": "0"}, "Page numbers start at 1"),
        ({"role": "astronaut"}, "There is no career level “astronaut”"),
        ({"setting": "moon-base"}, "There is no care setting “moon-base”"),
        ({"state": "zz"}, "“ZZ” is not a US state code"),
        ({"type": "forever"}, "There is no employment type “forever”"),
        ({"sort": "random"}, "Postings cannot be sorted by “random”"),
        ({"q": "x" * 5000}, "Keywords are limited to 200 characters"),
        ({"q": "rehab\x00"}, "characters that cannot be searched"),
    ],
)
def test_a_bad_parameter_is_explained_and_ignored(client, board, params, message):
    response = client.get(BOARD, params)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(titles(response)) == 5  # the bad parameter did not narrow anything
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


def test_a_bad_parameter_does_not_undo_the_good_ones(client, board):
    response = client.get(BOARD, {"state": "CO", "role": "astronaut"})

    assert set(titles(response)) == {"School-Based OT", "Senior Home Health OT"}
    assert "There is no career level “astronaut”" in response.content.decode()
    # Links built from the page carry only what was understood.
    assert response.context["query"] == "state=CO"


def test_the_filter_form_works_without_javascript(client, board):
    page = client.get(BOARD).content.decode()
    form = re.search(r'<form method="get" action="/jobs/".*?</form>', page, re.S).group(0)
    for name in ("q", "role", "setting", "state", "type", "sort"):
        assert f'name="{name}"' in form
    assert '<button type="submit"' in form
    assert "<label" in form


def test_keyword_results_are_not_indexed_but_the_plain_board_is(client, board):
    assert 'name="robots"' not in client.get(BOARD).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in client.get(BOARD, {"q": "rehab"}).content.decode()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["role", "setting", "state", "type", "q", "sort", "page"]),
        st.text(max_size=40),
        max_size=7,
    )
)
def test_any_garbage_in_the_query_string_gets_a_page_not_an_error(client, board, params):
    response = client.get(BOARD, params)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params, keyword_queries",
    [({}, 0), ({"role": "entry-level-ot", "state": "TX", "q": "rehab", "sort": "salary"}, 1)],
)
def test_board_runs_a_fixed_number_of_queries_at_5_and_50_postings(
    client, catalog, params, keyword_queries, django_assert_num_queries
):
    settings_ = list(CareSetting.objects.all())
    levels = list(catalog.values())
    states = ["TX", "CO", "CA", "NY", "FL"]

    def add(count):
        for n in range(count):
            PublishedPostingFactory(
                level=levels[n % len(levels)],
                setting=settings_[n % len(settings_)],
                location=LocationFactory(state=states[n % len(states)], city="Austin"),
                title=f"Rehab OT {n}",
            )

    # PostgreSQL reads the open postings' words at the version's first keyword search (postings/lexicon.py): their
    # row versions, and their words.
    words = 2 * keyword_queries if connection.vendor == "postgresql" else 0
    add(5)
    # The board's version; its index, built once per version (the open postings, the levels, the settings);
    # the keywords read (on PostgreSQL) or matched (elsewhere), if any; the page's postings.
    with django_assert_num_queries(5 + words + keyword_queries):
        client.get(BOARD, params)
    add(45)
    with django_assert_num_queries(5 + words + keyword_queries):
        response = client.get(BOARD, params)
    assert response.status_code == 200
    # Another search of the same version reads the version, the keywords, and the cards it is the first to show.
    with django_assert_num_queries(2 + keyword_queries):
        assert client.get(BOARD, {"q": params.get("q", ""), "page": 2}).status_code == 200


def test_cards_shown_once_are_not_read_again_until_the_board_changes(client, board, django_assert_num_queries):
    client.get(BOARD)
    # The same five postings by pay: another page (nothing cached under it), the version read and no card.
    with django_assert_num_queries(1):
        response = client.get(BOARD, {"sort": "salary"})
    assert titles(response)[0] == "Home Health OT"  # $48–60 an hour: the best paid by the year

    posting = board["lead_rehab_austin"]
    posting.location.city = "Round Rock"
    posting.location.save()

    assert "Riverbend Rehab Austin · Round Rock, TX" in client.get(BOARD, {"sort": "salary"}).content.decode()


def test_the_cached_board_shows_an_edit_at_once(client, posting):
    assert posting.title in client.get(BOARD).content.decode()

    posting.title = "Senior OT — Pediatric Feeding Clinic"
    posting.save()

    assert "Senior OT — Pediatric Feeding Clinic" in client.get(BOARD).content.decode()


def test_the_cached_board_drops_a_posting_closed_meanwhile(client, posting):
    assert posting.get_absolute_url() in client.get(BOARD).content.decode()

    posting.close(JobPosting.CloseReason.FILLED)

    assert posting.get_absolute_url() not in client.get(BOARD).content.decode()


def test_a_repeat_visit_is_served_from_the_cache_in_one_query(client, posting, django_assert_num_queries):
    client.get(BOARD, {"state": "TX"})
    with django_assert_num_queries(1):
        response = client.get(BOARD, {"state": "TX"})
    assert posting.display_title in response.content.decode()


def test_the_cached_board_carries_nothing_personal(client, candidate, posting):
    client.force_login(candidate)
    client.get(BOARD)
    client.logout()

    html = client.get(BOARD).content.decode()

    assert candidate.email not in html
    assert "Sign in" in html
