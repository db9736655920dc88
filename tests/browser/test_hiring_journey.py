"""Journey 2: a hiring manager reviews an applicant, as they would click through it."""

import pytest
from playwright.sync_api import expect

from applications.models import Application
from hiring.models import Scorecard

pytestmark = pytest.mark.browser


def test_manager_scores_an_applicant_and_moves_them_to_interview(
    page, sign_in, manager, posting, application, recruiter
):
    application.move_to(Application.Stage.SCREENING, by=recruiter, reason="Strong inpatient background")
    sign_in(manager)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Hiring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hiring workspace")
    page.get_by_role("link", name=posting.display_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(posting.display_title)
    page.get_by_role("link", name="Casey Candidate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casey Candidate")

    scorecard = page.locator("#scorecards")
    scorecard.get_by_label("Active state OT license").select_option(label="4 — above")
    scorecard.get_by_label("Yes", exact=True).check()
    scorecard.get_by_label("Comments").fill("Clear stroke-rehab examples; ready for a panel interview.")
    scorecard.get_by_role("button", name="Save scorecard").click()
    expect(page.get_by_role("status")).to_contain_text("Your scorecard is saved.")
    expect(scorecard.get_by_role("article", name="Scorecard by Morgan Manager")).to_contain_text(
        "Active state OT license: 4/5"
    )

    stage = page.locator("#move")
    stage.get_by_label("Move to").select_option(label="Interview")
    stage.get_by_label("Note for the stage history").fill("Scorecard agrees: invite to the panel")
    stage.get_by_label("Do not email the candidate").check()
    stage.get_by_role("button", name="Move").click()

    expect(page.get_by_role("status")).to_contain_text("Casey Candidate moved to Interview.")
    history = page.locator("#history")
    expect(history.get_by_role("listitem")).to_have_count(3)
    expect(history.get_by_role("listitem").nth(1)).to_contain_text("Strong inpatient background")
    expect(history.get_by_role("listitem").last).to_contain_text("From Screening by Morgan Manager")
    expect(history.get_by_role("listitem").last).to_contain_text("Scorecard agrees: invite to the panel")

    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW
    card = Scorecard.objects.get(application=application, reviewer=manager)
    assert card.recommendation == Scorecard.Recommendation.YES
    assert [rating.rating for rating in card.ratings.all()] == [4]
