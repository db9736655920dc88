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
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from accounts.models import RECRUITERS_GROUP
from applications.emails import BodyStamp, queue_emails
from applications.models import Application, OutgoingEmail
from applications.profiles import CandidateProfile, StateLicense

from . import paging
from .models import Credential, ExpiryNotice

THRESHOLDS = (7, 30, 90)  # days before expiry; each sends once per credential and expiry date
HORIZON = max(THRESHOLDS)
DIGEST_LINES = 50  # credentials listed in a team member's daily email; the list page holds them all
WATCHED_STAGES = (*Application.OPEN_STAGES, Application.Stage.HIRED)
KINDS = [(Credential.LICENSE, "State OT license"), (Credential.PRIVILEGE, "Compact privilege")] + [
    (kind, Credential(kind).label) for kind in (Credential.NBCOT, Credential.CPR_BLS)
]
COLUMNS = ("c_profile", "c_user", "c_name", "c_email", "c_kind", "c_state", "c_number", "c_expires")
# The list's order, soonest first, then by credential and person: each kind's query can follow its expiry index.
ORDER = ("c_expires", "c_kind", "c_state", "c_profile")
COUNTED = 1000  # the recruiters' page counts up to this many; past it, "more than 1,000"


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

    @property
    def order_key(self):
        """Its place in ORDER (soonest, then credential, state and person), as the page's queries sort it."""
        return (self.expires_on, self.credential, self.state, self.profile_id)


def _watched_candidates():
    return Application.objects.filter(stage__in=WATCHED_STAGES).values("candidate_id")


def _watched(today, state, kind):
    """(queryset, its columns) per kind of credential: the credentials watched and due, and how each column reads.

    The columns are expressions for annotate(): a count can leave them out, and with them the join to the users.
    """
    window = (today, today + datetime.timedelta(days=HORIZON))
    watched = _watched_candidates()
    parts = []
    if kind in ("", Credential.LICENSE, Credential.PRIVILEGE):
        licenses = StateLicense.objects.filter(expires_on__range=window, profile__user__in=watched)
        if kind:
            licenses = licenses.filter(kind=StateLicense.Kind.PRIVILEGE if kind == Credential.PRIVILEGE else "license")
        if state:
            licenses = licenses.filter(state=state)
        columns = {
            "c_profile": F("profile_id"),
            "c_user": F("profile__user_id"),
            "c_name": F("profile__user__full_name"),
            "c_email": F("profile__user__email"),
            "c_kind": Case(
                When(kind=StateLicense.Kind.PRIVILEGE, then=Value(Credential.PRIVILEGE.value)),
                default=Value(Credential.LICENSE.value),
                output_field=CharField(),
            ),
            "c_state": F("state"),
            "c_number": F("number"),
            "c_expires": F("expires_on"),
        }
        parts.append((licenses, columns))
    if not state:
        for credential, number, expiry in (
            (Credential.NBCOT, F("nbcot_number"), "nbcot_expires_on"),
            (Credential.CPR_BLS, Value(""), "cpr_bls_expires_on"),
        ):
            if kind in ("", credential):
                profiles = CandidateProfile.objects.filter(**{f"{expiry}__range": window}, user__in=watched)
                columns = {
                    "c_profile": F("pk"),
                    "c_user": F("user_id"),
                    "c_name": F("user__full_name"),
                    "c_email": F("user__email"),
                    "c_kind": Value(credential.value, output_field=CharField()),
                    "c_state": Value("", output_field=CharField()),
                    "c_number": number,
                    "c_expires": F(expiry),
                }
                parts.append((profiles, columns))
    return parts


def _parts(today, state, kind):
    """The querysets of the union, one per kind of credential (values_list of COLUMNS), unordered."""
    return [
        queryset.annotate(**columns).values_list(*COLUMNS).order_by()
        for queryset, columns in _watched(today, state, kind)
    ]


def _count(today, state, kind, *, up_to):
    """How many credentials expiring() holds, counting no further than `up_to`: one query per kind, joining no users.

    Each kind counts its first `up_to` in expiry order, so it walks its expiry index and stops there: counting
    40,000 credentials through their joins is what made the page slow. Always every kind, so the page runs
    the same queries whatever the numbers.
    """
    counts = [
        queryset.order_by(columns["c_expires"].asc()).values_list("pk")[:up_to].count()
        for queryset, columns in _watched(today, state, kind)
    ]
    return min(sum(counts), up_to)


def expiring(today=None, *, state="", kind=""):
    """Every watched credential expiring from today through HORIZON days, soonest first: a values_list union.

    `state` keeps licenses and privileges of that state (NBCOT and CPR/BLS have none); `kind` one Credential.
    """
    parts = _parts(today or timezone.localdate(), state, kind)
    if not parts:
        return StateLicense.objects.none().values_list("pk")
    first, *rest = parts
    return first.union(*rest, all=True).order_by(*ORDER)


@dataclasses.dataclass
class Page:
    """A page of expiring(), read by position: its items and the positions of the pages either side."""

    items: list  # of Expiring
    total: int  # how many credentials the list holds, up to COUNTED (more: COUNTED + 1)
    previous: str = ""  # the `before` of the page before this one; "" on the first page
    next: str = ""  # the `after` of the page after this one; "" on the last

    @property
    def total_is_exact(self):
        return self.total <= COUNTED


def position_of(item):
    return f"{item.expires_on:%Y-%m-%d}.{item.credential}.{item.state}.{item.profile_id}"


def _parse_position(text):
    """(expires, kind, state, profile) from a page link's position; None when it is not one (edited, truncated)."""
    try:
        day, kind, state, profile = (text or "").split(".")
        position = (datetime.date.fromisoformat(day), kind, state, int(profile))
    except ValueError:
        return None
    return position if kind in dict(KINDS) and len(state) <= 2 else None


def _beyond(position, direction):
    """Rows after (`gt`) or before (`lt`) a position in ORDER: the row-value comparison, spelt out for SQLite."""
    condition = Q()
    for index, (column, value) in enumerate(zip(ORDER, position)):
        condition |= Q(**dict(zip(ORDER[:index], position)), **{f"{column}__{direction}": value})
    # The first column's bound alone lets the expiry index start the scan there.
    return Q(**{f"c_expires__{direction}e": position[0]}) & condition


def expiring_page(today=None, *, state="", kind="", after="", before="", size=50):
    """The `size` credentials after the position `after` (or before `before`) in expiring()'s order.

    Read by position, not by OFFSET, so the last page costs what the first does; and not by sorting every
    credential: each kind's query walks its expiry index from the position and stops after size + 1 rows (the
    one more says whether a page follows). Two queries per kind of credential, its count (`_count`, which stops at
    COUNTED + 1) and its page, whatever the numbers.
    """
    today = today or timezone.localdate()
    parts = _parts(today, state, kind)
    if not parts:
        return Page(items=[], total=0)
    total = _count(today, state, kind, up_to=COUNTED + 1)
    backwards, position = paging.direction(after, before, _parse_position)
    order = [f"-{column}" for column in ORDER] if backwards else list(ORDER)
    rows = []
    for part in parts:
        if position:
            part = part.filter(_beyond(position, "lt" if backwards else "gt"))
        rows += part.order_by(*order)[: size + 1]
    items = sorted(map(Expiring.from_row, rows), key=lambda item: item.order_key, reverse=backwards)
    items, previous, following = paging.page_ends(
        items, size, backwards=backwards, position=position, position_of=position_of
    )
    return Page(items=items, total=total, previous=previous, next=following)


# --- The daily notices ---------------------------------------------------------------------------------


def _team_addresses(candidates):
    """Each candidate's hiring teams: the managers of the postings they applied to (open or hired), else recruiters.

    `candidates`: a subquery of user ids (a list of 30,000 would be sent, and parsed, twice). Two queries whatever
    the number of candidates: each application with its posting's managers (a posting with none active falls to
    the recruiters), and the recruiters.
    """
    rows = (
        Application.objects.filter(stage__in=WATCHED_STAGES, candidate_id__in=candidates)
        .values_list(
            "candidate_id", "posting_id", "posting__hiring_managers__email", "posting__hiring_managers__is_active"
        )
        .order_by()
    )
    managers, postings_of = {}, {}
    for candidate_id, posting_id, email, active in rows:
        postings_of.setdefault(candidate_id, set()).add(posting_id)
        addresses = managers.setdefault(posting_id, set())
        if email and active:
            addresses.add(email)
    recruiters = ()
    if any(not addresses for addresses in managers.values()):
        recruiters = set(
            get_user_model()
            .objects.filter(is_active=True, is_staff=True, groups__name=RECRUITERS_GROUP)
            .values_list("email", flat=True)
        )
    return {
        candidate_id: sorted(set().union(*(managers[posting_id] or recruiters for posting_id in posting_ids)))
        for candidate_id, posting_ids in postings_of.items()
    }


def _store_notices(today, moment):
    """Store today's notice of every watched credential not told at its threshold yet; the keys of those stored.

    One INSERT ... SELECT over the union of what expires, the threshold computed in SQL, skipping the notices
    stored before (the constraint's ON CONFLICT DO NOTHING). A second run at the same time waits on this
    one's rows and, once it commits, stores none of them (or all, if this one rolled back).
    """
    due_sql, due_params = expiring(today).order_by().query.sql_with_params()
    ops, meta = connection.ops, ExpiryNotice._meta
    key = ", ".join(
        ops.quote_name(meta.get_field(name).column) for name in ("profile", "credential", "state", "expires_on")
    )
    stamped = ", ".join(ops.quote_name(meta.get_field(name).column) for name in ("threshold", "sent_at"))
    # The smallest threshold the days left fall within (the window stops at the largest).
    threshold = " ".join(f"WHEN due.c_expires <= %s THEN {days}" for days in THRESHOLDS[:-1])
    limits = [ops.adapt_datefield_value(today + datetime.timedelta(days=days)) for days in THRESHOLDS[:-1]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ops.quote_name(meta.db_table)} ({key}, {stamped}) "
            f"SELECT due.c_profile, due.c_kind, due.c_state, due.c_expires, CASE {threshold} ELSE {HORIZON} END, %s "
            f"FROM ({due_sql}) AS due WHERE true "  # WHERE: SQLite's upsert after a SELECT needs one
            f"ON CONFLICT DO NOTHING RETURNING {key}",
            [*limits, ops.adapt_datetimefield_value(moment), *due_params],
        )
        stored = cursor.fetchall()
    # SQLite answers dates as text.
    return {
        (
            profile,
            credential,
            state,
            expires if isinstance(expires, datetime.date) else datetime.date.fromisoformat(expires),
        )
        for profile, credential, state, expires in stored
    }


def _when(days):
    return f"in {days} day{'s' if days != 1 else ''}" if days else "today"


def _emails(due, today, list_url, teams):
    """The candidate's email about each Expiring, and one digest per hiring team member, as queue_emails takes them.

    A recruiter behind a thousand applicants is told of their credentials in one email, soonest first (the
    first DIGEST_LINES of them, the rest on the list page), not in one email per credential.
    """
    context = {
        "organization": settings.HIRING_ORGANIZATION["name"],
        "profile_url": settings.SITE_URL + reverse("applications:profile"),
        "list_url": list_url,
    }
    candidate_body = BodyStamp("emails/credential_expiry_body.txt", **context)
    team_line = BodyStamp("emails/expiry_team_notice_line.txt")
    emails, digests = [], {}
    for item in due:
        days = item.days_left(today)
        fields = {"name": item.name or item.email, "email": item.email, "label": item.label, "number": item.number}
        emails.append(
            {
                "kind": OutgoingEmail.Kind.CREDENTIAL_EXPIRY,
                "to": [item.email],
                "subject": f"Your {item.label} expires {_when(days)}",
                "body": candidate_body.render(fields, expires_on=item.expires_on, days=days),
            }
        )
        for address in teams.get(item.user_id, ()):
            digest = digests.setdefault(address, {"first": (fields, days), "count": 0, "lines": []})
            digest["count"] += 1
            if digest["count"] <= DIGEST_LINES:
                digest["lines"].append(team_line.render(fields, expires_on=item.expires_on, days=days).rstrip("\n"))
    team_body = BodyStamp("emails/expiry_team_notice_body.txt", **context)
    for address, digest in sorted(digests.items()):
        (first, days), count = digest["first"], digest["count"]
        subject = f"{first['name']}: {first['label']} expires {_when(days)}"
        if count > 1:
            subject = f"{count} credentials expiring, the first {_when(days)}"
        lines = {"lines": "\n".join(digest["lines"]), "more": count - len(digest["lines"]), "name": first["name"]}
        emails.append(
            {
                "kind": OutgoingEmail.Kind.EXPIRY_TEAM_NOTICE,
                "to": [address],
                "subject": subject,
                "body": team_body.render(lines, several=count > 1),
            }
        )
    return emails


def send_expiry_notices(today=None, *, list_url):
    """Store the notices due today and queue their emails, in one transaction; returns how many credentials.

    `list_url`: the hiring team's page of expiring credentials (the workspace's, named by its caller).

    Once per threshold: a credential already told at 30 days is not told at 30
    days again, and one first seen at 25 days left gets the 30-day notice only.
    The notices and the emails commit together, so a mail outage delays the
    emails (the outbox retries) and loses none; a second run at the same time
    stores nothing and sends nothing. A fixed number of queries whatever the
    number of credentials: the insert of the notices, the union again for the
    details of those stored, the teams (three), the outbox's two, its task.
    """
    today, moment = today or timezone.localdate(), timezone.now()
    with transaction.atomic():
        stored = _store_notices(today, moment)
        if not stored:
            return 0
        # Read after the insert: a credential changed meanwhile (renewed, removed) is not told about its old date,
        # and its new date is watched afresh tomorrow.
        due = [item for item in map(Expiring.from_row, expiring(today)) if item.key in stored]
        # This run's notices: stored at its moment (another run's stay unseen until that run commits).
        told = ExpiryNotice.objects.filter(expires_on__gte=today, sent_at=moment)
        teams = _team_addresses(CandidateProfile.objects.filter(pk__in=told.values("profile_id")).values("user_id"))
        queue_emails(_emails(due, today, list_url, teams))
    return len(stored)
