"""CSV export of a posting's (filtered) applicant list."""

import csv
import io
import re

import pytest
from django.urls import reverse

from applications.models import Application
from tests.factories import ApplicationFactory, CandidateFactory


def _download(client, posting, **params):
    response = client.get(reverse("hiring:pipeline_csv", args=[posting.pk]), params)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def _rows(raw):
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_a_bom_and_lists_each_applicant(client, manager, posting):
    ApplicationFactory(
        posting=posting,
        candidate=CandidateFactory(full_name="José Núñez", email="jose@example.org"),
        match_score=88,
        knockouts=1,
        flag_cpr_expired=True,
        years_experience=6,
    )
    client.force_login(manager)

    response, raw = _download(client, posting)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{posting.reference}-applicants-')
    assert raw.startswith(b"\xef\xbb\xbf")
    header, row = _rows(raw)
    assert header[:5] == ["Name", "Email", "Phone", "Stage", "Match score"]
    record = dict(zip(header, row))
    assert record["Name"] == "José Núñez"
    assert record["Email"] == "jose@example.org"
    assert record["Stage"] == "Submitted"
    assert record["Match score"] == "88"
    assert record["Required items not met"] == "1"
    assert record["Flags"] == "Required item not met; CPR/BLS expired or expires too soon"
    assert record["Years of experience"] == "6"


@pytest.mark.parametrize(
    "typed, exported",
    [
        ('=HYPERLINK("http://evil.example","Click")', '\'=HYPERLINK("http://evil.example","Click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t'=1+1"),  # split on the tab, neither piece starts a formula
        ("\r=1+1", "'\r'=1+1"),
        ("Ordinary Name", "Ordinary Name"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(client, manager, posting, typed, exported):
    ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name=typed))
    client.force_login(manager)

    _, raw = _download(client, posting)

    assert _rows(raw)[1][0] == exported


def test_a_phone_number_starting_with_plus_is_kept_as_text(client, manager, posting):
    ApplicationFactory(posting=posting, candidate=CandidateFactory(profile__phone="+1 512 555 0100"))
    client.force_login(manager)

    _, raw = _download(client, posting)

    assert _rows(raw)[1][2] == "'+1 512 555 0100"


def test_csv_follows_the_pipelines_filters(client, manager, posting):
    keep = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Kept Applicant"))
    dropped = ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Dropped Applicant"))
    keep.move_to(Application.Stage.SCREENING, by=manager)
    client.force_login(manager)

    _, raw = _download(client, posting, stage="screening")

    names = [row[0] for row in _rows(raw)[1:]]
    assert names == ["Kept Applicant"]
    assert dropped.candidate.full_name not in raw.decode("utf-8-sig")


def test_csv_of_one_posting_never_holds_another_postings_applicants(client, recruiter, posting, other_posting):
    ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Here Applicant"))
    ApplicationFactory(posting=other_posting, candidate=CandidateFactory(full_name="There Applicant"))
    client.force_login(recruiter)

    _, raw = _download(client, posting)

    assert [row[0] for row in _rows(raw)[1:]] == ["Here Applicant"]


def test_csv_never_contains_internal_notes(client, manager, application):
    from hiring.models import Note

    Note.objects.create(application=application, author=manager, body="Internal: salary expectations too high")
    client.force_login(manager)

    _, raw = _download(client, application.posting)

    assert "salary expectations" not in raw.decode("utf-8-sig")


@pytest.mark.parametrize("size", [5, 100])
def test_csv_runs_a_fixed_number_of_queries(client, manager, posting, make_applicants, size, django_assert_num_queries):
    make_applicants(posting, size)
    client.force_login(manager)

    # session, user with their reviewer groups, posting, then the applicants in one query (chunks of 500)
    with django_assert_num_queries(4):
        _, raw = _download(client, posting, sort="score")
    assert len(_rows(raw)) == size + 1


@pytest.mark.parametrize(
    "typed",
    [
        'Casey;=HYPERLINK("http://evil.example","Click")',
        "Casey; =cmd|' /C calc'!A0",
        "Casey,+1+1",
        "Casey\t@SUM(A1:A9)",
        "Casey\n-2+3",
        "Casey|=1+1",
    ],
)
def test_no_cell_starts_a_formula_in_a_spreadsheet_that_splits_lines_on_another_separator(
    client, manager, posting, typed
):
    ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name=typed))
    client.force_login(manager)

    _, raw = _download(client, posting)

    text = raw.decode("utf-8-sig")
    for separator in (",", ";", "\t", "|", "\n"):
        for line in text.splitlines():
            for piece in line.split(separator):
                assert not piece.strip(' "').startswith(("=", "+", "@")), (separator, piece)
                assert not piece.strip(' "').startswith("-2"), (separator, piece)


def test_every_cell_is_quoted(client, manager, posting):
    ApplicationFactory(posting=posting, candidate=CandidateFactory(full_name="Casey Candidate"))
    client.force_login(manager)

    _, raw = _download(client, posting)

    row = raw.decode("utf-8-sig").splitlines()[1]
    assert re.fullmatch(r'"[^"]*"(,"[^"]*")*', row), row
