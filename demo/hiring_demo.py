"""Demo data for interviews and offers: every state of each, on the demo manager's postings, so the loop from
booking to hire can be followed in the workspace and, for Casey, in the candidate's pages (`candidate_links`).

Rows are written directly, as the rest of the demo is: the services would email every step (with invites).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from applications.models import Application
from hiring import interviews, offers
from hiring.models import (
    HiringEvent,
    Interview,
    InterviewRating,
    InterviewScorecard,
    InterviewSlot,
    Offer,
    OfferLetterTemplate,
    Panelist,
)

Stage = Application.Stage
Kind = HiringEvent.Kind


def _at(posting, days, hour, now):
    """`hour`:00 local to the posting, `days` from today there."""
    zone = posting.zone
    day = timezone.localtime(now, zone).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def _interview(application, panel, *, status, kind="video", starts_at=None, slots=(), message="", reason=""):
    interview = Interview.objects.create(
        application=application,
        kind=kind,
        duration_minutes=45,
        details="Room 2, ask for the rehab office" if kind == "on_site" else "https://meet.example.org/ot-interview",
        status=status,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=45) if starts_at else None,
        sequence=1 if status == Interview.Status.CANCELLED and starts_at else 0,
        candidate_message=message,
        cancel_reason=reason,
        created_by=panel[0],
    )
    booked = status == Interview.Status.SCHEDULED
    Panelist.objects.bulk_create(
        Panelist(
            interview=interview,
            interviewer=person,
            starts_at=starts_at if booked else None,
            ends_at=interview.ends_at if booked else None,
        )
        for person in panel
    )
    InterviewSlot.objects.bulk_create(InterviewSlot(interview=interview, starts_at=moment) for moment in slots)
    if slots:
        HiringEvent.record(application, Kind.INTERVIEW_PROPOSED, by=panel[0], text=f"{len(slots)} times proposed")
    if starts_at:
        label = interviews.local_label(starts_at, application.posting.zone)
        HiringEvent.record(application, Kind.INTERVIEW_SCHEDULED, by=panel[0], text=label)
    if status == Interview.Status.OTHER_TIMES:
        HiringEvent.record(application, Kind.INTERVIEW_OTHER_TIMES, text=message)
    if status == Interview.Status.CANCELLED:
        HiringEvent.record(application, Kind.INTERVIEW_CANCELLED, by=panel[0], text=f"By {panel[0]}: {reason}")
    return interview


def _scorecard(interview, interviewer, recommendation, ratings, comments):
    card = InterviewScorecard.objects.create(
        interview=interview, interviewer=interviewer, recommendation=recommendation, comments=comments
    )
    kit = list(interview.application.posting.interview_kit.all())
    InterviewRating.objects.bulk_create(
        InterviewRating(scorecard=card, question=item, rating=rating) for item, rating in zip(kit, ratings)
    )
    label = interviews.local_label(interview.starts_at, interview.application.posting.zone)
    HiringEvent.record(
        interview.application,
        Kind.SCORECARD,
        by=interviewer,
        text=f"{interviewer.get_full_name()}: {interview.get_kind_display()} of {label}",
    )


def _pay(posting, where):
    """Pay in the posting's unit: the bottom (`low`) or top (`high`) of its range, or a tenth `above` it."""
    hourly = posting.salary_unit == posting.SalaryUnit.HOUR
    low = posting.salary_min or Decimal(42 if hourly else 85000)
    high = posting.salary_max or low
    return {"low": low, "high": high, "above": (high * Decimal("1.1")).quantize(Decimal(1))}[where]


def _offer(application, by, *, status, pay, today, now, decline_reason=""):
    """An offer as the services leave it in `status`: drafted, sent for approval, sent, then answered."""
    posting = application.posting
    offer = Offer(
        application=application,
        status=status,
        start_date=today + datetime.timedelta(days=30),
        employment_type=posting.employment_type,
        schedule=posting.schedule,
        pay_rate=_pay(posting, pay),
        pay_unit=posting.salary_unit,
        expires_on=today + datetime.timedelta(days=10),
        letter_template=OfferLetterTemplate.objects.order_by("pk").first(),
        created_by=by,
        created_at=now - datetime.timedelta(days=3),
        decline_reason=decline_reason,
    )
    reasons = offers.approval_reasons(offer)
    offer.needs_approval, offer.approval_reason = bool(reasons), "; ".join(reasons)
    if status not in (Offer.Status.DRAFT, Offer.Status.PENDING_APPROVAL):
        offer.letter, offer.sent_at = offers.render_letter(offer), now - datetime.timedelta(days=2)
    answered = status in (Offer.Status.ACCEPTED, Offer.Status.DECLINED)
    if answered:
        offer.answered_at = now - datetime.timedelta(days=1)
    if status == Offer.Status.ACCEPTED:
        offer.accepted_terms = offer.terms()
    offer.save()
    HiringEvent.record(application, Kind.OFFER_DRAFTED, by=by, text=offer.pay_label)
    if status == Offer.Status.PENDING_APPROVAL:
        HiringEvent.record(application, Kind.OFFER_SUBMITTED, by=by, text=offer.approval_reason)
    if offer.sent_at:
        HiringEvent.record(application, Kind.OFFER_SENT, by=by, text=offer.pay_label)
    if answered:
        kind = Kind.OFFER_ACCEPTED if status == Offer.Status.ACCEPTED else Kind.OFFER_DECLINED
        HiringEvent.record(application, kind, by=application.candidate, text=decline_reason or offer.pay_label)
    return offer


def seed_interviews_and_offers(manager, recruiter, candidate, today, now):
    """Called by DemoBuilder.small_demo once the pipelines exist (and before verification, which reads hires)."""
    mine = Application.objects.filter(posting__hiring_managers=manager).select_related("posting__location")
    by_stage = {}
    for application in mine.order_by("pk"):
        by_stage.setdefault(application.stage, []).append(application)
    casey = {app.stage: app for app in mine.filter(candidate=candidate)}
    others = {stage: [app for app in apps if app.candidate_id != candidate.pk] for stage, apps in by_stage.items()}
    panel = [manager, recruiter]
    strong = "Clear clinical reasoning; would trust them with a complex caseload."

    # Casey, at interview: three times proposed, to pick from the link (seed_demo prints it).
    posting = casey[Stage.INTERVIEW].posting
    _interview(
        casey[Stage.INTERVIEW],
        panel,
        status=Interview.Status.PROPOSED,
        slots=[_at(posting, days, hour, now) for days, hour in ((2, 10), (3, 14), (4, 9))],
    )
    # Casey, at offer: a phone screen and an on-site interview held, both scored; the offer sent.
    application = casey[Stage.OFFER]
    posting = application.posting
    screen = _interview(
        application, [manager], status=Interview.Status.SCHEDULED, kind="phone", starts_at=_at(posting, -6, 9, now)
    )
    _scorecard(screen, manager, "yes", [4, 4, 3, 4, 4], "Good phone presence; asked about the caseload.")
    on_site = _interview(
        application, panel, status=Interview.Status.SCHEDULED, kind="on_site", starts_at=_at(posting, -3, 13, now)
    )
    _scorecard(on_site, manager, "strong_yes", [5, 4, 5, 4, 5], strong)
    _scorecard(on_site, recruiter, "yes", [4, 4, 4, 4, 4], "Keen on the team; asked good questions about mentoring.")
    _offer(application, manager, status=Offer.Status.SENT, pay="low", today=today, now=now)

    # Other applicants of Morgan's postings, one state each.
    waiting, booked, *rest = others.get(Stage.INTERVIEW, []) + [None, None, None, None]
    if waiting is not None:
        # Held yesterday: the recruiter has scored it, Morgan not yet, so Morgan sees one scorecard kept back.
        held = _interview(
            waiting, panel, status=Interview.Status.SCHEDULED, starts_at=_at(waiting.posting, -1, 11, now)
        )
        _scorecard(held, recruiter, "no", [3, 2, 3, 2, 3], "Unsure about discharge planning.")
        _offer(waiting, manager, status=Offer.Status.DRAFT, pay="low", today=today, now=now)
    if booked is not None:
        _interview(booked, panel, status=Interview.Status.SCHEDULED, starts_at=_at(booked.posting, 2, 15, now))
    for application, status in zip(rest, (Interview.Status.OTHER_TIMES, Interview.Status.CANCELLED)):
        if application is None:
            continue
        if status == Interview.Status.OTHER_TIMES:
            slots = [_at(application.posting, days, 8, now) for days in (2, 3)]
            _interview(
                application, panel, status=status, slots=slots, message="Mornings are clinic days: any afternoon?"
            )
        else:
            _interview(
                application,
                [manager],
                status=status,
                starts_at=_at(application.posting, 1, 16, now),
                reason="The candidate took another job.",
            )

    at_offer = others.get(Stage.OFFER, [])
    if at_offer:
        # Above the posting's range: waits for the recruiter's approval.
        application = at_offer[0]
        _offer(application, manager, status=Offer.Status.PENDING_APPROVAL, pay="above", today=today, now=now)
    if len(at_offer) > 1:
        _offer(
            at_offer[1],
            manager,
            status=Offer.Status.DECLINED,
            pay="low",
            today=today,
            now=now,
            decline_reason="Accepted an offer closer to home.",
        )
    for application in others.get(Stage.HIRED, [])[:2]:
        posting = application.posting
        held = _interview(
            application, panel, status=Interview.Status.SCHEDULED, kind="on_site", starts_at=_at(posting, -9, 10, now)
        )
        _scorecard(held, manager, "strong_yes", [5, 5, 4, 5, 4], strong)
        _scorecard(held, recruiter, "strong_yes", [5, 4, 4, 5, 5], "Everyone on the unit wants them.")
        _offer(application, manager, status=Offer.Status.ACCEPTED, pay="low", today=today, now=now)


def candidate_links(candidate):
    """The signed links Casey would have had by email: the interview to pick a time for, the offer to answer."""
    links = []
    interview = Interview.objects.filter(application__candidate=candidate, status=Interview.Status.PROPOSED).first()
    if interview is not None:
        links.append(("pick an interview time", interviews.candidate_link(interview)))
    offer = Offer.objects.filter(application__candidate=candidate, status=Offer.Status.SENT).first()
    if offer is not None:
        links.append(("read and answer the offer", offers.candidate_link(offer)))
    return links
