"""Interview kits in use: the scorecard an interviewer fills in for an interview, and who may read it.

The kit is the posting's copy of its level's (`PostingInterviewQuestion`, copied on publishing); a
scorecard rates each of its items 1–5 and gives an overall recommendation. Who sees whose scorecard is
`InterviewScorecard.objects.with_visibility` (the one place that rule is written).
"""

from django.db import transaction
from django.utils import timezone

from .interview_models import HiringEvent, Interview
from .interviews import InterviewError, local_label
from .models import InterviewScorecard


def kit_of(interview):
    """The posting's interview kit, in order."""
    return list(interview.application.posting.interview_kit.all())


def scorecards_for(interview, user):
    """The interview's scorecards, each with `is_visible` to `user` and `rating_rows` (focus, 1–5) in kit order."""
    kit = kit_of(interview)
    cards = list(
        InterviewScorecard.objects.filter(interview=interview)
        .with_visibility(user)
        .with_ratings()
        .select_related("interviewer")
    )
    for card in cards:
        ratings = card.rating_by_question()
        card.rating_rows = [(item, ratings[item.pk]) for item in kit if item.pk in ratings]
    return kit, cards


def check_may_score(interview, interviewer, now=None):
    """Refuse a scorecard from someone not on the panel, or before the interview has begun."""
    now = now or timezone.now()
    if not interview.panelists.filter(interviewer=interviewer).exists():
        raise InterviewError("Only the interviewers of this interview fill in its scorecard.", code="not_interviewer")
    if interview.status == Interview.Status.CANCELLED:
        raise InterviewError("This interview was cancelled: there is nothing to score.", code="cancelled")
    if not interview.is_scheduled:
        raise InterviewError("This interview has no time yet: score it once it is held.", code="not_held")
    if interview.starts_at > now:
        raise InterviewError(
            f"The interview begins {local_label(interview.starts_at, interview.zone)}: score it once it is held.",
            code="not_held",
        )


def submit_scorecard(interview, interviewer, *, recommendation, comments, ratings, now=None):
    """Create or update `interviewer`'s scorecard of `interview`; `ratings` maps kit question id to 1–5.

    The first submission goes into the application's history, without the verdict: the history is
    read by every reviewer, other interviewers among them.
    """
    check_may_score(interview, interviewer, now=now)
    with transaction.atomic():
        scorecard, created = InterviewScorecard.objects.save_for(
            interview, interviewer, recommendation=recommendation, comments=comments, ratings=ratings
        )
        if created:
            HiringEvent.record(
                interview.application,
                HiringEvent.Kind.SCORECARD,
                by=interviewer,
                text=f"{interviewer.get_full_name()}: {interview.get_kind_display()} "
                f"of {local_label(interview.starts_at, interview.zone)}",
            )
    return scorecard, created
