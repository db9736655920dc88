"""A recruiter verifies a license at the state board, and a referee answers through their link."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import ReferenceFactory
from verification import references
from verification.models import Reference, VerificationEntry

pytestmark = pytest.mark.browser


def test_a_recruiter_records_a_license_check(page, sign_in, recruiter, application):
    sign_in(recruiter)
    page.goto(f"/manage/applications/{application.pk}/")
    page.get_by_role("link", name="Verify credentials").click()

    expect(page.get_by_role("heading", name="Before hire")).to_be_visible()
    page.get_by_label("Source's name").fill("Texas Board of OT Examiners")
    page.get_by_label("Reference or confirmation number").fill("TXB-88127")
    page.get_by_label("Expiry").fill((timezone.localdate() + datetime.timedelta(days=400)).isoformat())
    page.get_by_role("button", name="Record the check").click()

    expect(page.get_by_text("TX OT license: Verified active recorded.")).to_be_visible()
    entry = VerificationEntry.objects.get()
    assert (entry.verified_by, entry.reference_number, entry.state) == (recruiter, "TXB-88127", "TX")


def test_a_referee_answers_once_without_an_account(page, candidate):
    reference = ReferenceFactory(candidate=candidate, link_key="r" * 32)
    link = f"/references/{references.link_token(reference)}/"

    page.goto(link)
    page.get_by_label("How did you work with the candidate?").select_option("manager")
    page.get_by_label("Worked together from").fill("2023-02-01")
    for label in Reference.RATINGS.values():
        page.get_by_label(label).select_option("5")
    page.get_by_label("Would you hire or work with them again?").select_option("yes")
    page.get_by_label("Comments").fill("Excellent clinician.")
    page.get_by_role("button", name="Send the reference").click()

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    reference.refresh_from_db()
    assert reference.is_answered and reference.comments == "Excellent clinician."
