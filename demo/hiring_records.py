"""Interviews, offers and hires' verifications for the bulk applications, so the bench reads them in realistic numbers.

Every bulk application whose history moved it to interview gets a scheduled interview a few days after the
move, and every one moved to offer gets an offer sent that day: accepted when it was hired, declined (with one
of a few reasons) when it was rejected or withdrawn afterwards, still waiting otherwise. Written with bulk
inserts, the history untouched: the reports keep reading the stage changes as they were. Every bulk hire's
required credentials are verified active at the source the day before its hire, as the hire gate asks.
"""

import datetime
import random
from decimal import Decimal

from django.db.models import Max, Q

from applications.models import Application, StageChange
from demo.bulk import Rows
from demo.verification_demo import SOURCES
from hiring.models import Interview, Offer, OfferLetterTemplate
from verification.credentials import required_credentials
from verification.models import VerificationEntry

Stage = Application.Stage
DECLINE_REASONS = ["Accepted another offer", "Pay below what I need", "Start date too soon", "Relocating"]
BATCH = 5000
# Written with COPY on PostgreSQL (demo/bulk.py), bulk_create elsewhere.
ROWS = {model: Rows(model, ids=False) for model in (Interview, Offer, VerificationEntry)}


def bulk_interviews_and_offers(by, *, seed=2026):
    """Add them for every bulk application that has none yet; returns (interviews, offers) added."""
    rng = random.Random(seed)
    letter = OfferLetterTemplate.objects.get(name="Standard offer")
    moves = (
        StageChange.objects.filter(
            to_stage__in=[Stage.INTERVIEW, Stage.OFFER],
            application__candidate__email__endswith="@bulk.example.org",
            application__interviews__isnull=True,
            application__offers__isnull=True,
        )
        .order_by("application_id", "at")
        .values_list(
            "application_id",
            "to_stage",
            "at",
            "application__stage",
            "application__posting__salary_min",
            "application__posting__salary_unit",
            "application__posting__employment_type",
        )
    )
    interviews, offers, counts = [], [], [0, 0]
    seen = set()
    for application_id, to_stage, at, stage, pay, unit, employment_type in moves.iterator(chunk_size=BATCH):
        if (application_id, to_stage) in seen:
            continue  # re-opened and moved again: one interview, one offer
        seen.add((application_id, to_stage))
        if to_stage == Stage.INTERVIEW:
            starts_at = at + datetime.timedelta(days=rng.randrange(1, 6), hours=rng.randrange(0, 6))
            interviews.append(
                Interview(
                    application_id=application_id,
                    kind=rng.choice(Interview.Kind.values),
                    status=Interview.Status.SCHEDULED,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=45),
                    created_by=by,
                    created_at=at,
                )
            )
        else:
            status = {Stage.HIRED: Offer.Status.ACCEPTED, Stage.OFFER: Offer.Status.SENT}.get(
                stage, Offer.Status.DECLINED
            )
            offers.append(
                Offer(
                    application_id=application_id,
                    status=status,
                    start_date=(at + datetime.timedelta(days=30)).date(),
                    employment_type=employment_type,
                    pay_rate=pay or Decimal("80000"),
                    pay_unit=unit if pay else Offer.PayUnit.YEAR,
                    expires_on=(at + datetime.timedelta(days=7)).date(),
                    letter_template=letter,
                    sent_at=at,
                    answered_at=None if status == Offer.Status.SENT else at + datetime.timedelta(days=2),
                    decline_reason=rng.choice(DECLINE_REASONS) if status == Offer.Status.DECLINED else "",
                    created_by=by,
                    created_at=at,
                )
            )
        for rows, model, index in ((interviews, Interview, 0), (offers, Offer, 1)):
            if len(rows) >= BATCH:
                ROWS[model].write_instances(rows)
                counts[index] += len(rows)
                rows.clear()
    ROWS[Interview].write_instances(interviews)
    ROWS[Offer].write_instances(offers)
    return counts[0] + len(interviews), counts[1] + len(offers)


def bulk_hire_verifications(by):
    """A verified-active entry for each required credential of every bulk hire without one; returns how many."""
    hires = (
        Application.objects.filter(
            stage=Stage.HIRED, candidate__email__endswith="@bulk.example.org", verifications__isnull=True
        )
        .annotate(hired_at=Max("history__at", filter=Q(history__to_stage=Stage.HIRED)))
        .select_related("candidate__profile", "posting__location")
        .prefetch_related("posting__requirements", "candidate__profile__licenses")
        .order_by("pk")
    )
    rows, added = [], 0
    for application in hires.iterator(chunk_size=2000):
        day = (application.hired_at - datetime.timedelta(days=1)).date()
        for n, item in enumerate(required_credentials(application, list(application.posting.requirements.all()))):
            rows.append(
                VerificationEntry(
                    application=application,
                    credential=item.credential,
                    state=item.state,
                    number=item.number,
                    source=SOURCES[item.credential],
                    result=VerificationEntry.Result.VERIFIED,
                    reference_number=f"VER-{application.pk}-{n}",
                    expires_on=None if item.credential == "degree" else day + datetime.timedelta(days=500),
                    verified_by=by,
                    verified_at=application.hired_at - datetime.timedelta(days=1),
                )
            )
        if len(rows) >= BATCH:
            ROWS[VerificationEntry].write_instances(rows)
            added += len(rows)
            rows.clear()
    ROWS[VerificationEntry].write_instances(rows)
    return added + len(rows)
