"""The interview pages: the hiring team books and moves interviews, the candidate picks from a signed link."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from hiring import interviews
from hiring.models import Interview
from tests.factories import ApplicationFactory

from .conftest import page_text
from .interview_helpers import in_days, propose


def typed(moment):
    """A time as the datetime-local input sends it, in the posting's zone (Austin: the site's zone)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def booking_form(manager, *times, **fields):
    data = {"kind": "video", "duration_minutes": "45", "interviewers": [manager.pk], "details": "Room 2"}
    data.update({f"time_{number}": typed(moment) for number, moment in enumerate(times, start=1)})
    data.update(fields)
    return data


def test_a_manager_books_a_fixed_time_from_the_applicant_page(client, manager, application):
    client.force_login(manager)
    assert "Book an interview" in page_text(client.get(reverse("hiring:applicant", args=[application.pk])))

    response = client.post(
        reverse("hiring:schedule_interview", args=[application.pk]), booking_form(manager, in_days(3))
    )

    interview = Interview.objects.get(application=application)
    assert response.status_code == 302 and response["Location"] == reverse("hiring:interview", args=[interview.pk])
    assert (interview.status, interview.starts_at, interview.details) == ("scheduled", in_days(3), "Room 2")
    page = page_text(client.get(response["Location"]))
    assert "Morgan Manager (you)" in page
    assert "10:00 AM CST" in page or "10:00 AM CDT" in page


def test_bad_input_keeps_what_was_typed_and_says_what_to_fix(client, manager, application):
    client.force_login(manager)
    past = timezone.now() - datetime.timedelta(days=1)

    response = client.post(
        reverse("hiring:schedule_interview", args=[application.pk]),
        booking_form(manager, past, details="Bring your badge"),
    )

    assert response.status_code == 400
    page = page_text(response)
    assert "is in the past" in page
    assert 'value="Bring your badge"' in page
    assert typed(past) in page
    assert not Interview.objects.exists()


def test_an_interviewer_must_be_someone_who_may_review_the_posting(client, manager, other_manager, application):
    client.force_login(manager)
    response = client.post(
        reverse("hiring:schedule_interview", args=[application.pk]),
        booking_form(manager, in_days(3), interviewers=[other_manager.pk]),
    )
    assert response.status_code == 400
    assert "Choose interviewers from the list." in page_text(response)


def test_the_manager_proposes_times_then_reschedules_and_cancels(client, manager, application):
    client.force_login(manager)
    client.post(
        reverse("hiring:schedule_interview", args=[application.pk]),
        booking_form(manager, in_days(3), in_days(4)),
    )
    interview = Interview.objects.get(application=application)
    assert interview.status == "proposed"

    client.post(reverse("hiring:reschedule_interview", args=[interview.pk]), {"time_1": typed(in_days(6))})
    interview.refresh_from_db()
    assert (interview.status, interview.starts_at) == ("scheduled", in_days(6))

    response = client.post(reverse("hiring:cancel_interview", args=[interview.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Give a reason for cancelling." in page_text(response)
    client.post(reverse("hiring:cancel_interview", args=[interview.pk]), {"reason": "Position on hold"})
    interview.refresh_from_db()
    assert (interview.status, interview.cancel_reason) == ("cancelled", "Position on hold")


def _link_path(interview):
    return urlsplit(interviews.candidate_link(interview)).path


def test_the_candidate_picks_a_time_from_the_link_in_their_email(client, manager, application, candidate):
    interview = propose(application, manager, [in_days(3), in_days(4)])
    client.force_login(candidate)
    path = _link_path(interview)
    page = page_text(client.get(path))
    assert "Pick a time" in page

    slot = interview.slots.get(starts_at=in_days(4))
    response = client.post(path, {"action": "pick", "slot": slot.pk})

    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.status, interview.starts_at) == ("scheduled", in_days(4))
    assert "Your interview is booked" in page_text(client.get(path))


def test_a_time_taken_meanwhile_is_refused_with_a_message_and_others_offered(
    client, manager, posting, application, candidate
):
    other = ApplicationFactory(posting=posting)
    interview = propose(application, manager, [in_days(3), in_days(4)])
    theirs = propose(other, manager, [in_days(3), in_days(5)])
    path = _link_path(interview)
    client.force_login(candidate)
    client.get(path)
    slot = interview.slots.get(starts_at=in_days(3))
    interviews.book(theirs, in_days(3), by=other.candidate, by_candidate=True)

    response = client.post(path, {"action": "pick", "slot": slot.pk})

    assert response.status_code == 400
    page = page_text(response)
    assert "someone else has just taken it" in page
    assert f'value="{interview.slots.get(starts_at=in_days(4)).pk}"' in page


def test_the_candidate_asks_for_other_times_or_cancels_with_a_reason(client, manager, application, candidate):
    interview = propose(application, manager, [in_days(3), in_days(4)])
    client.force_login(candidate)
    path = _link_path(interview)

    response = client.post(path, {"action": "other_times", "message": ""})
    assert response.status_code == 400 and "Say which days or times suit you." in page_text(response)
    client.post(path, {"action": "other_times", "message": "Any afternoon next week"})
    interview.refresh_from_db()
    assert (interview.status, interview.candidate_message) == ("other_times", "Any afternoon next week")

    client.post(path, {"action": "cancel", "reason": "I accepted another job"})
    interview.refresh_from_db()
    assert (interview.status, interview.cancel_reason) == ("cancelled", "I accepted another job")


@pytest.mark.parametrize("who", ["other_candidate", "manager"])
def test_the_link_works_only_for_the_candidate_of_the_application(client, request, application, manager, who):
    interview = propose(application, manager, [in_days(3), in_days(4)])
    client.force_login(request.getfixturevalue(who))
    assert client.get(_link_path(interview)).status_code == 404


def test_an_altered_or_expired_link_gets_404(client, manager, application, candidate, monkeypatch):
    interview = propose(application, manager, [in_days(3), in_days(4)])
    client.force_login(candidate)
    assert client.get(reverse("candidate:interview", args=["made-up"])).status_code == 404
    token = signing.dumps(interview.pk, salt=interviews.LINK_SALT)
    later = timezone.now() + datetime.timedelta(days=interviews.LINK_DAYS + 1)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    assert client.get(reverse("candidate:interview", args=[token])).status_code == 404


def test_the_interviewers_offered_are_the_postings_managers_the_recruiters_and_admins(
    posting, manager, other_manager, recruiter, admin_user, candidate
):
    from hiring.interview_forms import interviewer_choices
    from tests.factories import UserFactory

    gone = UserFactory(full_name="Gone Manager", is_staff=True, is_active=False)
    posting.hiring_managers.add(gone)

    offered = set(interviewer_choices(posting))

    assert offered == {manager, recruiter, admin_user}  # not another posting's manager, a candidate, nor the inactive
