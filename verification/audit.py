"""The audit record of hires: every required credential with every verification entry, who did it and when.

What a surveyor asks for, for one hire or for all hires in a period: read with
a fixed number of queries (hires, their requirements, profiles with licenses,
entries, overrides) whatever the number of hires.
"""

import dataclasses
import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from applications.models import Application, StageChange
from applications.profiles import StateLicense

from . import paging
from .credentials import required_credentials
from .models import HireOverride, VerificationEntry

CSV_HEADER = [
    "Candidate",
    "Email",
    "Posting",
    "Reference",
    "Hired",
    "Credential",
    "Required",
    "Result",
    "Source",
    "Source's name",
    "Reference or confirmation number",
    "Credential number",
    "Issued",
    "Expires",
    "Verified by",
    "Verified at",
    "Current",
    "Evidence",
    "Notes",
]


@dataclasses.dataclass
class HireRecord:
    application: Application
    hired_at: datetime.datetime
    required: list  # credentials.Required
    entries: list  # every VerificationEntry, newest first
    overrides: list

    @property
    def superseded(self):
        return {entry.supersedes_id for entry in self.entries}

    def unverified(self):
        """Required credentials with no entry at all."""
        return [item for item in self.required if not any(item.satisfied_by(entry) for entry in self.entries)]


def hires(postings, *, application_id=None, start=None, end=None):
    """The hires among the applications to `postings` (those the person may review): one, or hired in [start, end].

    A StageChange queryset, newest first: each hired application's latest move to hired (an application hired,
    moved on and hired again counts once, at its last hire). It walks the history's (to_stage, at) index from the
    newest hire, so a page of the audit reads its 25 hires, not every hire sorted by a figure computed per row.
    """
    later_hire = StageChange.objects.filter(
        application=OuterRef("application"), to_stage=Application.Stage.HIRED, at__gt=OuterRef("at")
    )
    changes = (
        StageChange.objects.filter(
            to_stage=Application.Stage.HIRED,
            application__stage=Application.Stage.HIRED,
            application__posting__in=postings,
        )
        .filter(~Exists(later_hire))
        .select_related("application__candidate", "application__candidate__profile", "application__posting__location")
        .order_by("-at", "-application_id")
    )
    if application_id:
        changes = changes.filter(application_id=application_id)
    if start:
        changes = changes.filter(at__date__gte=start)
    if end:
        changes = changes.filter(at__date__lte=end)
    return changes


@dataclasses.dataclass
class HirePage:
    """A page of hires() read by position: its moves to hired and the positions of the pages either side."""

    changes: list
    newer: str = ""  # the `before` of the page of newer hires; "" on the first page
    older: str = ""  # the `after` of the page of older hires; "" on the last


def position_of(change):
    return f"{change.at.isoformat()}~{change.application_id}"


def _parse_position(text):
    """(hired at, application id) from a page link's position; None when it is not one (edited, truncated)."""
    try:
        moment, application_id = (text or "").split("~")
        position = (datetime.datetime.fromisoformat(moment), int(application_id))
    except ValueError:
        return None
    return position if timezone.is_aware(position[0]) else None


def hires_page(hire_changes, *, after="", before="", size):
    """The `size` hires of `hire_changes` (hires(), newest first) older than the position `after`, or newer than `before`.

    Read by position, not by OFFSET, so the last page of sixty thousand hires costs what the first does, and with
    no count of them all: one query of size + 1 moves (the one more says whether a page follows). An edited or
    truncated position reads as the first page.
    """
    backwards, position = paging.direction(after, before, _parse_position)
    if position:
        moment, application_id = position
        if backwards:
            beyond = Q(at__gte=moment) & (Q(at__gt=moment) | Q(application_id__gt=application_id))
        else:
            beyond = Q(at__lte=moment) & (Q(at__lt=moment) | Q(application_id__lt=application_id))
        hire_changes = hire_changes.filter(beyond)
    if backwards:
        hire_changes = hire_changes.reverse()
    changes, newer, older = paging.page_ends(
        list(hire_changes[: size + 1]), size, backwards=backwards, position=position, position_of=position_of
    )
    return HirePage(changes=changes, newer=newer, older=older)


def records(hire_changes):
    """A HireRecord per hire of `hires()` (the queryset, or a page of it), in its order."""
    hire_changes = list(hire_changes)
    applications = [change.application for change in hire_changes]
    prefetch_related_objects(
        applications,
        "posting__requirements",
        Prefetch("candidate__profile__licenses", queryset=StateLicense.objects.order_by("state")),
    )
    ids = [application.pk for application in applications]
    entries, overrides = {}, {}
    for entry in (
        VerificationEntry.objects.filter(application__in=ids)
        .select_related("verified_by")
        .order_by("-verified_at", "-pk")
    ):
        entries.setdefault(entry.application_id, []).append(entry)
    for override in HireOverride.objects.filter(application__in=ids).select_related("by"):
        overrides.setdefault(override.application_id, []).append(override)
    return [
        HireRecord(
            application=change.application,
            hired_at=change.at,
            required=required_credentials(change.application, list(change.application.posting.requirements.all())),
            entries=entries.get(change.application_id, []),
            overrides=overrides.get(change.application_id, []),
        )
        for change in hire_changes
    ]


def _day(value):
    return value.isoformat() if value else ""


def csv_rows(hire_records, *, safe, zone):
    """The header, then a row per entry, per required credential never checked and per override.

    `safe`: the workspace's csv_safe, applied to every text cell.
    """
    yield CSV_HEADER

    def moment(value):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    for record in hire_records:
        app = record.application
        head = [
            safe(app.candidate.get_full_name()),
            safe(app.candidate.email),
            safe(app.posting.display_title),
            app.posting.reference,
            moment(record.hired_at) if record.hired_at else "",
        ]
        required_keys = {(item.credential, item.state) for item in record.required}
        superseded = record.superseded
        for entry in record.entries:
            counted = (entry.credential, entry.state) in required_keys or (
                entry.credential == "privilege" and ("license", entry.state) in required_keys
            )
            yield [
                *head,
                safe(entry.credential_label),
                "yes" if counted else "no",
                entry.get_result_display(),
                entry.get_source_display(),
                safe(entry.source_name),
                safe(entry.reference_number),
                safe(entry.number),
                _day(entry.issued_on),
                _day(entry.expires_on),
                safe(entry.verified_by.get_full_name()),
                moment(entry.verified_at),
                "no" if entry.pk in superseded else "yes",
                "yes" if entry.evidence else "no",
                safe(entry.notes),
            ]
        for item in record.unverified():
            yield [*head, safe(item.label), "yes", "Not verified", "", "", "", "", "", "", "", "", "", "", ""]
        for override in record.overrides:
            yield [
                *head,
                "Override",
                "",
                "Hired by override",
                "",
                "",
                "",
                "",
                "",
                "",
                safe(override.by.get_full_name()),
                moment(override.at),
                "yes",
                "no",
                safe(f"{override.reason} (missing then: {'; '.join(override.missing_list)})"),
            ]
