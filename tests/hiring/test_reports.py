"""/manage/reports/: who sees which figures, the filters, the CSV, and a fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from hiring.reports import REPORTS
from tests.factories import HiringManagerFactory, LocationFactory, PublishedPostingFactory
from tests.hiring.conftest import page_text
from tests.hiring.reports_data import make_history, raw_reach

Stage = Application.Stage


def _report(client, slug="funnel", **params):
    return client.get(reverse("hiring:report", args=[slug]), params)


def _funnel_counts(response):
    (section,) = response.context["report"].sections
    return {row[0]: row[1] for row in section.table.rows}


def _labelled(counts):
    return {stage.label: n for stage, n in counts.items()}


def test_the_index_lists_every_report(client, recruiter):
    client.force_login(recruiter)

    page = page_text(client.get(reverse("hiring:reports")))

    for kind in REPORTS.values():
        assert reverse("hiring:report", args=[kind.slug]) in page


def test_an_unknown_report_is_404(client, recruiter):
    client.force_login(recruiter)

    assert client.get(reverse("hiring:report", args=["salaries"])).status_code == 404
    assert client.get(reverse("hiring:report_csv", args=["salaries"])).status_code == 404


def test_a_hiring_manager_counts_their_own_postings_only(client, manager, posting, other_posting, other_manager):
    mine = make_history([posting], manager, n=14)
    make_history([other_posting], other_manager, n=10, seed=3)
    client.force_login(manager)

    response = _report(client)

    assert _funnel_counts(response) == _labelled(raw_reach(mine))
    assert response.context["report"].figures[0].value == len(mine)


def test_a_manager_cannot_widen_the_report_by_naming_another_manager(
    client, manager, posting, other_manager, other_posting
):
    make_history([other_posting], other_manager, n=6)
    client.force_login(manager)

    response = _report(client, manager=other_manager.pk, posting=other_posting.reference)

    assert response.status_code == 200
    assert "manager" not in response.context["filters"].fields
    assert _funnel_counts(response)["Submitted"] == 0


def test_a_recruiter_counts_every_posting(client, recruiter, manager, posting, other_posting):
    kept = make_history([posting, other_posting], manager, n=30)
    client.force_login(recruiter)

    assert _funnel_counts(_report(client)) == _labelled(raw_reach(kept))


def test_filters_narrow_to_the_matching_postings(client, recruiter, manager, posting, other_posting):
    """posting is in Texas, other_posting in Colorado; each filter gives the raw counts of what it matches."""
    kept = make_history([posting, other_posting], manager, n=26)
    mine = [application for application in kept if application.posting_id == posting.pk]
    client.force_login(recruiter)

    assert _funnel_counts(_report(client, state="TX")) == _labelled(raw_reach(mine))
    assert _funnel_counts(_report(client, posting=posting.reference)) == _labelled(raw_reach(mine))
    assert _funnel_counts(_report(client, posting=str(posting.pk))) == _labelled(raw_reach(mine))
    assert _funnel_counts(_report(client, manager=manager.pk)) == _labelled(raw_reach(mine))
    assert _funnel_counts(_report(client, level=posting.level.slug)) == _labelled(raw_reach(mine))


def test_the_period_counts_applications_submitted_in_it(client, recruiter, manager, posting):
    kept = make_history([posting], manager, n=30)
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=50), today - datetime.timedelta(days=30)
    inside = [
        application
        for application in Application.objects.filter(pk__in=[a.pk for a in kept])
        if start <= timezone.localtime(application.submitted_at).date() <= end
    ]
    assert 0 < len(inside) < len(kept)
    client.force_login(recruiter)

    response = _report(client, start=start.isoformat(), end=end.isoformat())

    assert _funnel_counts(response) == _labelled(raw_reach(inside))


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start": "2026-13-01"}, "Enter a valid date."),
        ({"start": "2026-06-01", "end": "2026-05-01"}, "The period must start before it ends."),
        ({"end": "1900-01-01"}, "Choose a date between 2000 and 2100."),
        ({"posting": "job 12; DROP"}, "Type a posting&#x27;s reference, e.g. OT-000123."),
        ({"state": "XX"}, "Select a valid choice."),
        ({"level": "\x00"}, "Select a valid choice."),
    ],
)
def test_bad_filters_are_explained_and_kept(client, recruiter, params, message):
    client.force_login(recruiter)

    response = _report(client, **params)

    assert response.status_code == 400
    page = page_text(response)
    assert message in page
    assert response.context["report"] is None
    for name, value in params.items():  # what was typed is shown again, to correct
        assert response.context["filters"].data[name] == value


def test_the_csv_holds_the_tables_numbers(client, recruiter, manager, posting):
    kept = make_history([posting], manager, n=14)
    client.force_login(recruiter)

    response = client.get(reverse("hiring:report_csv", args=["funnel"]), {"state": "TX"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="report-funnel-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Filters" and "Texas" in rows[0][1]
    header = rows.index(["Stage", "Applicants", "Share of applicants (%)", "Passed to the next stage (%)"])
    counts = {row[0]: int(row[1]) for row in rows[header + 1 : header + 6]}
    assert counts == _labelled(raw_reach(kept))


def test_the_csv_with_bad_filters_goes_back_to_the_page(client, recruiter):
    client.force_login(recruiter)

    response = client.get(reverse("hiring:report_csv", args=["funnel"]), {"start": "soon"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("hiring:report", args=["funnel"]))


def test_the_page_shows_a_chart_and_the_table_of_the_same_numbers(client, recruiter, manager, posting):
    make_history([posting], manager, n=14)
    client.force_login(recruiter)

    page = page_text(_report(client))

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'role="img"' in page and "<title id=" in page
    assert "<table" in page
    assert "Download CSV" in page


@pytest.mark.parametrize("slug", sorted(REPORTS))
@pytest.mark.parametrize("size", [3, 15])
def test_each_report_runs_a_fixed_number_of_queries(
    client, recruiter, manager, posting, other_posting, slug, size, django_assert_num_queries
):
    for _ in range(size):
        HiringManagerFactory()
        PublishedPostingFactory(location=LocationFactory(state="NM", zip_code="87501"))
    make_history([posting, other_posting], manager, n=size)
    client.force_login(recruiter)
    _report(client, slug)

    # session, user with their groups; the filters' levels, settings and hiring managers; then the report's own
    with django_assert_num_queries(5 + REPORT_QUERIES[slug]):
        assert _report(client, slug).status_code == 200


REPORT_QUERIES = {
    "reasons": 3,
    "funnel": 1,
    "time-to-fill": 1,
    "time-in-stage": 4,  # over every posting: the day's tallies, then the stays at the percentiles' ranks
    "sources": 1,
    "credentials": 1,
    "openings": 1,
}


def test_the_hiring_manager_filter_lists_every_manager_escaped_with_the_chosen_one_selected(
    client, recruiter, manager, other_manager
):
    other_manager.full_name = "Dana <b>Lee</b>"
    other_manager.save()
    client.force_login(recruiter)

    page = page_text(_report(client, manager=manager.pk))

    assert f'<option value="{manager.pk}" selected>' in page
    assert f'<option value="{other_manager.pk}">Dana &lt;b&gt;Lee&lt;/b&gt;</option>' in page


def test_with_more_hiring_managers_than_a_list_holds_the_recruiter_types_a_name_or_an_email(
    client, recruiter, manager, posting, other_posting, monkeypatch
):
    monkeypatch.setattr("hiring.reports.filters.LISTED_MANAGERS", 0)  # any hiring manager is one too many
    kept = make_history([posting, other_posting], manager, n=12)
    mine = _labelled(raw_reach([application for application in kept if application.posting_id == posting.pk]))
    client.force_login(recruiter)

    page = page_text(_report(client))
    assert 'name="manager"' in page and "<option" not in page.split('name="manager"')[1].split(">")[0]

    for typed in ("  morgan   MANAGER ", manager.email.upper(), str(manager.pk)):  # name, address, a listed link's id
        response = _report(client, manager=typed)
        assert response.status_code == 200, (typed, response.context["filters"].errors)
        assert _funnel_counts(response) == mine
        assert "Morgan Manager" in response.context["filters"].described()


def test_a_typed_hiring_manager_who_is_nobody_or_several_people_is_asked_again_keeping_the_text(
    client, recruiter, manager, monkeypatch
):
    monkeypatch.setattr("hiring.reports.filters.LISTED_MANAGERS", 1)
    HiringManagerFactory(full_name="Morgan Manager", email="morgan.two@example.com")
    client.force_login(recruiter)

    unknown = _report(client, manager="Nobody <script>")
    several = _report(client, manager="Morgan Manager")
    for hostile in ("99999999999999999999", "²", "@", "a" * 254):
        assert "No hiring manager has this name" in page_text(_report(client, manager=hostile))

    assert unknown.status_code == several.status_code == 400
    assert "No hiring manager has this name or email address." in page_text(unknown)
    assert 'value="Nobody &lt;script&gt;"' in page_text(unknown)
    assert "type the email address of the one you mean" in page_text(several)
    assert _report(client, manager="morgan.two@example.com").status_code == 200
