"""Pay-transparency laws as data: the places where a job posting must show its pay range.

Several states (and a few cities) require every posting for work there to
carry a good-faith pay range, each since its own date and for employers above
its own size. The rules live in `PayTransparencyRule` rows (seeded by migration
0018, kept current by admins); `JobPosting.publishing_problems()` refuses to
publish a posting located where one is in force without a shown range, and
`JobPosting.clean()` refuses hiding the range of a published one.

A posting shows a range when its pay is shown and both the minimum and the
maximum are given (the same figure twice for a fixed rate): that is what the
page, the board, the feeds and the JSON-LD `baseSalary` then all show.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import dateformat

from .states import STATE_NAMES, US_STATES


class PayTransparencyRuleQuerySet(models.QuerySet):
    def in_force(self, *, state, city="", on, employees=None):
        """Rules covering a place (`state`, and `city` for local laws) on `on`, for an employer of `employees`.

        With `employees` None (the employer's size is not configured) every rule
        counts, whatever size it starts at: refusing one posting too many is the
        safe mistake.
        """
        rules = self.filter(state=state, in_force_from__lte=on).filter(Q(city="") | Q(city__iexact=city.strip()))
        if employees is not None:
            rules = rules.filter(min_employees__lte=employees)
        return rules


class PayTransparencyRule(models.Model):
    """A law requiring a pay range in every job posting for work in a state, or a city within it."""

    state = models.CharField(max_length=2, choices=US_STATES)
    city = models.CharField(
        max_length=100,
        blank=True,
        help_text="Empty for a state-wide law. For a city's own law, the city's name as the posting's location "
        "writes it (compared ignoring case), e.g. New York.",
    )
    law = models.CharField(
        max_length=200,
        help_text="The law's name as an admin refused a publication reads it, e.g. Colorado Equal Pay for Equal Work Act.",
    )
    in_force_from = models.DateField(help_text="The first day postings must show a range.")
    min_employees = models.PositiveIntegerField(
        "employers with at least",
        default=1,
        help_text="Employees an employer must have for the law to cover it (1: every employer). Compared with "
        "ORGANIZATION_EMPLOYEES; when that is not set, every rule applies.",
    )
    source = models.URLField(blank=True, help_text="Where the rule was checked: the statute or an agency's guidance.")

    objects = PayTransparencyRuleQuerySet.as_manager()

    class Meta:
        ordering = ["state", "city", "in_force_from"]
        verbose_name = "pay-transparency rule"
        constraints = [
            models.UniqueConstraint(fields=["state", "city", "law"], name="one_pay_transparency_rule_per_place_and_law")
        ]

    def __str__(self):
        return f"{self.law} ({self.place})"

    @property
    def place(self):
        state = STATE_NAMES.get(self.state, self.state)
        return f"{self.city}, {self.state}" if self.city else state

    def refusal(self):
        """Why a posting here cannot go without a shown range, for the admin."""
        since = dateformat.format(self.in_force_from, "M j, Y")
        return (
            f"{self.place} requires a pay range in every job posting ({self.law}, since {since}): enter the "
            "salary minimum and maximum (the same figure twice for a fixed rate) and tick “Show salary”."
        )


def shows_pay_range(posting):
    return bool(posting.show_salary and posting.salary_min is not None and posting.salary_max is not None)


def rules_at(location, today):
    """The rules in force at `location` on `today`, for this employer's size (ORGANIZATION_EMPLOYEES)."""
    return PayTransparencyRule.objects.in_force(
        state=location.state,
        city=location.city,
        on=today,
        employees=settings.HIRING_ORGANIZATION.get("employees"),
    )


def missing_pay_range(posting, today):
    """The refusal of each rule in force at the posting's location that its pay, as set, does not satisfy."""
    if posting.location_id is None or shows_pay_range(posting):
        return []
    return [rule.refusal() for rule in rules_at(posting.location, today)]
