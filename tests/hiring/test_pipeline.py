"""A posting's pipeline: its applicants, filters, sorting, pagination, visits."""

import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from hiring import pipeline
from hiring.models import PostingVisit
from tests.factories import ApplicationFactory, CandidateFactory, HiringManagerFactory
from tests.hiring.conftest import page_text

Stage = Application.Stage


def _pipeline(client, posting, **params):
    return client.get(reverse("hiring:pipeline", args=[posting.pk]), params)


def _names(response):
    return [app.candidate.full_name for app in response.context["page_obj"].object_list]


def test_pipeline_lists_each_applicant_with_stage_score_flags_experience_and_date(client, manager, posting):
    ApplicationFactory(
        posting=posting,
        candidate=CandidateFactory(full_name="Dana Flagged"),
        match_score=55,
        knockouts=1,
        flag_cpr_expired=True,
        years_experience=7,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 10, 0)),
    )
    client.force_login(manager)

    page = page_text(_pipeline(client, posting))

    assert "Dana Flagged" in page
    assert "Submitted" in page
    assert ">55<" in page
    assert "Required item not met" in page
    assert "CPR/BLS expired" in page
    assert "1 required item not met" in page
    assert "7 yrs" in page
    assert "Mar 4, 2026" in page
    assert page.count("<h1") == 1


def test_pipeline_shows_only_its_own_postings_applicants(client, manager, posting, other_posting):
    ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Mine Applicant"))
    ApplicationFactory(posting=other_posting, candidate=CandidateFactory(full_name="Elsewhere Applicant"))
    client.force_login(manager)

    response = _pipeline(client, posting)

    assert _names(response) == ["Mine Applicant"]
    assert "Elsewhere Applicant" not in page_text(response)


@pytest.fixture
def mixed(posting, manager):
    """Three applicants in different stages, scores and flags."""
    now = timezone.now()
    ana = ApplicationFactory(
        posting=posting,
        candidate=CandidateFactory(full_name="Ana Alvarez", email="ana@example.org"),
        match_score=60,
        submitted_at=now - datetime.timedelta(days=3),
    )
    ben = ApplicationFactory(
        posting=posting,
        candidate=CandidateFactory(full_name="Ben Brooks", email="ben@example.org"),
        match_score=95,
        knockouts=2,
        submitted_at=now - datetime.timedelta(days=2),
    )
    cy = ApplicationFactory(
        posting=posting,
        candidate=CandidateFactory(full_name="Cy Chen", email="cy@example.org"),
        match_score=80,
        flag_nbcot_not_active=True,
        submitted_at=now - datetime.timedelta(days=1),
    )
    ben.move_to(Stage.SCREENING, by=manager)
    cy.move_to(Stage.REJECTED, by=manager, reason="NBCOT lapsed")
    return ana, ben, cy


def test_the_pipeline_opens_on_who_needs_a_decision_newest_first(client, manager, posting, mixed):
    client.force_login(manager)

    response = _pipeline(client, posting)

    assert _names(response) == ["Ben Brooks", "Ana Alvarez"]  # Cy Chen was rejected
    assert "2 of 3 applicants still open" in page_text(response)
    assert 'aria-current="page">Still open' in page_text(response)


def test_rejected_and_withdrawn_are_a_click_away(client, manager, posting, mixed):
    client.force_login(manager)

    page = page_text(_pipeline(client, posting))

    assert f'href="{reverse("hiring:pipeline", args=[posting.pk])}?stage=rejected"' in page
    assert f'href="{reverse("hiring:pipeline", args=[posting.pk])}?stage=all"' in page
    assert _names(_pipeline(client, posting, stage="all")) == ["Cy Chen", "Ben Brooks", "Ana Alvarez"]


def test_a_pipeline_where_nobody_is_waiting_says_so_and_links_to_all(client, manager, posting, application):
    application.move_to(Stage.REJECTED, by=manager, reason="x")
    client.force_login(manager)

    assert "Nobody is waiting for a decision." in page_text(_pipeline(client, posting))


def test_sort_by_match_score_and_by_oldest(client, manager, posting, mixed):
    client.force_login(manager)

    assert _names(_pipeline(client, posting, sort="score", stage="all")) == ["Ben Brooks", "Cy Chen", "Ana Alvarez"]
    assert _names(_pipeline(client, posting, sort="oldest", stage="all")) == ["Ana Alvarez", "Ben Brooks", "Cy Chen"]


def test_filter_by_stage_and_by_still_open(client, manager, posting, mixed):
    client.force_login(manager)

    assert _names(_pipeline(client, posting, stage="screening")) == ["Ben Brooks"]
    assert _names(_pipeline(client, posting, stage="open")) == ["Ben Brooks", "Ana Alvarez"]


def test_filter_by_flag_and_by_no_flags(client, manager, posting, mixed):
    client.force_login(manager)

    assert _names(_pipeline(client, posting, flag="knockout")) == ["Ben Brooks"]
    assert _names(_pipeline(client, posting, flag="nbcot", stage="all")) == ["Cy Chen"]
    assert _names(_pipeline(client, posting, flag="nbcot")) == []
    assert _names(_pipeline(client, posting, flag="none")) == ["Ana Alvarez"]


def test_search_by_name_or_email_with_several_words(client, manager, posting, mixed):
    client.force_login(manager)

    assert _names(_pipeline(client, posting, q="brooks")) == ["Ben Brooks"]
    assert _names(_pipeline(client, posting, q="cy@example", stage="all")) == ["Cy Chen"]
    assert _names(_pipeline(client, posting, q="ana alvarez")) == ["Ana Alvarez"]
    response = _pipeline(client, posting, q="nobody-like-this")
    assert _names(response) == []
    assert "No applicant matches these filters." in page_text(response)


def test_filters_combine(client, manager, posting, mixed):
    client.force_login(manager)

    assert _names(_pipeline(client, posting, stage="open", sort="score", q="example.org")) == [
        "Ben Brooks",
        "Ana Alvarez",
    ]


def test_a_tampered_filter_is_ignored_and_the_rest_still_apply(client, manager, posting, mixed):
    client.force_login(manager)

    response = _pipeline(client, posting, stage="<script>", flag="bogus", sort="score", page="abc")

    assert response.status_code == 200
    assert _names(response) == ["Ben Brooks", "Ana Alvarez"]  # the open ones, as with no stage given
    assert "Some filters were not understood" in page_text(response)


def test_stage_tabs_count_every_stage(client, manager, posting, mixed):
    client.force_login(manager)

    tabs = {stage: count for stage, _, count in _pipeline(client, posting).context["stage_tabs"]}

    assert tabs["submitted"] == 1 and tabs["screening"] == 1 and tabs["rejected"] == 1 and tabs["hired"] == 0


def test_pipeline_pages_by_25(client, manager, posting, make_applicants):
    make_applicants(posting, 27)
    client.force_login(manager)

    first = _pipeline(client, posting)
    second = _pipeline(client, posting, page=2)

    assert len(first.context["page_obj"].object_list) == 25
    assert len(second.context["page_obj"].object_list) == 2
    assert "Page 1 of 2" in page_text(first)


@pytest.mark.parametrize("params", [{}, {"sort": "oldest"}, {"sort": "score"}, {"stage": "open"}])
def test_every_page_holds_the_applicants_of_that_place_in_the_order(client, manager, posting, make_applicants, params):
    make_applicants(posting, 60)
    client.force_login(manager)
    _, everyone = pipeline.filtered_applicants(QueryDict(urlencode(params)), posting)
    expected = list(everyone.values_list("pk", flat=True))

    shown = [
        application.pk
        for page in (1, 2, 3)
        for application in _pipeline(client, posting, **params, page=page).context["page_obj"].object_list
    ]

    assert shown == expected


def test_the_last_page_runs_the_queries_of_the_first(
    client, manager, posting, make_applicants, django_assert_num_queries
):
    make_applicants(posting, 60)
    client.force_login(manager)
    _pipeline(client, posting)
    with django_assert_num_queries(7):
        _pipeline(client, posting, page=1)
    with django_assert_num_queries(7):
        _pipeline(client, posting, page=3)


def test_visiting_the_pipeline_records_the_visit_and_marks_later_applicants_new(client, manager, posting):
    ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Early Bird"))
    client.force_login(manager)

    _pipeline(client, posting)
    first_seen = PostingVisit.objects.get(user=manager, posting=posting).seen_at
    later = ApplicationFactory(
        posting=posting,
        candidate=CandidateFactory(full_name="Late Comer"),
        submitted_at=first_seen + datetime.timedelta(seconds=1),
    )
    response = _pipeline(client, posting)

    new = {app.candidate.full_name: app.is_new for app in response.context["page_obj"].object_list}
    assert new == {"Late Comer": True, "Early Bird": False}
    assert PostingVisit.objects.get(user=manager, posting=posting).seen_at > first_seen
    assert PostingVisit.objects.filter(posting=posting).count() == 1
    assert later.pk


# session, user with their reviewer groups, posting with the last visit and my last bulk move (to offer its undo),
# stage counts, [count,] page, visit upsert, my saved views. The rejection reasons of the bulk bar come from the
# cache (tests/hiring/test_rejection_reasons.py).
# The stage counts give the number of matches for a stage tab; a flag, a search, a license or years need a COUNT.
@pytest.mark.parametrize("size", [5, 100])
@pytest.mark.parametrize(
    "params, queries",
    [
        ({}, 7),
        ({"stage": "submitted", "sort": "oldest"}, 7),
        ({"stage": "open"}, 7),
        ({"sort": "score", "flag": "none", "q": "example"}, 8),
        ({"flag": "knockout", "page": "2"}, 8),
        ({"license": "TX", "min_years": "2", "stage": "submitted"}, 8),
    ],
)
def test_pipeline_runs_a_fixed_number_of_queries(
    client, manager, posting, make_applicants, size, params, queries, django_assert_num_queries
):
    applicants = make_applicants(posting, size)
    applicants[0].move_to(Stage.REJECTED, by=manager, reason="x")
    Application.objects.filter(pk__in=[applicant.pk for applicant in applicants[::2]]).update(knockouts=1)
    client.force_login(manager)
    _pipeline(client, posting)  # the first visit creates the visit row; count a later one

    with django_assert_num_queries(queries):
        response = _pipeline(client, posting, **params)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 26),
        ({"stage": "all"}, 30),
        ({"stage": "screening"}, 4),
        ({"stage": "open"}, 26),
        ({"stage": "rejected"}, 4),
        ({"q": "Screened"}, 4),
    ],
)
def test_the_number_of_matches_is_right_whether_counted_or_read_from_the_stage_counts(
    client, manager, posting, make_applicants, params, expected
):
    applicants = make_applicants(posting, 30)
    for applicant in applicants[:4]:
        applicant.move_to(Stage.SCREENING, by=manager)
        applicant.candidate.full_name = "Screened Person"
        applicant.candidate.save()
    for applicant in applicants[4:8]:
        applicant.move_to(Stage.REJECTED, by=manager, reason="x")
    client.force_login(manager)

    page = _pipeline(client, posting, **params).context["page_obj"]

    assert page.paginator.count == expected
    assert page.paginator.num_pages == (2 if expected > 25 else 1)


def test_recruiter_sees_the_hiring_managers_with_a_way_to_change_them_and_a_manager_does_not(
    client, manager, recruiter, posting
):
    assign_url = reverse("hiring:hiring_managers", args=[posting.pk])
    client.force_login(manager)
    assert assign_url not in page_text(_pipeline(client, posting))
    client.force_login(recruiter)

    page = page_text(_pipeline(client, posting))

    assert assign_url in page and "Morgan Manager" in page


@pytest.mark.parametrize("size", [2, 40])
def test_the_pipeline_of_a_recruiter_runs_the_same_queries_however_many_hiring_managers(
    client, recruiter, posting, make_applicants, size, django_assert_num_queries
):
    make_applicants(posting, 3)
    for _ in range(size):
        HiringManagerFactory()
    client.force_login(recruiter)
    _pipeline(client, posting)

    # The manager's pipeline, and the posting's hiring managers by name; not every hiring manager there is.
    with django_assert_num_queries(8):
        _pipeline(client, posting)


def test_a_posting_without_applicants_says_so(client, manager, posting):
    client.force_login(manager)

    assert "No one has applied yet." in page_text(_pipeline(client, posting))


def test_each_row_links_to_the_applicant_in_the_lists_order_and_says_its_labels(client, manager, posting):
    one = ApplicationFactory(
        posting=posting, candidate=CandidateFactory(full_name="Una One"), years_experience=1, knockouts=1
    )
    ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Tess Two"), years_experience=2)
    Application.objects.filter(pk=one.pk).update(screening_band=0)
    client.force_login(manager)

    page = page_text(_pipeline(client, posting, sort="score", page="1"))

    link = f'href="{reverse("hiring:applicant", args=[one.pk])}?sort=score">Una One</a>'
    assert link in page
    assert "1 yr<" in page and "2 yrs<" in page
    assert "1 required item not met" in page and ">knockout<" in page


def test_a_row_shows_a_hostile_name_and_email_as_text_and_an_unflagged_applicant_as_without_flags(
    client, manager, posting
):
    ApplicationFactory(
        posting=posting,
        candidate=CandidateFactory(full_name='Eve "><script>alert(1)</script>', email="o'neil&eve@example.com"),
    )
    client.force_login(manager)

    page = page_text(_pipeline(client, posting))

    assert "<script>alert(1)" not in page
    assert 'aria-label="Select Eve &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "o&#x27;neil&amp;eve@example.com" in page
    assert '<span class="visually-hidden">No flags</span>' in page
