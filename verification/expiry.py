"""Credential expiry monitoring: what expires in the next 90 days, and the daily 90-, 30- and 7-day notices.

Watched: the credentials on the profiles of people hired and of active
applicants (an application open or hired): each state license or compact
privilege, NBCOT and CPR/BLS. Both the recruiters' page and the daily job
read them with one UNION query, so they run a fixed number of queries
whatever the number of credentials.
"""

import dataclasses
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, CharField, F, Value, When
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from accounts.models import RECRUITERS_GROUP
from applications.emails import queue_emails
from applications.models import Application, OutgoingEmail
from applications.profiles import CandidateProfile, StateLicense
from postings.models import JobPosting

from .models import Credential, ExpiryNotice

THRESHOLDS = (7, 30, 90)  # days before expiry; each sends once per credential and expiry date
HORIZON = max(THRESHOLDS)
WATCHED_STAGES = (*Application.OPEN_STAGES, Application.Stage.HIRED)
KINDS = [(Credential.LICENSE, "State OT license"), (Credential.PRIVILEGE, "Compact privilege")] + [
    (kind, Credential(kind).label) for kind in (Credential.NBCOT, Credential.CPR_BLS)
]
COLUMNS = ("c_profile", "c_user", "c_name", "c_email", "c_kind", "c_state", "c_number", "c_expires")


@dataclasses.dataclass(frozen=True)
class Expiring:
    """One credential expiring soon, as the page, the CSV and the notices show it."""

    profile_id: int
    user_id: int
    name: str
    email: str
    credential: str
    state: str
    number: str
    expires_on: datetime.date

    @classmethod
    def from_row(cls, row):
        return cls(*row)

    @property
    def label(self):
        label = dict(KINDS)[self.credential]
        return f"{self.state} {label.replace('State ', '')}" if self.state else label

    def days_left(self, today):
        return (self.expires_on - today).days

    def threshold(self, today):
        """The notice due now: the smallest threshold the days left fall within."""
        return next(days for days in THRESHOLDS if self.days_left(today) <= days)

    @property
    def key(self):
        return (self.profile_id, self.credential, self.state, self.expires_on)


def _watched_candidates():
    return Application.objects.filter(stage__in=WATCHED_STAGES).values("candidate_id")


def expiring(today=None, *, state="", kind=""):
    """Every watched credential expiring from today through HORIZON days, soonest first: a values_list union.

    `state` keeps licenses and privileges of that state (NBCOT and CPR/BLS have none); `kind` one Credential.
    """
    today = today or timezone.localdate()
    window = (today, today + datetime.timedelta(days=HORIZON))
    watched = _watched_candidates()
    parts = []
    if kind in ("", Credential.LICENSE, Credential.PRIVILEGE):
        licenses = StateLicense.objects.filter(expires_on__range=window, profile__user__in=watched)
        if kind:
            licenses = licenses.filter(kind=StateLicense.Kind.PRIVILEGE if kind == Credential.PRIVILEGE else "license")
        if state:
            licenses = licenses.filter(state=state)
        parts.append(
            licenses.annotate(
                c_profile=F("profile_id"),
                c_user=F("profile__user_id"),
                c_name=F("profile__user__full_name"),
                c_email=F("profile__user__email"),
                c_kind=Case(
                    When(kind=StateLicense.Kind.PRIVILEGE, then=Value(Credential.PRIVILEGE.value)),
                    default=Value(Credential.LICENSE.value),
                    output_field=CharField(),
                ),
                c_state=F("state"),
                c_number=F("number"),
                c_expires=F("expires_on"),
            ).values_list(*COLUMNS)
        )
    if not state:
        for credential, number, expiry in (
            (Credential.NBCOT, F("nbcot_number"), "nbcot_expires_on"),
            (Credential.CPR_BLS, Value(""), "cpr_bls_expires_on"),
        ):
            if kind in ("", credential):
                parts.append(
                    CandidateProfile.objects.filter(**{f"{expiry}__range": window}, user__in=watched)
                    .annotate(
                        c_profile=F("pk"),
                        c_user=F("user_id"),
                        c_name=F("user__full_name"),
                        c_email=F("user__email"),
                        c_kind=Value(credential.value, output_field=CharField()),
                        c_state=Value("", output_field=CharField()),
                        c_number=number,
                        c_expires=F(expiry),
                    )
                    .values_list(*COLUMNS)
                )
    if not parts:
        return StateLicense.objects.none().values_list("pk")
    first, *rest = [part.order_by() for part in parts]
    return first.union(*rest, all=True).order_by("c_expires", "c_name", "c_kind")


# --- The daily notices ---------------------------------------------------------------------------------


def _team_addresses(user_ids):
    """Each candidate's hiring teams: the managers of the postings they applied to (open or hired), else recruiters.

    Three queries whatever the number of candidates.
    """
    applications = Application.objects.filter(stage__in=WATCHED_STAGES, candidate_id__in=user_ids)
    postings_of = {}
    for candidate_id, posting_id in applications.values_list("candidate_id", "posting_id"):
        postings_of.setdefault(candidate_id, set()).add(posting_id)
    managers = JobPosting.hiring_managers.through.objects.filter(
        jobposting__in=applications.values("posting_id"), user__is_active=True
    ).values_list("jobposting_id", "user__email")
    by_posting = {}
    for posting_id, email in managers:
        by_posting.setdefault(posting_id, set()).add(email)
    recruiters = sorted(
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=RECRUITERS_GROUP)
        .values_list("email", flat=True)
        .distinct()
    )
    teams = {}
    for candidate_id, posting_ids in postings_of.items():
        addresses = set()
        for posting_id in posting_ids:
            addresses |= by_posting.get(posting_id) or set(recruiters)
        teams[candidate_id] = sorted(addresses)
    return teams


def send_expiry_notices(today=None, *, list_url):
    """Store the notices due today and queue their emails, in one transaction; returns how many credentials.

    `list_url`: the hiring team's page of expiring credentials (the workspace's, named by its caller).

    Once per threshold: a credential already told at 30 days is not told at 30
    days again, and one first seen at 25 days left gets the 30-day notice only.
    The notices and the emails commit together, so a mail outage delays the
    emails (the outbox retries) and loses none; a second run at the same time
    fails on the constraint and stores nothing.
    """
    today = today or timezone.localdate()
    due = [Expiring.from_row(row) for row in expiring(today).iterator(chunk_size=2000)]
    if not due:
        return 0
    sent = set(
        ExpiryNotice.objects.filter(expires_on__gte=today).values_list(
            "profile_id", "credential", "state", "expires_on", "threshold"
        )
    )
    due = [item for item in due if (*item.key, item.threshold(today)) not in sent]
    if not due:
        return 0
    teams = _team_addresses({item.user_id for item in due})
    candidate_body = get_template("emails/credential_expiry_body.txt")
    team_body = get_template("emails/expiry_team_notice_body.txt")
    context = {
        "organization": settings.HIRING_ORGANIZATION["name"],
        "profile_url": settings.SITE_URL + reverse("applications:profile"),
        "list_url": list_url,
    }
    emails, notices = [], []
    for item in due:
        days, threshold = item.days_left(today), item.threshold(today)
        item_context = {**context, "item": item, "days": days, "name": item.name or item.email}
        when = f"in {days} day{'s' if days != 1 else ''}" if days else "today"
        emails.append(
            {
                "kind": OutgoingEmail.Kind.CREDENTIAL_EXPIRY,
                "to": [item.email],
                "subject": f"Your {item.label} expires {when}",
                "body": candidate_body.render(item_context),
            }
        )
        if teams.get(item.user_id):
            emails.append(
                {
                    "kind": OutgoingEmail.Kind.EXPIRY_TEAM_NOTICE,
                    "to": teams[item.user_id],
                    "subject": f"{item.name or item.email}: {item.label} expires {when}",
                    "body": team_body.render(item_context),
                }
            )
        notices.append(
            ExpiryNotice(
                profile_id=item.profile_id,
                credential=item.credential,
                state=item.state,
                expires_on=item.expires_on,
                threshold=threshold,
            )
        )
    with transaction.atomic():
        ExpiryNotice.objects.bulk_create(notices, batch_size=2000)
        queue_emails(emails)
    return len(notices)
