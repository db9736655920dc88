"""The hire gate: the one function that says whether an application may be hired (or sent an offer).

Every way to hire asks it: hiring.moves.move (the applicant page, bulk moves,
the API) and the offer sending. An administrator's override (HireOverride)
opens the gate whatever is missing; the record shows it in red.
"""

import copy
import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone

from applications.models import StageError
from applications.screening import assignment_period

from .credentials import required_credentials
from .models import HireOverride, HirePolicy, Reference, VerificationEntry, VerificationError


@dataclasses.dataclass
class CredentialStatus:
    """One required credential with its current entry and whether it passes the gate."""

    required: object  # credentials.Required
    entry: VerificationEntry | None
    problem: str  # empty when it passes


@dataclasses.dataclass
class Readiness:
    credentials: list
    valid_until: datetime.date
    valid_until_label: str
    references_required: int
    references_counting: int
    override: HireOverride | None

    @property
    def missing(self):
        """What stands between the application and a hire, one line each (ignoring any override)."""
        lines = [f"{status.required.label}: {status.problem}" for status in self.credentials if status.problem]
        if self.references_counting < self.references_required:
            lines.append(
                f"References: {self.references_counting} of {self.references_required} answered by a manager or "
                "supervisor within 24 months"
            )
        return lines

    @property
    def ready(self):
        return self.override is not None or not self.missing


def _policy(posting):
    return HirePolicy.objects.filter(posting=posting).first() or HirePolicy(posting=posting)


def _valid_until(posting, start_date, today):
    """The last day credentials must be valid on: the assignment's end (screening's period), else the start.

    `start_date`, an offer's, stands in for the posting's.
    """
    if start_date:
        posting = copy.copy(posting)
        posting.start_date = start_date
    period = assignment_period(posting, today)
    if period.weeks:
        return period.end, "the assignment end"
    return period.start, "the start date" if period.start > today else "today"


def _problem(entry, valid_until, valid_until_label):
    if entry is None:
        return "not verified yet"
    if not entry.is_verified:
        return f"the last check found {entry.get_result_display().lower()}"
    if not entry.valid_through(valid_until):
        return f"verified, but expires {entry.expires_on:%b %-d, %Y}, before {valid_until_label} ({valid_until:%b %-d, %Y})"
    return ""


def readiness(application, *, start_date=None, today=None, requirements=None, entries=None):
    """Each required credential against its current entry, the references and any override.

    `start_date`: an offer's start date when it has one (else the posting's).
    `entries`: the application's current VerificationEntries when already read.
    """
    today = today or timezone.localdate()
    posting = application.posting
    policy = _policy(posting)
    valid_until, label = _valid_until(posting, start_date, today)
    if entries is None:
        entries = list(
            VerificationEntry.objects.filter(application=application).current().select_related("verified_by")
        )
    statuses = []
    for required in required_credentials(application, requirements):
        # A license may be met by a license or a privilege entry: the one that passes wins, else the newest.
        candidates = sorted(
            (entry for entry in entries if required.satisfied_by(entry)), key=lambda e: e.verified_at, reverse=True
        )
        passing = [entry for entry in candidates if not _problem(entry, valid_until, label)]
        entry = (passing or candidates or [None])[0]
        statuses.append(CredentialStatus(required, entry, _problem(entry, valid_until, label)))
    counting = (
        Reference.objects.filter(candidate=application.candidate_id).counting_for_hire(today).count()
        if policy.references_required
        else 0
    )
    return Readiness(
        credentials=statuses,
        valid_until=valid_until,
        valid_until_label=label,
        references_required=policy.references_required,
        references_counting=counting,
        override=HireOverride.objects.filter(application=application).select_related("by").first(),
    )


def check_ready_to_hire(application, *, start_date=None):
    """Raise StageError (code `not_verified`) naming what is missing, unless the application may be hired."""
    state = readiness(application, start_date=start_date)
    if not state.ready:
        raise StageError(
            "Not hired yet: verify first. Missing: " + "; ".join(state.missing) + ".",
            code="not_verified",
        )


def record_override(application, *, by, reason):
    """An administrator lets the hire go ahead without what is missing; the reason is kept with the list."""
    if not by.is_superuser:
        raise VerificationError("Only administrators may override the hire checks.", code="not_admin")
    reason = reason.strip()
    if not reason:
        raise VerificationError("Give the reason for the override.", code="reason_required")
    with transaction.atomic():
        missing = readiness(application).missing
        if not missing:
            raise VerificationError(
                "Nothing is missing: this application may be hired as it is.", code="nothing_missing"
            )
        return HireOverride.objects.create(application=application, by=by, reason=reason, missing="\n".join(missing))
