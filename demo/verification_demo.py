"""Demo data for verification: hires fully verified, one discrepancy, references answered and pending, and
credentials expiring at each notice threshold (90, 30 and 7 days)."""

import datetime
import secrets

from django.db.models import Q

from applications.models import Application
from applications.profiles import StateLicense
from verification.credentials import required_credentials
from verification.models import Reference, Source, VerificationEntry

SOURCES = {
    "license": Source.STATE_BOARD,
    "privilege": Source.COMPACT,
    "nbcot": Source.NBCOT,
    "cpr_bls": Source.CARD_ISSUER,
    "degree": Source.SCHOOL,
}


def _verify(application, item, by, today, n, **fields):
    defaults = {
        "credential": item.credential,
        "state": item.state,
        "number": item.number,
        "source": SOURCES[item.credential],
        "source_name": f"{item.state} Board of Occupational Therapy" if item.credential == "license" else "",
        "result": VerificationEntry.Result.VERIFIED,
        "reference_number": f"VER-{today:%Y%m%d}-{n:04d}",
        "expires_on": None if item.credential == "degree" else today + datetime.timedelta(days=500),
    }
    return VerificationEntry.record(application, by=by, **(defaults | fields))


def seed_verification(manager, candidate, today, now):
    """Called by DemoBuilder.small_demo once the pipelines exist."""
    n = 0
    # Hires, and every offer sent: the gate let none go out before the credentials were verified.
    verified = Application.objects.filter(Q(stage=Application.Stage.HIRED) | Q(offers__sent_at__isnull=False))
    for application in verified.distinct().select_related("posting__location", "candidate__profile"):
        for item in required_credentials(application):
            n += 1
            _verify(application, item, manager, today, n)
    # An offer whose NBCOT check found a discrepancy: the hire waits for a newer check.
    offer = (
        Application.objects.filter(stage=Application.Stage.OFFER)
        .exclude(candidate=candidate)
        .exclude(offers__sent_at__isnull=False)
        .first()
    )
    if offer is not None:
        for item in required_credentials(offer):
            n += 1
            if item.credential == "nbcot":
                _verify(
                    offer,
                    item,
                    manager,
                    today,
                    n,
                    result=VerificationEntry.Result.DISCREPANCY,
                    expires_on=None,
                    notes="NBCOT shows the certification as inactive since last month; asked the candidate.",
                )
            else:
                _verify(offer, item, manager, today, n)
    Reference.objects.bulk_create(
        [
            Reference(
                candidate=candidate,
                name="Jordan Reyes",
                title="Director of Rehabilitation",
                organization="St. David's Medical Center",
                relationship="manager",
                email="jordan.reyes@example.org",
                requested_at=now,
                answered_at=now,
                answered_relationship="manager",
                worked_from=today - datetime.timedelta(days=1100),
                worked_until=today - datetime.timedelta(days=60),
                rating_clinical=5,
                rating_reliability=5,
                rating_teamwork=4,
                rating_communication=5,
                would_rehire="yes",
                comments="Casey's stroke-rehab evaluations were the most thorough on the team.",
            ),
            Reference(
                candidate=candidate,
                name="Sam Patel",
                title="Occupational Therapist",
                organization="St. David's Medical Center",
                relationship="peer",
                email="sam.patel@example.org",
                requested_at=now,
                answered_at=now,
                answered_relationship="peer",
                worked_from=today - datetime.timedelta(days=700),
                rating_clinical=4,
                rating_reliability=5,
                rating_teamwork=5,
                rating_communication=4,
                would_rehire="yes",
                comments="A generous colleague.",
            ),
            Reference(
                candidate=candidate,
                name="Alex Kim",
                title="Clinical Supervisor",
                organization="Ascension Seton",
                relationship="supervisor",
                email="alex.kim@example.org",
                requested_at=now,
                link_key=secrets.token_hex(16),
            ),
        ]
    )
    # Credentials of active applicants expiring at each threshold: licenses of states none of their applications is
    # in, so what screening stored when they applied stays true.
    posting_states = {}
    for user_id, state in Application.objects.values_list("candidate_id", "posting__location__state"):
        posting_states.setdefault(user_id, set()).add(state)
    active = Application.objects.filter(stage__in=Application.OPEN_STAGES).values("candidate_id")
    spare = [
        pk
        for pk, user_id, state in StateLicense.objects.filter(profile__user__in=active)
        .exclude(profile__user=candidate)
        .order_by("pk")
        .values_list("pk", "profile__user_id", "state")
        if state not in posting_states[user_id]
    ]
    for pk, days in zip(spare, (85, 28, 6)):
        StateLicense.objects.filter(pk=pk).update(expires_on=today + datetime.timedelta(days=days))
