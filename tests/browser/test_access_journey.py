"""Journey 4: people who follow a link to someone else's data see a 404 page, never the data."""

import pytest
from playwright.sync_api import expect

from tests.factories import ApplicationFactory

pytestmark = pytest.mark.browser


def expect_not_found(page, path):
    response = page.goto(path)
    assert response.status == 404, f"{path} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    return response


def test_manager_cannot_reach_another_managers_posting_or_applicant(page, sign_in, other_manager, posting, application):
    sign_in(other_manager)
    page.goto("/manage/")
    expect(page.get_by_role("link", name=posting.display_title)).to_have_count(0)

    for path in [
        f"/manage/postings/{posting.pk}/",
        f"/manage/applications/{application.pk}/",
        f"/manage/postings/{posting.pk}/applicants.csv",
    ]:
        body = expect_not_found(page, path).text()
        assert application.candidate.email not in body


def test_candidate_cannot_reach_the_manager_screens_or_another_candidates_resume(
    page, sign_in, candidate, other_candidate, posting, application
):
    others = ApplicationFactory(posting=posting, candidate=other_candidate)
    sign_in(candidate)
    expect(page.get_by_role("link", name="Hiring")).to_have_count(0)

    for path in [
        "/manage/",
        f"/manage/postings/{posting.pk}/",
        f"/manage/applications/{application.pk}/",
        f"/account/applications/{others.pk}/",
    ]:
        expect_not_found(page, path)
    body = expect_not_found(page, f"/resumes/applications/{others.pk}/").body()
    assert not body.startswith(b"%PDF")

    own = page.request.get(f"/resumes/applications/{application.pk}/")
    assert own.status == 200 and own.body().startswith(b"%PDF-"), "the candidate's own resume must still download"
