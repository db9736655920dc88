"""Triage in a real browser: keyboard shortcuts on the applicant page, the resume in the page, bulk moves and undo,
saved views."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.browser

Stage = Application.Stage


@pytest.fixture
def three(posting):
    """Three applicants, newest first: Ada (newest), Ben, Cy (oldest).

    With Word resumes: Chromium's PDF viewer takes the keyboard focus when its frame loads, and keys then go to
    the viewer, not to the page (its own frame is tested below).
    """
    from django.core.files.base import ContentFile

    from tests.applications.apply_helpers import docx_bytes

    now = timezone.now()
    return [
        ApplicationFactory(
            posting=posting,
            candidate=CandidateFactory(full_name=name),
            submitted_at=now - datetime.timedelta(days=days),
            resume=ContentFile(docx_bytes(), name="resume.docx"),
            resume_name="resume.docx",
        )
        for days, name in ((1, "Ada Ames"), (2, "Ben Bell"), (3, "Cy Cole"))
    ]


def _on(page, name):
    """The applicant page of `name` is open, its script loaded (keys pressed earlier would go nowhere)."""
    # A move and its redirect can take seconds on a loaded CI machine: more than expect's default 5.
    expect(page.get_by_role("heading", level=1)).to_have_text(name, timeout=20_000)
    page.wait_for_load_state("load")


def _open_first_from_the_pipeline(page, posting):
    page.goto(f"/manage/postings/{posting.pk}/")
    page.get_by_role("link", name="Ada Ames").click()
    _on(page, "Ada Ames")


def test_j_and_k_walk_the_pipeline_and_question_mark_lists_the_shortcuts(page, sign_in, manager, posting, three):
    sign_in(manager)
    _open_first_from_the_pipeline(page, posting)

    page.keyboard.press("j")
    _on(page, "Ben Bell")
    page.keyboard.press("j")
    _on(page, "Cy Cole")
    expect(page.get_by_text("Last in the list")).to_be_visible()
    page.keyboard.press("k")
    _on(page, "Ben Bell")

    page.keyboard.press("?")
    help_list = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_list).to_be_visible()
    expect(help_list).to_contain_text("Next applicant in the list")
    page.keyboard.press("Escape")
    expect(help_list).to_be_hidden()


def test_shortcuts_never_fire_while_typing_in_a_field(page, sign_in, manager, posting, three):
    sign_in(manager)
    _open_first_from_the_pipeline(page, posting)

    note = page.get_by_label("Add an internal note")
    note.click()
    page.keyboard.type("just rejoin a call")  # j, r, a and k, typed as text

    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Ames")
    expect(note).to_have_value("just rejoin a call")
    expect(page.get_by_label("Move to")).not_to_have_value("rejected")


def test_r_rejects_with_a_reason_and_the_next_applicant_opens(page, sign_in, manager, posting, three):
    sign_in(manager)
    _open_first_from_the_pipeline(page, posting)

    page.keyboard.press("r")

    expect(page.get_by_label("Move to")).to_have_value("rejected")
    reason = page.get_by_label("Reason for the rejection")
    expect(reason).to_be_focused()
    reason.select_option(label="Not enough experience for the level")
    page.get_by_role("button", name="Move and open the next").click()

    _on(page, "Ben Bell")
    ada = Application.objects.get(candidate__full_name="Ada Ames")
    assert ada.stage == Stage.REJECTED
    assert ada.history.get().rejection.reason.slug == "experience"
    # Still in the pipeline's order: Ada, now rejected, is no longer in the open list, Ben is first.
    expect(page.get_by_text("First in the list")).to_be_visible()


def test_a_advances_to_the_next_stage_and_enter_moves(page, sign_in, manager, posting, three):
    sign_in(manager)
    _open_first_from_the_pipeline(page, posting)

    page.keyboard.press("a")
    expect(page.get_by_label("Move to")).to_have_value("screening")
    page.keyboard.press("Enter")

    _on(page, "Ben Bell")
    assert Application.objects.get(candidate__full_name="Ada Ames").stage == Stage.SCREENING


def test_a_pdf_resume_is_shown_in_the_page_with_the_download_kept(page, sign_in, manager, application):
    sign_in(manager)

    with page.expect_response(f"**/manage/applications/{application.pk}/resume/") as shown:
        page.goto(f"/manage/applications/{application.pk}/")
        page.locator("#resume").scroll_into_view_if_needed()

    assert shown.value.status == 200
    assert shown.value.headers["content-type"] == "application/pdf"
    assert shown.value.headers["content-disposition"].startswith("inline")
    frame = page.get_by_title("Resume of Casey Candidate (PDF)")
    expect(frame).to_be_visible()
    expect(page.get_by_role("link", name="Download the resume of Casey Candidate")).to_be_visible()


def test_a_word_resume_is_shown_as_its_text(page, sign_in, manager, posting):
    from django.core.files.base import ContentFile

    from tests.applications.apply_helpers import docx_bytes

    document = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b"<w:p><w:r><w:t>Dana Doe, OTR/L</w:t></w:r></w:p><w:p><w:r><w:t>Acute care, 6 years</w:t></w:r></w:p>"
        b"</w:body></w:document>"
    )
    application = ApplicationFactory(
        posting=posting, resume=ContentFile(docx_bytes(document), name="resume.docx"), resume_name="Dana.docx"
    )
    sign_in(manager)

    page.goto(f"/manage/applications/{application.pk}/")

    text = page.get_by_role("region", name="Text of the resume")
    expect(text).to_contain_text("Dana Doe, OTR/L")
    expect(text).to_contain_text("Acute care, 6 years")


def test_a_bulk_rejection_asks_first_then_says_it_in_one_line_and_undo_restores(page, sign_in, manager, posting, three):
    sign_in(manager)
    page.goto(f"/manage/postings/{posting.pk}/")
    page.wait_for_load_state("load")
    page.get_by_label("Select every applicant on this page").check()
    expect(page.get_by_role("button", name="Move 3 ticked")).to_be_visible()
    page.get_by_label("Move the ticked applicants to").select_option(label="Rejected")
    page.get_by_label("Reason for the rejection").select_option(label="Position filled")
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    page.get_by_role("button", name="Move 3 ticked").click()

    expect(page.get_by_text("3 moved to Rejected.")).to_be_visible()
    assert asked and asked[0].startswith("Move 3 applicants to Rejected?") and "Position filled" in asked[0]
    assert set(Application.objects.values_list("stage", flat=True)) == {Stage.REJECTED}

    page.get_by_role("button", name="Undo last bulk move").click()

    expect(
        page.get_by_text("Undone: 3 applicants put back where they were, 3 queued emails cancelled.")
    ).to_be_visible()
    assert set(Application.objects.values_list("stage", flat=True)) == {Stage.SUBMITTED}
    expect(page.get_by_role("link", name="Ada Ames")).to_be_visible()


def test_cancelling_the_confirmation_moves_nobody(page, sign_in, manager, posting, three):
    sign_in(manager)
    page.goto(f"/manage/postings/{posting.pk}/")
    page.wait_for_load_state("load")
    page.get_by_label("Select Ben Bell").check()
    page.once("dialog", lambda dialog: dialog.dismiss())

    page.get_by_role("button", name="Move 1 ticked").click()

    expect(page.get_by_role("button", name="Move 1 ticked")).to_be_visible()
    assert set(Application.objects.values_list("stage", flat=True)) == {Stage.SUBMITTED}


def test_a_reviewer_saves_the_filters_as_a_view_and_applies_it_later_in_one_click(
    page, sign_in, manager, posting, three
):
    from applications.models import StateLicense

    # Only Ben lacks a Texas license.
    StateLicense.objects.filter(profile__user=three[1].candidate).update(state="CO")
    sign_in(manager)
    page.goto(f"/manage/postings/{posting.pk}/")
    page.get_by_label("Current license in").select_option("TX")
    page.get_by_label("Experience").select_option("2")
    page.get_by_role("button", name="Apply", exact=True).click()
    page.get_by_text("Save the filters shown as a view").click()
    page.get_by_label("Name this view").fill("Texas, 2+ years")
    page.get_by_role("button", name="Save view").click()
    expect(page.get_by_text("Saved the view “Texas, 2+ years”.")).to_be_visible()

    page.goto(f"/manage/postings/{posting.pk}/")
    expect(page.get_by_role("link", name="Ben Bell")).to_be_visible()
    page.get_by_role("link", name="Texas, 2+ years").click()

    expect(page.get_by_role("link", name="Ben Bell")).to_have_count(0)
    expect(page.get_by_role("link", name="Ada Ames")).to_be_visible()
    expect(page.get_by_role("link", name="Texas, 2+ years")).to_have_attribute("aria-current", "true")
