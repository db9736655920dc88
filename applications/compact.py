"""The OT Licensure Compact as data an admin keeps current: its member states and when privileges start.

A compact privilege lets an OT licensed in one member state (the home state) practice in another member
state. Until the commission issues privileges, a privilege entered on a profile counts for nothing.
"""

from django.db import models
from django.utils import timezone

from postings.states import US_STATES


class CompactMemberStateQuerySet(models.QuerySet):
    def issuing_on(self, day):
        """Member states whose compact privileges count on `day`."""
        return self.filter(privileges_from__isnull=False, privileges_from__lte=day)


class CompactMemberState(models.Model):
    """A state that enacted the OT Licensure Compact (source: the compact commission, otcompact.org)."""

    state = models.CharField(max_length=2, choices=US_STATES, unique=True)
    enacted_on = models.DateField(null=True, blank=True, help_text="When the state enacted the compact, if known.")
    privileges_from = models.DateField(
        "privileges count from",
        null=True,
        blank=True,
        help_text="The first day compact privileges are issued for practice in this state. Empty while the "
        "commission issues none (its September 2025 update: go-live date to be determined). Privileges a "
        "candidate enters count only from this day.",
    )

    objects = CompactMemberStateQuerySet.as_manager()

    class Meta:
        ordering = ["state"]
        verbose_name = "compact member state"

    def __str__(self):
        return f"{self.state} (OT Licensure Compact)"

    def issues_privileges_on(self, day=None):
        day = day or timezone.localdate()
        return self.privileges_from is not None and self.privileges_from <= day
