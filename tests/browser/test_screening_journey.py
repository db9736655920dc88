"""A candidate sees what their profile meets before applying, and the phone apply form stays short."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application
from tests.browser.conftest import PHONE
from tests.factories import CandidateFactory, LocationFactory, PublishedPostingFactory

pytestmark = pytest.mark.browser

# The Entry-Level apply form at 390 px was 3,772 px tall before checked requirements left it (eleven yes/no
# questions, then resume, letter and consent); half of that is the ceiling.
FORM_HEIGHT_BEFORE = 3772


@pytest.fixture
def entry_posting(catalog):
    return PublishedPostingFactory(
        level=catalog["entry-level-ot"],
        title="OT, Pediatric Outpatient",
        location=LocationFactory(city="Houston", state="TX"),
        start_date=timezone.localdate() + datetime.timedelta(days=40),
        closes_on=None,
    )


def test_a_candidate_is_warned_of_a_license_expiring_before_the_start_and_may_still_apply(
    page, entry_posting, sign_in, resume_pdf
):
    expiry = entry_posting.start_date - datetime.timedelta(days=1)
    person = CandidateFactory(profile__licenses=[("TX", "OT-TX-55512", expiry)])
    sign_in(person)

    # Told on the posting's page first, before choosing to apply.
    page.goto(entry_posting.get_absolute_url())
    before = page.get_by_role("region", name="How your profile meets this opening")
    expect(before).to_contain_text("the day before this job starts: update it if it has been renewed")
    expect(before.get_by_role("link", name="Update your profile")).to_be_visible()
    page.get_by_role("link", name="Apply for this position").first.click()

    checks = page.get_by_role("region", name="Answered from your profile")
    expect(checks).to_contain_text("Your profile does not show every required item")
    expect(checks).to_contain_text("the day before this job starts: update it if it has been renewed")
    expect(checks).to_contain_text("Master’s degree in Occupational Therapy")
    # Checked items are not asked again.
    expect(page.get_by_role("group", name="Master’s degree in Occupational Therapy")).to_have_count(0)

    for answer in page.get_by_label("Yes", exact=True).all():
        answer.check()
    page.get_by_label("Resume file").set_input_files(resume_pdf)
    page.get_by_label("How did you hear about this opening?").select_option("job_board")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Submit application").click()

    expect(page.get_by_text("Your application is submitted")).to_be_visible()
    application = Application.objects.get(candidate=person)
    assert application.screening_band == Application.Band.KNOCKED_OUT
    assert application.flag_license_expires_before_start


def test_the_phone_apply_form_is_at_most_half_as_tall_as_before(page, entry_posting, sign_in):
    page.set_viewport_size(PHONE)
    sign_in(CandidateFactory())

    page.goto(f"/jobs/{entry_posting.pk}/apply/")

    height = page.evaluate("document.querySelector('form[method=post][enctype]').getBoundingClientRect().height")
    assert height <= FORM_HEIGHT_BEFORE / 2, f"{height:.0f} px"
