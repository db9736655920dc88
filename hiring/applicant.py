"""The applicant page: one application with the candidate's credentials, answers, history, scorecards and notes."""

import dataclasses
import datetime
import operator

from django.db.models import CharField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import dateformat, timezone

from applications import screening
from applications.models import Answer, Application, CandidateProfile, StageChange, StateLicense
from roles.models import Requirement

from .forms import MoveForm, NoteForm, ScorecardForm
from .inline_rows import keep_as_prefetched, plain_rows, rows_from, rows_subquery
from .models import HiringEvent, Interview, InterviewScorecard, Note, Offer, Scorecard
from .resume import resume_view

Stage = Application.Stage
Check = Requirement.Check


def candidate_profile(user):
    """The candidate's profile, or None for someone who never filled one in."""
    try:
        return user.profile
    except CandidateProfile.DoesNotExist:
        return None


def _day(value):
    return dateformat.format(value, "M j, Y")


@dataclasses.dataclass
class CredentialCheck:
    label: str
    value: str
    problem: str = ""


def credential_checks(application, profile, today=None):
    """Each credential a reviewer checks, with what is wrong with it today (empty when fine).

    Read from the profile as it is now, through the same checks as the
    screening on submit (applications/screening.py); the application's flags
    keep what was true when the candidate applied.
    """
    today = today or timezone.localdate()
    if profile is None:
        return [CredentialCheck("Profile", "Not filled in", "No credentials on file")]
    posting = application.posting
    checks = []
    for kind, label in ((Check.LICENSE, "License to practice"), (Check.NBCOT, "NBCOT"), (Check.CPR_BLS, "CPR/BLS")):
        result = screening.check(kind, posting=posting, profile=profile, today=today)
        checks.append(CredentialCheck(label, result.reason, "" if result.is_met else result.outcome_label))
    for license in profile.licenses.all():
        kind = "compact privilege" if license.is_privilege else "license"
        checks.append(
            CredentialCheck(f"{license.state} OT {kind}", f"{license.number}, expires {_day(license.expires_on)}")
        )
    return checks


def requirement_rows(posting_requirements, answers):
    """(required, preferred): each requirement with the candidate's answer beside it (None if unanswered)."""
    by_requirement = {answer.requirement_id: answer for answer in answers}
    required, preferred = [], []
    for requirement in posting_requirements:
        row = (requirement, by_requirement.get(requirement.pk))
        (required if requirement.is_required else preferred).append(row)
    return required, preferred


@dataclasses.dataclass
class StagePeriod:
    stage: str
    label: str
    entered_at: datetime.datetime
    by: object
    reason: str
    from_label: str
    duration: datetime.timedelta | None

    @property
    def until(self):
        return self.entered_at + self.duration if self.duration is not None else None


def stage_periods(application, changes, now=None):
    """The history as periods: each stage with who moved it there, when, why and how long it stayed.

    Starts with the submission itself; the current stage's time runs until now
    while the application is open (a final stage has no duration).
    """
    now = now or timezone.now()
    periods = []
    entries = [(Stage.SUBMITTED, application.submitted_at, application.candidate, "", "")]
    entries += [
        (change.to_stage, change.at, change.by, change.reason, change.get_from_stage_display()) for change in changes
    ]
    for index, (stage, at, by, reason, from_label) in enumerate(entries):
        if index + 1 < len(entries):
            duration = entries[index + 1][1] - at
        else:
            duration = now - at if stage in Application.OPEN_STAGES else None
        periods.append(StagePeriod(stage, Stage(stage).label, at, by, reason, from_label, duration))
    return periods


def hired_at(changes):
    """When the application moved to hired (None until then); time to hire runs from submission to this."""
    return next((change.at for change in changes if change.to_stage == Stage.HIRED), None)


# The short lists the page shows beside the application, read with it (`with_page_lists`): the fields each shows.
LICENSE_FIELDS = ("id", "profile", "state", "kind", "number", "expires_on")
INTERVIEW_FIELDS = ("id", "application", "kind", "status", "starts_at", "created_at")
OFFER_FIELDS = ("id", "application", "status", "start_date", "pay_rate", "pay_unit", "created_at")


# What the interview list says of each scorecard: whose, its verdict, and whether the viewer may read it.
VERDICT_FIELDS = ("interview", "interviewer_name", "recommendation", "is_visible")


def _verdicts(user):
    """The interview scorecards as `user` may read them (`with_visibility`, the rule of independent feedback)."""
    name = Coalesce(NullIf("interviewer__full_name", Value("")), "interviewer__email", output_field=CharField())
    return InterviewScorecard.objects.with_visibility(user).annotate(interviewer_name=name)


def with_page_lists(applications, *, user):
    """Each application with the candidate's licenses, its interviews, their scorecards' verdicts as `user` may
    read them, and its offers, in the same query."""
    return applications.annotate(
        license_rows=rows_subquery(StateLicense.objects.all(), "profile__user", LICENSE_FIELDS, outer="candidate"),
        interview_rows=rows_subquery(Interview.objects.all(), "application", INTERVIEW_FIELDS),
        verdict_rows=rows_subquery(_verdicts(user), "interview__application", VERDICT_FIELDS),
        offer_rows=rows_subquery(Offer.objects.all(), "application", OFFER_FIELDS),
    )


def _with_verdicts(interviews, verdicts):
    """Each interview with `verdicts` [(interviewer, recommendation label, recommendation)] the viewer may read,
    by name, and `hidden_scorecards`, how many more are kept from them until they submit their own."""
    labels = dict(Scorecard.Recommendation.choices)
    by_interview = {interview.pk: interview for interview in interviews}
    for interview in interviews:
        interview.verdicts, interview.hidden_scorecards = [], 0
    for row in verdicts:
        interview = by_interview[row["interview"]]
        if row["is_visible"]:
            interview.verdicts.append((row["interviewer_name"], labels[row["recommendation"]], row["recommendation"]))
        else:
            interview.hidden_scorecards += 1
    for interview in interviews:
        interview.verdicts.sort()
    return interviews


def _page_lists(application, profile, user):
    """(licenses, interviews, offers), from `with_page_lists` when the application was read with it."""
    if not hasattr(application, "license_rows"):
        licenses = list(profile.licenses.all()) if profile is not None else []
        interviews = list(Interview.objects.filter(application=application).order_by("created_at", "pk"))
        verdicts = _verdicts(user).filter(interview__application=application).values(*VERDICT_FIELDS)
        return (
            licenses,
            _with_verdicts(interviews, verdicts),
            list(Offer.objects.filter(application=application).order_by("created_at", "pk")),
        )
    by_creation = operator.attrgetter("created_at", "pk")
    interviews = sorted(rows_from(Interview, application.interview_rows, INTERVIEW_FIELDS), key=by_creation)
    return (
        sorted(rows_from(StateLicense, application.license_rows, LICENSE_FIELDS), key=operator.attrgetter("state")),
        _with_verdicts(interviews, plain_rows(application.verdict_rows)),
        sorted(rows_from(Offer, application.offer_rows, OFFER_FIELDS), key=by_creation),
    )


def applicant_context(user, application, *, move_form=None, note_form=None, scorecard_form=None):
    """Everything templates/hiring/applicant.html shows, for `user` (who may review `application`).

    Forms given are shown as they came back (with their errors and what was
    typed); the others are shown empty.
    """
    profile = candidate_profile(application.candidate)
    licenses, interviews, offers = _page_lists(application, profile, user)
    if profile is not None:
        # Kept on the profile: the credential checks go through the licenses more than once.
        keep_as_prefetched(profile, "licenses", licenses)
    # Every requirement of a published posting is answered on applying, so the answers bring
    # the requirements along; a posting's requirements are read apart only for an unanswered one.
    answers = list(Answer.objects.filter(application=application).select_related("requirement"))
    requirements = [answer.requirement for answer in answers] or list(application.posting.requirements.all())
    required, preferred = requirement_rows(requirements, answers)
    changes = list(StageChange.objects.filter(application=application).select_related("by"))
    scorecards = _scorecards(application, requirements)
    my_scorecard = next((card for card in scorecards if card.reviewer_id == user.pk), None)
    can_move = bool(application.allowed_moves())
    return {
        "app": application,
        "posting": application.posting,
        "profile": profile,
        "credentials": credential_checks(application, profile),
        "required_rows": required,
        "preferred_rows": preferred,
        "history": stage_periods(application, changes),
        "hired_at": hired_at(changes),
        "notes": Note.objects.filter(application=application).select_related("author"),
        "note_form": note_form or NoteForm(),
        "scorecards": scorecards,
        "my_scorecard": my_scorecard,
        "scorecard_form": scorecard_form
        or ScorecardForm(requirements=[item for item, _ in required], scorecard=my_scorecard),
        "other_applications": Application.objects.reviewable_by(user)
        .filter(candidate=application.candidate)
        .exclude(pk=application.pk)
        .select_related("posting"),
        "move_form": (move_form or MoveForm(application=application)) if can_move else None,
        "interviews": interviews,
        "offers": offers,
        "hiring_events": HiringEvent.objects.filter(application=application).select_related("by"),
        "resume": resume_view(application.resume),
    }


def _scorecards(application, requirements):
    """Every reviewer's scorecard, oldest first, each with `rating_rows`: (requirement text, 1–5) in order."""
    scorecards = list(
        Scorecard.objects.filter(application=application)
        .select_related("reviewer")
        .with_ratings()
        .order_by("updated_at")
    )
    for card in scorecards:
        ratings = card.rating_by_requirement()
        card.rating_rows = [(item.text, ratings[item.pk]) for item in requirements if item.pk in ratings]
    return scorecards
