"""Interview kits on scorecards: interviewers rate the posting's kit after the interview, each judging alone."""

import pytest
from django.urls import reverse

from hiring import interviews, kits
from hiring.interviews import InterviewError
from hiring.models import HiringEvent, InterviewRating, InterviewScorecard
from roles.models import InterviewQuestion
from tests.factories import HiringManagerFactory

from .conftest import page_text
from .interview_helpers import held, in_days, propose


@pytest.fixture
def kit(posting):
    """Two kit items on the posting's level, copied into the (already published) posting."""
    InterviewQuestion.objects.create(
        level=posting.level, focus="Treatment planning", question="Walk us through a plan you built.", position=1
    )
    InterviewQuestion.objects.create(
        level=posting.level, focus="Documentation", question="Talk through a SOAP note.", position=2
    )
    posting.copy_interview_kit()
    return list(posting.interview_kit.all())


@pytest.fixture
def colleague(posting):
    """A second hiring manager of `posting`, on the same panel as `manager`."""
    user = HiringManagerFactory(email="colleague@example.com", full_name="Cam Colleague")
    posting.hiring_managers.add(user)
    return user


@pytest.fixture
def interview(application, manager, colleague, kit):
    """A video interview of `application` given by `manager` and `colleague`, held two hours ago."""
    return held(propose(application, manager, [in_days(2)], interviewers=[manager, colleague]))


def scorecard_form(kit, *ratings, recommendation="yes", comments=""):
    data = {f"rating_{item.pk}": str(rating) for item, rating in zip(kit, ratings)}
    return {**data, "recommendation": recommendation, "comments": comments}


def submit(client, interview, data):
    return client.post(reverse("hiring:interview_scorecard", args=[interview.pk]), data)


def interview_page(client, interview):
    return page_text(client.get(reverse("hiring:interview", args=[interview.pk])))


def test_an_interviewer_rates_each_kit_item_and_recommends(client, manager, interview, kit):
    client.force_login(manager)
    page = interview_page(client, interview)
    assert "Treatment planning" in page and "Walk us through a plan you built." in page

    response = submit(client, interview, scorecard_form(kit, 4, 2, recommendation="strong_yes", comments="Clear."))

    assert response.status_code == 302 and response["Location"].endswith("#scorecards")
    card = InterviewScorecard.objects.get(interview=interview, interviewer=manager)
    assert (card.recommendation, card.comments) == ("strong_yes", "Clear.")
    assert {r.question.focus: r.rating for r in InterviewRating.objects.filter(scorecard=card)} == {
        "Treatment planning": 4,
        "Documentation": 2,
    }
    page = interview_page(client, interview)
    assert "Treatment planning: 4/5" in page and "Strong yes" in page


def test_submitting_again_updates_the_one_scorecard(client, manager, interview, kit):
    client.force_login(manager)
    submit(client, interview, scorecard_form(kit, 4, 2, recommendation="yes"))
    submit(client, interview, scorecard_form(kit, 5, 3, recommendation="strong_yes"))

    card = InterviewScorecard.objects.get()
    assert card.recommendation == "strong_yes"
    assert sorted(card.ratings.values_list("rating", flat=True)) == [3, 5]
    assert HiringEvent.objects.filter(kind=HiringEvent.Kind.SCORECARD).count() == 1


def test_the_history_says_a_scorecard_came_in_but_never_its_verdict(client, manager, interview, kit):
    client.force_login(manager)
    submit(client, interview, scorecard_form(kit, 1, 1, recommendation="strong_no", comments="Unprepared."))

    event = HiringEvent.objects.get(kind=HiringEvent.Kind.SCORECARD)
    assert event.by == manager and event.text.startswith("Morgan Manager: Video call of ")
    assert "no" not in event.text.lower().split() and "Unprepared" not in event.text


def test_a_missing_rating_is_named_and_what_was_typed_kept(client, manager, interview, kit):
    client.force_login(manager)
    response = submit(client, interview, scorecard_form(kit, 4, recommendation="no", comments="Keep me"))

    assert response.status_code == 400
    page = page_text(response)
    assert "Documentation</a>: Rate this item from 1 to 5." in page
    assert "Keep me" in page
    assert 'value="no" checked' in page or 'value="no"\n' in page or "checked" in page
    assert not InterviewScorecard.objects.exists()


def test_a_reviewer_not_on_the_panel_is_told_only_interviewers_score(client, recruiter, interview, kit):
    client.force_login(recruiter)
    assert "Only the interviewers of this interview fill in its scorecard." in interview_page(client, interview)

    response = submit(client, interview, scorecard_form(kit, 3, 3))

    assert response.status_code == 400
    assert "Only the interviewers" in page_text(response)
    assert not InterviewScorecard.objects.exists()


def test_an_outsider_gets_404(client, other_manager, interview, kit):
    client.force_login(other_manager)
    assert submit(client, interview, scorecard_form(kit, 3, 3)).status_code == 404


def test_no_scorecard_before_the_interview_begins_or_once_cancelled(application, manager, kit):
    upcoming = propose(application, manager, [in_days(2)])
    with pytest.raises(InterviewError) as error:
        kits.submit_scorecard(upcoming, manager, recommendation="yes", comments="", ratings={})
    assert error.value.code == "not_held"

    proposed = propose(application, manager, [in_days(3), in_days(4)])
    with pytest.raises(InterviewError) as error:
        kits.submit_scorecard(proposed, manager, recommendation="yes", comments="", ratings={})
    assert error.value.code == "not_held"

    interviews.cancel(upcoming, by=manager, reason="Position on hold")
    with pytest.raises(InterviewError) as error:
        kits.submit_scorecard(held(upcoming), manager, recommendation="yes", comments="", ratings={})
    assert error.value.code == "cancelled"
    assert not InterviewScorecard.objects.exists()


def test_the_kit_rated_is_the_postings_copy_from_publishing(client, manager, posting, interview, kit):
    InterviewQuestion.objects.filter(level=posting.level, focus="Documentation").update(focus="Reworded later")
    client.force_login(manager)

    page = interview_page(client, interview)

    assert "Documentation" in page and "Reworded later" not in page


# --- Independent feedback: scorecards hidden from the other interviewers until they submit theirs ---------


def _score(interview, who, kit, recommendation="strong_yes", comments="Ran the session well."):
    kits.submit_scorecard(
        interview,
        who,
        recommendation=recommendation,
        comments=comments,
        ratings={item.pk: 5 for item in kit},
    )


def test_other_interviewers_see_a_scorecard_only_once_they_have_submitted_theirs(
    client, manager, colleague, application, interview, kit
):
    _score(interview, manager, kit)
    client.force_login(colleague)

    page = interview_page(client, interview)
    assert "1 scorecard by other interviewers, shown once you have submitted yours" in page
    assert "Ran the session well." not in page and "recommendation-strong_yes" not in page
    applicant = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))
    assert "1 more once you submit yours" in applicant and "recommendation-strong_yes" not in applicant

    _score(interview, colleague, kit, recommendation="no", comments="Vague on goals.")

    page = interview_page(client, interview)
    assert "Ran the session well." in page and "recommendation-strong_yes" in page and "Vague on goals." in page
    assert "shown once you have submitted yours" not in page
    applicant = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))
    assert 'Cam Colleague <span class="badge recommendation-no">No</span>' in applicant
    assert 'Morgan Manager <span class="badge recommendation-strong_yes">Strong yes</span>' in applicant
    assert "once you submit yours" not in applicant


def test_the_one_who_submitted_first_sees_only_their_own_until_the_others_submit(
    client, manager, colleague, interview, kit
):
    _score(interview, manager, kit)
    client.force_login(manager)

    page = interview_page(client, interview)

    assert "Morgan Manager</strong> (you)" in page and "Cam Colleague</strong>" not in page


def test_reviewers_on_no_panel_of_the_application_see_every_scorecard(
    client, recruiter, application, interview, manager, kit
):
    _score(interview, manager, kit)
    propose(application, manager, [in_days(5)], interviewers=[manager])  # another interview, no scorecard yet
    client.force_login(recruiter)

    assert "Ran the session well." in interview_page(client, interview)
    applicant = page_text(client.get(reverse("hiring:applicant", args=[application.pk])))
    assert applicant.count("Scorecards:") == 1 and "Morgan Manager <span" in applicant


def test_an_interviewer_of_a_later_interview_of_the_applicant_waits_for_their_own(
    client, manager, colleague, application, interview, kit
):
    _score(interview, manager, kit)
    _score(interview, colleague, kit)
    final_round = propose(application, manager, [in_days(5)], interviewers=[manager], kind="on_site")
    second_opinion = HiringManagerFactory(full_name="Sam Second")
    application.posting.hiring_managers.add(second_opinion)
    final_round.panelists.create(interviewer=second_opinion)

    client.force_login(second_opinion)
    assert "2 scorecards by other interviewers" in interview_page(client, interview)

    interviews.cancel(final_round, by=manager, reason="Enough seen")
    assert "Ran the session well." in interview_page(client, interview)


def test_interview_page_runs_a_fixed_number_of_queries(
    client, application, manager, posting, kit, django_assert_num_queries
):
    def build(extra):
        panel = [manager] + [HiringManagerFactory() for _ in range(extra)]
        for person in panel[1:]:
            posting.hiring_managers.add(person)
        interview = held(propose(application, manager, [in_days(2 + extra)], interviewers=panel))
        for person in panel:
            _score(interview, person, kit)
        return interview

    small, large = build(1), build(5)
    client.force_login(manager)
    # session, user with groups, the interview with its application, posting and location, the kit, the scorecards
    # with their ratings and visibility, the panel check, the panelists, the slots, the slots still free
    for interview in (small, large):
        with django_assert_num_queries(9):
            client.get(reverse("hiring:interview", args=[interview.pk]))


def test_the_candidate_never_sees_a_scorecard_in_their_area_or_data_download(
    client, manager, candidate, application, interview, kit
):
    _score(interview, manager, kit, comments="Confident with transfers.")
    client.force_login(candidate)

    for name, args in (("application_detail", [application.pk]), ("application_list", []), ("data_export", [])):
        page = client.get(reverse(f"applications:{name}", args=args)).content.decode()
        assert "Confident with transfers." not in page and "strong_yes" not in page and "Strong yes" not in page
