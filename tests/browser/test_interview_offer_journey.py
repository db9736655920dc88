"""Journey: from interview to hire. A manager proposes times, the candidate picks one, the manager scores the
interview kit, drafts an offer that needs approval, the recruiter approves, the candidate accepts, and the
posting offers to close."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application
from hiring import interviews, offers
from hiring.models import Interview, InterviewScorecard, Offer
from postings.models import JobPosting
from roles.models import InterviewQuestion
from tests.factories import verify_for_hire
from tests.hiring.interview_helpers import held, in_days

pytestmark = pytest.mark.browser


def typed(moment):
    """A time as a datetime-local input takes it."""
    return moment.strftime("%Y-%m-%dT%H:%M")


class Sessions:
    """One browser, several people: each keeps their session when another takes the keyboard, so staff sign in
    once (an authenticator code works once, and the next one is a step away)."""

    def __init__(self, page, sign_in):
        self.page, self.sign_in, self.kept, self.current = page, sign_in, {}, None

    def switch_to(self, user):
        context = self.page.context
        if self.current is not None:
            self.kept[self.current] = context.cookies()
        context.clear_cookies()
        if user.pk in self.kept:
            context.add_cookies(self.kept[user.pk])
        else:
            self.sign_in(user)
        self.current = user.pk


def test_from_proposed_times_to_a_hire_and_the_posting_closed(
    page, sign_in, manager, recruiter, candidate, posting, application
):
    InterviewQuestion.objects.create(
        level=posting.level, focus="Treatment planning", question="Walk us through a plan you built.", position=1
    )
    InterviewQuestion.objects.create(level=posting.level, focus="Documentation", question="A SOAP note?", position=2)
    posting.copy_interview_kit()
    for stage in (Application.Stage.SCREENING, Application.Stage.INTERVIEW):
        application.move_to(stage, by=recruiter)
    verify_for_hire(application, by=recruiter)

    # The manager proposes two times from the applicant page.
    people = Sessions(page, sign_in)
    people.switch_to(manager)
    page.goto(f"/manage/applications/{application.pk}/")
    page.get_by_role("link", name="Book an interview with Casey Candidate").click()
    page.get_by_label("Kind").select_option(label="Video call")
    page.get_by_label("Morgan Manager").check()
    page.get_by_label("Details for the candidate").fill("https://meet.example.org/casey")
    page.get_by_label("Time 1 (the only one for a fixed time)").fill(typed(in_days(3, zone=posting.zone)))
    page.get_by_label("Time 2").fill(typed(in_days(4, hour=14, zone=posting.zone)))
    page.get_by_role("button", name="Book or propose").click()
    expect(page.get_by_role("status")).to_contain_text("Interview proposed to the candidate.")
    interview = Interview.objects.get(application=application)

    # The candidate opens the link of their email and picks the second time.
    people.switch_to(candidate)
    page.goto(urlsplit(interviews.candidate_link(interview)).path)
    page.get_by_role("radio").nth(1).check()
    page.get_by_role("button", name="Book this time").click()
    expect(page.get_by_role("status")).to_contain_text("Your interview is booked.")
    interview.refresh_from_db()
    assert interview.is_scheduled and interview.starts_at == in_days(4, hour=14, zone=posting.zone)

    # Once it is held, the manager rates the kit on the interview page.
    held(interview)
    people.switch_to(manager)
    page.goto(f"/manage/interviews/{interview.pk}/")
    kit = page.locator("#kit")
    expect(kit).to_contain_text("Walk us through a plan you built.")
    kit.get_by_label("Treatment planning").select_option(label="4 — above")
    kit.get_by_label("Documentation").select_option(label="5 — well above")
    kit.get_by_label("Strong yes").check()
    kit.get_by_label("Comments").fill("Clear goals, thorough notes.")
    kit.get_by_role("button", name="Submit your scorecard").click()
    expect(page.get_by_role("status")).to_contain_text("Your scorecard is submitted.")
    expect(page.locator("#scorecards").get_by_role("article", name="Scorecard by Morgan Manager")).to_contain_text(
        "Treatment planning: 4/5"
    )

    # An offer above the posting's range (78,000–92,000 a year) goes for approval.
    page.goto(f"/manage/applications/{application.pk}/")
    page.get_by_role("link", name="Draft an offer to Casey Candidate").click()
    page.get_by_label("Pay rate").fill("98000")
    open_until = timezone.localdate(timezone=posting.zone) + datetime.timedelta(days=7)
    page.get_by_label("Offer open until").fill(open_until.isoformat())
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("status")).to_contain_text("Offer drafted.")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_role("status")).to_contain_text("Sent for approval")
    offer = Offer.objects.get(application=application)

    people.switch_to(recruiter)
    page.goto(f"/manage/offers/{offer.pk}/")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Offer approved.")

    people.switch_to(manager)
    page.goto(f"/manage/offers/{offer.pk}/")
    page.get_by_role("button", name="Send the offer").click()
    expect(page.get_by_role("status")).to_contain_text("Offer sent to the candidate.")

    # The candidate accepts from the link of the offer's email.
    people.switch_to(candidate)
    page.goto(urlsplit(offers.candidate_link(offer)).path)
    expect(page.get_by_role("main")).to_contain_text("$98,000.00 per year")
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_role("status")).to_contain_text("You accepted the offer.")
    application.refresh_from_db()
    assert application.stage == Application.Stage.HIRED
    assert Offer.objects.get(pk=offer.pk).accepted_terms["pay"] == "$98,000.00 per year"

    # The one opening is filled: the pipeline offers to close the posting.
    people.switch_to(manager)
    page.goto(f"/manage/postings/{posting.pk}/")
    expect(page.get_by_role("heading", name="Every opening is filled")).to_be_visible()
    page.get_by_role("button", name="Close the posting as filled").click()
    posting.refresh_from_db()
    assert (posting.status, posting.close_reason) == (JobPosting.Status.CLOSED, "filled")
    assert InterviewScorecard.objects.get(interview=interview).recommendation == "strong_yes"
