"""The board's index (postings/board_index.py) counts, filters and orders as the database does, and lapses on time."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postings import board_index
from postings.forms import RADII, BoardFilterForm
from postings.lexicon import Lexicon
from postings.models import BoardVersion, CareSetting, JobPosting, PayTransparencyRule
from tests.factories import LocationFactory, PublishedPostingFactory

BOARD = "/jobs/"
PLACES = [("78701", "Austin"), ("75201", "Dallas"), ("80202", "Denver"), ("77002", "Houston")]


@pytest.fixture
def varied_board(catalog):
    """Forty open postings over every facet, with ties in date and pay, hidden and hourly pay, and far places."""
    levels = list(catalog.values())
    settings_ = list(CareSetting.objects.all())
    PayTransparencyRule.objects.filter(state="CO").delete()  # so that some pay can be hidden there too
    locations = [
        LocationFactory(city=city, state="CO" if zip_code.startswith("8") else "TX", zip_code=zip_code)
        for zip_code, city in PLACES
    ]
    same_day = timezone.now() - datetime.timedelta(days=3)
    units = itertools.cycle([JobPosting.SalaryUnit.YEAR, JobPosting.SalaryUnit.HOUR])
    words = itertools.cycle(["stroke rehab", "pediatric school", "home visits", "hand therapy clinic"])
    # Words said 0 to 9 times, so that the best match ranks by more than the newest.
    descriptions = itertools.cycle(
        ["", "Rehab.", "Rehab, rehab at home.", "School " * 4 + "pediatric.", "Home " * 8 + "rehab.", "Stroke " * 9]
    )
    for n in range(40):
        unit = next(units)
        low = Decimal(40 + n % 7) if unit == JobPosting.SalaryUnit.HOUR else Decimal(80000 + 1000 * (n % 5))
        PublishedPostingFactory(
            level=levels[n % len(levels)],
            setting=settings_[n % len(settings_)],
            location=locations[n % len(locations)],
            employment_type=JobPosting.EmploymentType.values[n % 3],
            work_mode=JobPosting.WorkMode.values[n % len(JobPosting.WorkMode.values)],
            title=f"OT {n}, {next(words)}",
            description=next(descriptions),
            salary_unit=unit,
            salary_min=low,
            salary_max=low + (5 if unit == JobPosting.SalaryUnit.HOUR else 9000),
            show_salary=n % 9 != 0,
            # Every fourth shares a day with others, so the order's tie-breaks are tested too.
            published=same_day if n % 4 == 0 else timezone.now() - datetime.timedelta(hours=n + 1),
        )


def form_for(params):
    form = BoardFilterForm.from_query(QueryDict(mutable=True) | params)
    form.is_valid()
    return form


def as_the_database_has_it(form):
    """A count per facet (every other filter applied), and the results in the queryset's board order."""
    open_postings = JobPosting.objects.open()
    slugs = {
        "role": {level.pk: level.slug for level in form.levels},
        "setting": {setting.pk: setting.slug for setting in form.settings},
    }
    counts = {}
    for name, column in form.FACETS.items():
        counted = form.apply(open_postings, skip=[name]).count_by(column)
        counts[name] = {slugs[name].get(key, key) if name in slugs else key: n for key, n in counted.items()}
    sort = form.cleaned_data.get("sort")
    ordered = list(form.apply(open_postings).in_board_order(sort).values_list("pk", flat=True))
    if form.active.get("q") and not sort and connection.vendor == "postgresql":
        score = keyword_scores(ordered, form.active["q"])
        ordered.sort(key=lambda pk: -score[pk])  # stable: the newest first among equals
    return counts, len(ordered), ordered


def keyword_scores(pks, keywords):
    """{posting id: its best-match score}, as lexicon.py's docstring defines it: a point per keyword the posting
    uses, and one more at 2, 4 and 8 uses; the words wanted absent (-word) score nothing."""
    wanted = " ".join(word for word in keywords.split() if not word.startswith("-") and word.lower() != "or")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT posting.id, cardinality(word.positions) FROM postings_jobposting posting, "
            "unnest(posting.search_document) word WHERE posting.id = ANY(%s) "
            "AND word.lexeme = ANY(tsvector_to_array(to_tsvector('english', %s)))",
            [pks, wanted],
        )
        score = dict.fromkeys(pks, 0)
        for pk, uses in cursor.fetchall():
            score[pk] += sum(uses >= step for step in (1, 2, 4, 8))
    return score


def as_the_index_has_it(form):
    selection = form.selection(board_index.current(BoardVersion.current()))
    counts, total = selection.facet_counts()
    return form.named_counts(counts), total, selection.rows(0, total)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    role=st.sampled_from(["", "entry-level-ot", "senior-ot", "rehab-services-manager"]),
    setting=st.sampled_from(["", "home-health", "school-pediatrics", "inpatient-rehab"]),
    state=st.sampled_from(["", "TX", "CO", "NY"]),
    type_=st.sampled_from(["", *JobPosting.EmploymentType.values]),
    mode=st.sampled_from(["", *JobPosting.WorkMode.values]),
    q=st.sampled_from(
        [
            "",
            "rehab",
            "pediatric school",
            "home",
            "stroke rehab",
            "stroke or school",
            "rehab -home",
            '"stroke rehab"',
            "nothing-matches-this",
            "the",
        ]
    ),
    near=st.sampled_from(["", "78701", "Dallas, TX", "80202"]),
    miles=st.sampled_from(RADII),
    sort=st.sampled_from(["", "newest", "salary", "distance"]),
)
def test_the_index_counts_and_orders_every_search_as_the_database_does(
    varied_board, role, setting, state, type_, mode, q, near, miles, sort
):
    params = {"role": role, "setting": setting, "state": state, "type": type_, "mode": mode, "q": q, "sort": sort}
    params = {name: value for name, value in params.items() if value}
    if near:
        params |= {"near": near, "miles": str(miles)}
    form = form_for(params)

    assert as_the_index_has_it(form) == as_the_database_has_it(form)


@pytest.mark.postgres_only
@pytest.mark.parametrize("q", ["home", "rehab", "stroke rehab", "school pediatric", "home or stroke", "rehab -home"])
def test_the_best_match_ranks_by_the_keywords_uses_then_the_newest(varied_board, q):
    form = form_for({"q": q})
    _, total, ranked = as_the_index_has_it(form)
    newest = list(form.apply(JobPosting.objects.open()).newest_first().values_list("pk", flat=True))

    assert (total, ranked) == as_the_database_has_it(form)[1:]
    if q != "rehab -home":  # a posting says these words more often than a newer one does
        assert ranked != newest


def test_every_page_of_the_index_is_the_databases_slice_of_the_same_order(varied_board):
    for params in [{}, {"sort": "salary"}, {"q": "home or stroke"}]:
        form = form_for(params)
        _, total, everything = as_the_database_has_it(form)
        selection = form.selection(board_index.current(BoardVersion.current()))

        pages = [selection.rows(start, start + 7) for start in range(0, total + 7, 7)]

        assert list(itertools.chain(*pages)) == everything
        assert pages[-1] == []


def test_an_edit_makes_a_new_index_at_the_next_request(client, varied_board):
    first = board_index.current(BoardVersion.current())
    posting = JobPosting.objects.open().first()

    posting.close(JobPosting.CloseReason.FILLED)

    after = board_index.current(BoardVersion.current())
    assert after is not first
    assert posting.pk not in after.position
    assert board_index.current(BoardVersion.current()) is after  # kept while nothing changes


def test_the_index_lapses_when_its_first_posting_leaves_the_board(varied_board):
    token = BoardVersion.current()
    index = board_index.current(token)
    closing = min(posting.closes_at for posting in JobPosting.objects.open())

    assert index.holds(token, closing - datetime.timedelta(seconds=1))
    assert not index.holds(token, closing)
    rebuilt = board_index.current(token, now=closing)
    assert rebuilt.size < index.size
    # Nor does an index stand for a moment before it was built: more postings were open then.
    assert not rebuilt.holds(token, closing - datetime.timedelta(seconds=1))


def test_a_posting_past_its_closing_day_leaves_the_board_without_any_edit(client, catalog):
    closing_today = PublishedPostingFactory(title="Closes tonight", closes_on=timezone.localdate())
    PublishedPostingFactory(title="Open for weeks")
    assert "Closes tonight" in client.get(BOARD).content.decode()
    client.cookies.clear()

    later = closing_today.closes_at + datetime.timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        from django.core.cache import cache

        cache.clear()  # the cached page's hour would change too; the index alone is under test here
        html = client.get(BOARD).content.decode()

    assert "Open for weeks" in html
    assert "Closes tonight" not in html


@pytest.mark.postgres_only
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["close", "reword", "publish", "move to the top"]),
            st.integers(min_value=0, max_value=30),
            st.sampled_from(["Neuro neuro neuro rehab.", "Hand therapy clinic.", "School " * 5]),
        ),
        min_size=1,
        max_size=4,
    ),
    searched_between=st.booleans(),
)
def test_the_words_of_the_next_version_are_carried_forward_as_if_read_anew(varied_board, edits, searched_between):
    board_index.current(BoardVersion.current()).lexicon()
    for action, which, text in edits:
        postings = list(JobPosting.objects.open().newest_first())
        posting = postings[which % len(postings)]
        if action == "close":
            posting.close(JobPosting.CloseReason.FILLED)
        elif action == "reword":
            posting.description = text
            posting.save()
        elif action == "publish":
            PublishedPostingFactory(title="OT, neuro clinic", description=text)
        else:
            posting.published_at = timezone.now()
            posting.save()
        index = board_index.current(BoardVersion.current())
        if searched_between:
            index.lexicon()

    earlier = index._earlier or index.lexicon()
    read_anew = Lexicon.read(index.pks)
    carried = earlier.carried_to(index.pks, read_anew.stamps)

    assert carried is not None  # a few edits among forty postings: carried, not read anew
    assert carried.words == read_anew.words
    assert index.lexicon().words == read_anew.words


@pytest.mark.postgres_only
def test_the_first_search_after_an_edit_reads_only_the_changed_postings_words(varied_board, django_assert_num_queries):
    board_index.current(BoardVersion.current()).lexicon()
    posting = JobPosting.objects.open().newest_first()[5]
    posting.description = "Neuro rehab, neuro clinic."
    posting.save()
    index = board_index.current(BoardVersion.current())

    # The row versions of the open postings, then the words of the one changed.
    with django_assert_num_queries(2) as read:
        index.lexicon()

    assert f"unnest('{{{posting.pk}}}'" in read.captured_queries[1]["sql"]  # its id alone
    form = form_for({"q": "neuro"})
    assert as_the_index_has_it(form)[2] == [posting.pk]


@pytest.mark.postgres_only
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(
        st.sampled_from(
            ["rehab", "home", "school", "pediatric", "stroke", "or", "-home", "-rehab", '"stroke rehab"', "the", "OR"]
            + ["hand-therapy", "o'brien", "(", ")", '"', "-", "clinic", "visits", "nothing", "!", "&", "|", "<->"]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_index_finds_what_postgresql_s_search_finds_for_any_keywords(varied_board, words):
    keywords = " ".join(words)
    found = set(JobPosting.objects.open().search(keywords).values_list("pk", flat=True))

    _, total, ranked = as_the_index_has_it(form_for({"q": keywords}))

    assert set(ranked) == found and total == len(found)
