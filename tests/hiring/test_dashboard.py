"""/manage/: the postings a person reviews, with applicants per stage, new ones and days open."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from hiring.models import PostingVisit
from tests.factories import ApplicationFactory, JobPostingFactory, PublishedPostingFactory
from tests.hiring.conftest import page_text
from tests.hiring.interview_helpers import in_days, propose

Stage = Application.Stage


def _dashboard(client):
    response = client.get(reverse("hiring:dashboard"))
    assert response.status_code == 200
    return response


def test_manager_sees_their_postings_with_applicants_per_stage(client, manager, posting, make_applicants):
    applicants = make_applicants(posting, 3)
    applicants[0].move_to(Stage.SCREENING, by=manager)
    applicants[1].move_to(Stage.REJECTED, by=manager, reason="Not a fit")
    client.force_login(manager)

    response = _dashboard(client)

    (row,) = response.context["postings"]
    assert row == posting
    assert row.stage_counts == {"submitted": 1, "screening": 1, "rejected": 1}
    assert row.total == 3
    assert row.open_count == 2
    page = page_text(response)
    assert posting.display_title in page
    assert reverse("hiring:pipeline", args=[posting.pk]) in page


def test_a_managers_count_leaves_out_postings_of_others(client, manager, posting, other_posting):
    extra = PublishedPostingFactory()
    extra.hiring_managers.add(manager)
    client.force_login(manager)

    response = _dashboard(client)

    assert response.context["page_obj"].paginator.count == 2
    assert set(response.context["postings"]) == {posting, extra}


def test_recruiter_sees_every_posting(client, recruiter, posting, other_posting):
    client.force_login(recruiter)

    assert set(_dashboard(client).context["postings"]) == {posting, other_posting}


def test_published_postings_come_first_then_closed_then_drafts(client, recruiter):
    draft = JobPostingFactory()
    closed = PublishedPostingFactory()
    closed.close("cancelled")
    old = PublishedPostingFactory(published=timezone.now() - datetime.timedelta(days=20))
    new = PublishedPostingFactory()
    client.force_login(recruiter)

    assert list(_dashboard(client).context["postings"]) == [new, old, closed, draft]


def test_pages_run_through_published_then_closed_then_drafts(client, recruiter, monkeypatch):
    monkeypatch.setattr("hiring.dashboard.PAGE_SIZE", 2)
    now = timezone.now()
    published = [PublishedPostingFactory(published=now - datetime.timedelta(days=days)) for days in (1, 2, 3)]
    closed = [PublishedPostingFactory(published=now - datetime.timedelta(days=days)) for days in (4, 5)]
    for posting in closed:
        posting.close("cancelled")
    drafts = [JobPostingFactory(), JobPostingFactory()]
    client.force_login(recruiter)

    pages = [
        list(client.get(reverse("hiring:dashboard"), {"page": number}).context["postings"]) for number in (1, 2, 3, 4)
    ]

    assert pages == [published[:2], [published[2], closed[0]], [closed[1], drafts[1]], [drafts[0]]]
    assert _dashboard(client).context["page_obj"].paginator.count == 7


def test_days_open_count_from_publishing(client, manager, posting):
    posting.published_at = timezone.now() - datetime.timedelta(days=12, hours=1)
    posting.save()
    client.force_login(manager)

    (row,) = _dashboard(client).context["postings"]

    assert row.days_open == 12


def test_new_applicants_are_counted_since_the_last_pipeline_visit(client, manager, posting, make_applicants):
    make_applicants(posting, 2)
    client.force_login(manager)
    (row,) = _dashboard(client).context["postings"]
    assert row.new_count == 2  # never opened: everyone is new

    client.get(reverse("hiring:pipeline", args=[posting.pk]))
    (row,) = _dashboard(client).context["postings"]
    assert row.new_count == 0

    seen = PostingVisit.objects.get(user=manager, posting=posting).seen_at
    ApplicationFactory(posting=posting, submitted_at=seen + datetime.timedelta(minutes=5))
    (row,) = _dashboard(client).context["postings"]
    assert row.new_count == 1
    assert "1 new" in page_text(_dashboard(client))


def test_one_reviewers_visit_does_not_clear_new_for_another(client, manager, recruiter, posting, make_applicants):
    make_applicants(posting, 2)
    client.force_login(recruiter)
    client.get(reverse("hiring:pipeline", args=[posting.pk]))

    client.force_login(manager)
    (row,) = _dashboard(client).context["postings"]

    assert row.new_count == 2


def test_a_manager_without_postings_is_told_how_to_get_some(client, other_manager, other_posting):
    other_posting.hiring_managers.clear()
    client.force_login(other_manager)

    assert "You are not assigned to any posting yet." in page_text(_dashboard(client))


@pytest.mark.parametrize("postings, per_posting", [(2, 1), (12, 4)])
@pytest.mark.parametrize("who", ["recruiter", "manager"])
def test_dashboard_runs_a_fixed_number_of_queries(
    db, client, request, who, postings, per_posting, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    for number in range(postings):
        posting = PublishedPostingFactory() if number % 3 else JobPostingFactory()
        if who == "manager":
            posting.hiring_managers.add(user)
        for index in range(per_posting):
            application = ApplicationFactory(posting=posting)
            if index % 2:
                application.move_to(Stage.SCREENING, by=user)
            if posting.status == "published":
                propose(application, user, [in_days(1 + index, hour=6 + number)])
    client.force_login(user)
    client.get(reverse("hiring:pipeline", args=[posting.pk]))

    # session, user with their reviewer groups, total, live and draft counts, the page (with last visits),
    # applicant counts, my upcoming interviews
    with django_assert_num_queries(7):
        response = client.get(reverse("hiring:dashboard"))
    # The manager fixture comes with the cast's posting.
    assert len(response.context["postings"]) == postings + (who == "manager")


def test_interviewers_see_their_upcoming_interviews_soonest_first(client, manager, posting, recruiter):
    later, sooner, not_mine = (ApplicationFactory(posting=posting) for _ in range(3))
    propose(later, manager, [in_days(5)])
    propose(sooner, manager, [in_days(2)])
    propose(not_mine, recruiter, [in_days(3)])
    client.force_login(manager)

    page = page_text(_dashboard(client))

    assert "Your upcoming interviews" in page
    assert page.index(sooner.candidate.get_full_name()) < page.index(later.candidate.get_full_name())
    assert not_mine.candidate.get_full_name() not in page
