"""Journey 1: a new candidate finds an opening, signs up, applies with a PDF resume and withdraws."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application
from tests.factories import LocationFactory, PublishedPostingFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def board(catalog):
    """A Senior OT opening in Texas among openings at other levels and in other states."""
    PublishedPostingFactory(
        level=catalog["senior-ot"],
        title="Senior OT, Hand Therapy Clinic",
        location=LocationFactory(city="Denver", state="CO"),
    )
    PublishedPostingFactory(
        level=catalog["entry-level-ot"],
        title="OT, Pediatric Outpatient",
        location=LocationFactory(city="Houston", state="TX"),
    )
    return PublishedPostingFactory(
        level=catalog["senior-ot"],
        title="Senior OT, Stroke Rehabilitation",
        location=LocationFactory(city="Austin", state="TX"),
    )


def test_new_candidate_filters_signs_up_applies_and_withdraws(page, board, resume_pdf):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
    expect(page.get_by_role("heading", name="3 open positions")).to_be_visible()

    filters = page.get_by_role("search")
    filters.get_by_label("Career level").select_option("senior-ot")
    filters.get_by_label("State").select_option("TX")
    filters.get_by_role("button", name="Show jobs").click()

    expect(page.get_by_role("heading", name="1 open position")).to_be_visible()
    expect(page.get_by_role("link", name="OT, Pediatric Outpatient")).to_have_count(0)
    expect(page.get_by_role("link", name="Senior OT, Hand Therapy Clinic")).to_have_count(0)
    page.get_by_role("link", name="Senior OT, Stroke Rehabilitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior OT, Stroke Rehabilitation")

    page.get_by_role("link", name="Apply for this position").first.click()
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Full name").fill("Jamie Rivera")
    page.get_by_label("Email address").fill("jamie.rivera@example.com")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("Splint-fabrication-2026")
    page.get_by_label("Password again").fill("Splint-fabrication-2026")
    page.get_by_role("button", name="Create account").click()

    # Applying waits for the address to be confirmed: the link is in the one email sent so far.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address to apply")
    apply_url = page.url
    (confirmation,) = mail.outbox
    page.goto(re.search(r"(/account/verify-email/\S+/)", confirmation.body).group(1))  # the live server's address
    page.get_by_role("button", name="Confirm jamie.rivera@example.com").click()
    expect(page.get_by_role("status")).to_contain_text("is confirmed")
    page.goto(apply_url)

    expect(page.get_by_role("heading", level=1)).to_have_text("Apply: Senior OT, Stroke Rehabilitation")
    yes_answers = page.get_by_label("Yes", exact=True)
    # Only what the profile cannot answer is asked.
    assert yes_answers.count() == board.requirements.filter(check_kind="").count() < board.requirements.count()
    for answer in yes_answers.all():
        answer.check()
    page.get_by_label("Resume file").set_input_files(resume_pdf)
    page.get_by_text("Add a cover letter (optional)").click()
    page.get_by_label("Cover letter (optional)").fill("Eight years in inpatient stroke rehabilitation.")
    page.get_by_label("How did you hear about this opening?").select_option(label="This website")
    page.get_by_label("I agree that").check()
    page.get_by_role("button", name="Submit application").click()

    expect(page.get_by_role("status")).to_contain_text("Your application is submitted.")
    application = Application.objects.get(candidate__email="jamie.rivera@example.com")
    assert application.posting == board
    assert application.resume_name == resume_pdf.name
    assert application.resume.read().startswith(b"%PDF-")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My applications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My applications")
    page.get_by_role("link", name="Senior OT, Stroke Rehabilitation").click()
    page.get_by_role("link", name="Withdraw application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your application?")
    page.get_by_role("button", name="Yes, withdraw").click()

    expect(page.get_by_role("status")).to_contain_text(
        "You withdrew your application for Senior OT, Stroke Rehabilitation."
    )
    expect(page.get_by_role("link", name="Withdraw application")).to_have_count(0)
    application.refresh_from_db()
    assert application.stage == Application.Stage.WITHDRAWN
