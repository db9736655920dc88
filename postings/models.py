import datetime
import functools
import zoneinfo

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import hiring_manager_choices
from roles.models import InterviewQuestion, Requirement, RoleLevel

from . import cards, geo, pay
from .board_version import BoardVersion as BoardVersion  # re-exported: its home is board_version.py
from .events import posting_closed, posting_published
from .pay_transparency import PayTransparencyRule as PayTransparencyRule  # re-exported: its home is pay_transparency.py
from .pay_transparency import missing_pay_range
from .querysets import JobPostingQuerySet, SearchDocument
from .states import STATE_NAMES, US_STATES


class PostingError(ValidationError):
    """A lifecycle change that the posting's current state does not allow."""


class CareSetting(models.Model):
    """Where the OT works: hospital, inpatient rehab, school, home health, ..."""

    name = models.CharField(max_length=80, unique=True, help_text="As candidates see it, e.g. Home health.")
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in job-board filter links; changing it breaks saved searches."
    )
    description = models.CharField(max_length=255, blank=True, help_text="One line on what work there is like.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in filters; lower comes first.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


zip_code_validator = RegexValidator(r"^\d{5}(-\d{4})?$", "Enter a US ZIP code: 5 digits, or ZIP+4 (12345-6789).")


_time_zones = functools.cache(zoneinfo.available_timezones)


def validate_time_zone(value):
    if value and value not in _time_zones():
        raise ValidationError(
            "“%(value)s” is not an IANA time zone name, such as America/Chicago.",
            code="time_zone",
            params={"value": value},
        )


_ZIP_NOT_LOADED = object()


def zone_named(name):
    """The ZoneInfo of `name`, or the site's zone (TIME_ZONE) for a location that has none."""
    return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)


def end_of_day(day, zone):
    """The first instant after `day` in `zone`: when a posting closing that day stops taking applications."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)


class Location(models.Model):
    """A facility where openings are, with its postal address."""

    facility_name = models.CharField(max_length=150, help_text="e.g. Riverbend Medical Center — Rehab Unit.")
    street = models.CharField(max_length=200, help_text="Street address, as on a letter.")
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, choices=US_STATES, help_text="Two-letter US state code.")
    zip_code = models.CharField("ZIP code", max_length=10, validators=[zip_code_validator])
    # Filled from the ZIP code (postings/geo.py) when the ZIP changes or they are empty; an admin may correct them.
    latitude = models.FloatField(
        null=True,
        blank=True,
        help_text="Filled from the ZIP code on saving. Correct it here if the facility is far from its ZIP code's centre.",
    )
    longitude = models.FloatField(null=True, blank=True, help_text="Filled from the ZIP code, like the latitude.")
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="IANA name, e.g. America/Chicago. Filled from the ZIP code; correct it for a facility on a time-zone line.",
    )

    class Meta:
        ordering = ["state", "city", "facility_name"]
        constraints = [
            models.UniqueConstraint(fields=["facility_name", "street", "zip_code"], name="unique_facility_address"),
        ]
        indexes = [
            # Distance search (JobPostingQuerySet.near()): the bounding box around the searched point.
            models.Index(fields=["latitude", "longitude"], name="location_coordinates_idx"),
        ]

    def __str__(self):
        return f"{self.facility_name}, {self.city}, {self.state}"

    def save(self, *args, **kwargs):
        self.fill_from_zip_code()
        super().save(*args, **kwargs)
        self._saved_zip_code = self.zip_code
        # Its postings close at the end of their closing day in this zone, which may just have changed.
        JobPosting.objects.filter(location=self, closes_on__isnull=False).refresh_closing_moments()
        # Postings search on their facility and city: keep their search text in step.
        JobPosting.objects.filter(location=self).update(
            updated_at=timezone.now(),
            search_text=Concat(
                F("title"),
                Value(f" {self.facility_name} {self.city} "),
                F("description"),
                output_field=models.TextField(),
            ),
        )

    @classmethod
    def from_db(cls, *args, **kwargs):
        location = super().from_db(*args, **kwargs)
        # What fill_from_zip_code() compares with; a location loaded without its ZIP code leaves it alone.
        location._saved_zip_code = location.__dict__.get("zip_code", _ZIP_NOT_LOADED)
        return location

    def fill_from_zip_code(self):
        """Coordinates and time zone from the ZIP code, when it changed or they are missing.

        A ZIP code unchanged since it was loaded keeps what an admin typed; a
        ZIP code the data does not know leaves the fields as they are.
        """
        saved = getattr(self, "_saved_zip_code", None)  # None: a new location
        changed = saved is not _ZIP_NOT_LOADED and saved != self.zip_code
        if not (changed or self.latitude is None or self.longitude is None or not self.time_zone):
            return
        place = geo.zip_place(self.zip_code)
        if place is None:
            return
        if changed or self.latitude is None or self.longitude is None:
            self.latitude, self.longitude = place.latitude, place.longitude
        if changed or not self.time_zone:
            self.time_zone = place.time_zone

    @property
    def zone(self):
        """The facility's time zone (ZoneInfo): its postings close and its interviews are shown in it."""
        return zone_named(self.time_zone)

    @property
    def city_state(self):
        return f"{self.city}, {self.state}"

    @property
    def state_name(self):
        return STATE_NAMES.get(self.state, self.state)


class JobPosting(models.Model):
    """An opening for one role level at one care setting and location."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"

    class CloseReason(models.TextChoices):
        FILLED = "filled", "Filled"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired"

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"
        PER_DIEM = "per_diem", "Per diem / PRN"
        CONTRACT = "contract", "Contract"
        TRAVEL = "travel", "Travel contract"
        TEMPORARY = "temporary", "Temporary"

    # schema.org JobPosting employmentType values Google reads.
    GOOGLE_EMPLOYMENT_TYPES = {
        EmploymentType.FULL_TIME: "FULL_TIME",
        EmploymentType.PART_TIME: "PART_TIME",
        EmploymentType.PER_DIEM: "PER_DIEM",
        EmploymentType.CONTRACT: "CONTRACTOR",
        EmploymentType.TRAVEL: "CONTRACTOR",
        EmploymentType.TEMPORARY: "TEMPORARY",
    }

    class WorkMode(models.TextChoices):
        ON_SITE = "on_site", "On site"
        HYBRID = "hybrid", "Hybrid"
        TELEHEALTH = "telehealth", "Telehealth (remote)"

    class SalaryUnit(models.TextChoices):
        HOUR = "hour", "per hour"
        YEAR = "year", "per year"

    # Labels by value, read directly where many postings are written out (cards, feeds).
    EMPLOYMENT_TYPE_LABELS = dict(EmploymentType.choices)
    WORK_MODE_LABELS = dict(WorkMode.choices)
    SALARY_UNIT_LABELS = dict(SalaryUnit.choices)

    level = models.ForeignKey(
        RoleLevel, on_delete=models.PROTECT, related_name="postings", help_text="The career level this opening is for."
    )
    title = models.CharField(
        max_length=150,
        blank=True,
        help_text="Leave empty to use the level's title, e.g. Senior Occupational Therapist.",
    )
    slug = models.SlugField(max_length=160, blank=True, editable=False)
    setting = models.ForeignKey(CareSetting, on_delete=models.PROTECT, related_name="postings")
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="postings",
        null=True,
        blank=True,
        help_text="Required before publishing.",
    )
    employment_type = models.CharField(max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME)
    work_mode = models.CharField(
        "how the work is done",
        max_length=12,
        choices=WorkMode.choices,
        default=WorkMode.ON_SITE,
        help_text="Telehealth: fully remote, with patients in the location's state (where the license is needed); "
        "Google then lists it as a remote job. Hybrid: partly on site, partly remote.",
    )
    schedule = models.CharField(
        max_length=150, blank=True, help_text="Days and shifts, e.g. Mon–Fri, 8:00–4:30, every third weekend."
    )
    salary_min = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    salary_unit = models.CharField(max_length=4, choices=SalaryUnit.choices, default=SalaryUnit.YEAR)
    show_salary = models.BooleanField(
        default=True, help_text="Untick to keep the range internal; candidates then see no pay figure."
    )
    openings = models.PositiveSmallIntegerField(default=1, help_text="How many people this posting hires.")
    start_date = models.DateField(
        null=True, blank=True, help_text="Expected first day; empty for 'as soon as possible'."
    )
    assignment_weeks = models.PositiveSmallIntegerField(
        "assignment length (weeks)",
        null=True,
        blank=True,
        help_text="How long the assignment runs, e.g. 13 for a travel contract; empty for a permanent role. "
        "Licenses and certifications must stay valid through the start date plus this length.",
    )
    description = models.TextField(help_text="About this opening: the team, the caseload, what makes it attractive.")
    hiring_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_postings",
        blank=True,
        # The admin's autocomplete offers these people only, so nobody else can be picked by a slip.
        limit_choices_to=hiring_manager_choices,
        help_text="Staff who review this posting's applicants. They see no other posting.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    close_reason = models.CharField(max_length=10, choices=CloseReason.choices, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    closes_on = models.DateField(
        "closing date", null=True, blank=True, help_text="Last day applications are taken; empty for no set date."
    )
    # The end of the closing day in the location's time zone (set on save from closes_on): the board, the
    # feeds, the JSON-LD and the expiry job all compare this instant, so a Honolulu posting stays open
    # until midnight in Honolulu.
    closes_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Title, facility, city and description in one column, for keyword search.
    search_text = models.TextField(blank=True, editable=False)
    # search_text parsed once, when it changes (PostgreSQL; NULL on SQLite): ranking reads it, and
    # the partial GIN index of migration 0005 (published postings only) is built on it.
    search_document = models.GeneratedField(
        expression=SearchDocument("search_text", config="english"),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # The board: open postings newest first (status + published_at).
            models.Index(fields=["status", "-published_at"], name="posting_board_idx"),
            # Closing check on the board and the expiry command.
            models.Index(fields=["status", "closes_at"], name="posting_status_closing_idx"),
            # The board's index (postings/board_index.py) reads every open posting's facet columns and sort keys
            # newest first: all of them here, so PostgreSQL reads this index alone, not a table page per posting.
            # Key columns after the unique id order nothing; they are keys, not INCLUDE, as SQLite has no INCLUDE.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                *(
                    F(column)
                    for column in (
                        "closes_at",
                        "level",
                        "setting",
                        "location",
                        "employment_type",
                        "work_mode",
                        "show_salary",
                        "salary_unit",
                        "salary_min",
                        "salary_max",
                    )
                ),
                condition=Q(status="published"),
                name="posting_board_index_idx",
            ),
            # Time to fill (hiring/reports/timing.py): each hire's posting's openings and publishing date, read
            # by id from the index alone, not from a table page of the posting per hire.
            models.Index(fields=["id", "openings", "published_at"], name="posting_fill_idx"),
            # The role pages' openings per level (postings.role_openings): the level, setting and pay of open
            # postings, so the count and pay ranges come from the index alone.
            models.Index(
                fields=["level", "setting", "closes_at", "salary_unit", "show_salary", "salary_min", "salary_max"],
                condition=Q(status="published"),
                name="posting_level_openings_idx",
            ),
            # The board by distance (JobPostingQuerySet.near()): the open postings at each location found
            # near, newest first, from the index alone. The location's FK index holds closed postings too, and
            # PostgreSQL intersected it with every published posting's, once per location (26 ms at national).
            models.Index(
                "location",
                F("published_at").desc(),
                F("id").desc(),
                "closes_at",
                condition=Q(status="published"),
                name="posting_open_location_idx",
            ),
            # Board filters by type (level, setting and location have their FK indexes).
            models.Index(fields=["employment_type", "status"], name="posting_type_idx"),
            # Published postings by closing time, with the board's facet columns: the open and expired
            # checks (open(), expired()) read it; it once served the board's facet counts index-only,
            # which the board's index (postings/board_index.py) now makes in each worker.
            models.Index(
                fields=["closes_at", "level", "setting", "employment_type", "work_mode", "location"],
                condition=Q(status="published"),
                name="posting_open_facets_zoned_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_min__lte=F("salary_max")),
                name="posting_salary_min_not_above_max",
                violation_error_message="The salary minimum cannot be above the maximum.",
            ),
            models.CheckConstraint(condition=Q(openings__gte=1), name="posting_has_at_least_one_opening"),
        ]

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        if not self.title and self.level_id:
            self.title = self.level.title
        self.slug = slugify(f"{self.display_title} {self.location.city if self.location_id else ''}")[:160]
        self.search_text = self.build_search_text()
        self.closes_at = self.closing_moment()
        if kwargs.get("update_fields") is not None and "closes_on" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "closes_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("postings:posting_detail", args=[self.pk, self.slug or "opening"])

    @staticmethod
    def path_maker():
        """A function (pk, slug) → the posting's address, as get_absolute_url() gives it, reversing once.

        For documents that list thousands of postings (sitemap, Indeed feed): a
        reverse() per posting would be most of their time. Make one per request,
        so it follows the current URL configuration and script prefix.
        """
        pk_mark, slug_mark = 900000001, "posting-slug-mark"
        sample = reverse("postings:posting_detail", args=[pk_mark, slug_mark])
        head, rest = sample.split(str(pk_mark), 1)
        middle, tail = rest.split(slug_mark, 1)
        return lambda pk, slug: f"{head}{pk}{middle}{slug or 'opening'}{tail}"

    @property
    def display_title(self):
        return self.title or (self.level.title if self.level_id else "Untitled posting")

    def build_search_text(self):
        # Same shape as Location.save() writes in bulk: title, facility, city, description.
        facility, city = (self.location.facility_name, self.location.city) if self.location_id else ("", "")
        return f"{self.title} {facility} {city} {self.description}"

    @property
    def reference(self):
        """The stable reference aggregators and candidates quote; derived from the id, so it never changes."""
        return f"OT-{self.pk:06d}" if self.pk else ""

    @property
    def zone(self):
        """The time zone of the posting's location (the site's zone without one)."""
        return self.location.zone if self.location_id else zone_named("")

    def closing_moment(self):
        """When applications stop: the end of the closing day in the location's zone; None without a date."""
        return end_of_day(self.closes_on, self.zone) if self.closes_on else None

    def today(self, now=None):
        """The date at the posting's location now."""
        return timezone.localtime(now or timezone.now(), self.zone).date()

    @property
    def is_open(self):
        if self.status != self.Status.PUBLISHED:
            return False
        closes_at = self.closes_at or self.closing_moment()
        return closes_at is None or closes_at > timezone.now()

    @property
    def is_closed_to_candidates(self):
        """Closed or past its closing date: the page answers 410 and offers no apply button."""
        return self.status == self.Status.CLOSED or (self.status == self.Status.PUBLISHED and not self.is_open)

    @property
    def salary_label(self):
        return cards.salary_label(self)

    def card(self, path=None, place=None, slot=""):
        """What the posting's card shows, as ready-made text and markup: postings.cards.card()."""
        return cards.card(self, path, place, slot)

    @property
    def is_telehealth(self):
        return self.work_mode == self.WorkMode.TELEHEALTH

    @property
    def google_employment_type(self):
        return self.GOOGLE_EMPLOYMENT_TYPES[self.employment_type]

    @property
    def days_open(self):
        if not self.published_at:
            return 0
        end = self.closed_at or timezone.now()
        return (end - self.published_at).days

    def clean(self):
        errors = {}
        if self.salary_min is not None and self.salary_max is not None and self.salary_min > self.salary_max:
            errors["salary_min"] = ValidationError(
                "The salary minimum cannot be above the maximum.", code="salary_range"
            )
        for field, message in pay.pay_errors(self.salary_min, self.salary_max, self.salary_unit).items():
            errors.setdefault(field, ValidationError(message, code="impossible_pay"))
        if self.closes_on and self.published_at and self.closes_on < self.today(self.published_at):
            errors["closes_on"] = ValidationError(
                "The closing date must be after the publishing date.", code="closes_before_published"
            )
        if self.status == self.Status.PUBLISHED and not errors:
            # A published posting keeps the range the law of its place asks for (publishing_problems() for drafts).
            refusals = missing_pay_range(self, self.today())
            if refusals:
                errors["show_salary"] = ValidationError(" ".join(refusals), code="pay_range_required")
        if errors:
            raise ValidationError(errors)

    def publishing_problems(self, today=None):
        """Why this posting cannot be published yet; empty when it can."""
        today = today or self.today()
        problems = []
        if self.status == self.Status.PUBLISHED:
            problems.append("It is already published.")
        if self.location_id is None:
            problems.append("Choose a location before publishing.")
        if self.closes_on and self.closes_on < today:
            problems.append("The closing date must be after the publishing date.")
        if not self.requirements.exists() and not self.level.requirements.exists():
            problems.append("Add at least one requirement (the level has none).")
        problems += missing_pay_range(self, today)
        return problems

    @transaction.atomic
    def publish(self, now=None):
        """Publish the posting and fix what candidates apply against.

        The level's requirements are copied into the posting next to any added
        for this opening; from then on, catalog edits do not reach it.
        """
        now = now or timezone.now()
        locked = JobPosting.objects.select_for_update().get(pk=self.pk)
        problems = locked.publishing_problems(today=locked.today(now))
        if problems:
            raise PostingError(" ".join(problems), code="cannot_publish")
        if locked.published_at is None:
            added = list(locked.requirements.all())
            copied = [
                PostingRequirement(
                    posting=locked,
                    source=item,
                    text=item.text,
                    kind=item.kind,
                    importance=item.importance,
                    check_kind=item.check_kind,
                    min_years=item.min_years,
                    min_leadership_years=item.min_leadership_years,
                    specialties=item.specialties,
                    position=index,
                )
                for index, item in enumerate(self.level.requirements.order_by("position", "pk"), start=1)
            ]
            PostingRequirement.objects.bulk_create(copied)
            for offset, item in enumerate(added, start=len(copied) + 1):
                item.position = offset
            PostingRequirement.objects.bulk_update(added, ["position"])
            locked.copy_interview_kit()
        self.status = locked.status = self.Status.PUBLISHED
        self.published_at = locked.published_at or now
        self.close_reason = ""
        self.closed_at = None
        JobPosting.objects.filter(pk=self.pk).update(
            status=self.status, published_at=self.published_at, close_reason="", closed_at=None, updated_at=now
        )
        posting_published.send(sender=JobPosting, posting=self)

    @transaction.atomic
    def close(self, reason, now=None):
        if reason not in self.CloseReason.values:
            raise PostingError(f"Unknown reason for closing: {reason!r}.", code="bad_reason")
        locked = JobPosting.objects.select_for_update().get(pk=self.pk)
        if locked.status == self.Status.CLOSED:
            raise PostingError("This posting is already closed.", code="already_closed")
        self.status = self.Status.CLOSED
        self.close_reason = reason
        self.closed_at = now or timezone.now()
        JobPosting.objects.filter(pk=self.pk).update(
            status=self.status, close_reason=reason, closed_at=self.closed_at, updated_at=self.closed_at
        )
        posting_closed.send(sender=JobPosting, posting=self, reason=reason)

    @transaction.atomic
    def duplicate(self):
        """A new draft of the same opening (level, setting, location, pay, description, hiring team and the
        requirements added for it), for the same job at another place: the admin then changes what differs.

        Every editable field is copied, so one added later is copied too; dates
        already past are left empty, and the level's requirements are copied
        again when the draft is published, as for any posting.
        """
        copied = {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.editable and not field.primary_key
        }
        draft = JobPosting(**copied)
        today = self.today()
        for name in ("start_date", "closes_on"):
            if getattr(draft, name) and getattr(draft, name) < today:
                setattr(draft, name, None)
        draft.save()
        draft.hiring_managers.set(self.hiring_managers.all())
        added = [item for item in self.requirements.all() if item.is_added_for_opening]
        fields = [f.attname for f in PostingRequirement._meta.concrete_fields if f.editable and not f.primary_key]
        PostingRequirement.objects.bulk_create(
            [
                PostingRequirement(**{**{name: getattr(item, name) for name in fields}, "posting_id": draft.pk})
                for item in added
            ]
        )
        return draft

    def copy_interview_kit(self):
        """Copy the level's interview kit into the posting, unless it has one: interviews rate this copy.

        Publishing calls it; postings published before kits existed get theirs from the admin's action.
        Returns how many items were copied.
        """
        if self.interview_kit.exists():
            return 0
        copied = PostingInterviewQuestion.objects.bulk_create(
            PostingInterviewQuestion(
                posting=self, source=item, focus=item.focus, question=item.question, position=index
            )
            for index, item in enumerate(self.level.interview_questions.order_by("position", "pk"), start=1)
        )
        return len(copied)

    def similar_open_postings(self, limit=3):
        return (
            JobPosting.objects.open()
            .exclude(pk=self.pk)
            .filter(Q(level=self.level_id) | Q(setting=self.setting_id))
            .for_cards()
            .newest_first()[:limit]
        )

    def required_and_preferred(self):
        """The posting's requirements split as (required, preferred), each in order."""
        items = list(self.requirements.all())
        return (
            [item for item in items if item.importance == Requirement.Importance.REQUIRED],
            [item for item in items if item.importance == Requirement.Importance.PREFERRED],
        )


class PostingRequirement(models.Model):
    """What a posting asks of candidates: copied from the level on publishing, or added for this opening.

    Applicants answer these rows, so they stay as they were when the posting
    went live even if the catalog changes later.
    """

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="requirements")
    source = models.ForeignKey(
        Requirement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The catalog item this was copied from; empty for items added for this opening.",
    )
    text = models.CharField(max_length=300, help_text='e.g. "Texas OT license or eligibility".')
    kind = models.CharField(max_length=20, choices=Requirement.Kind.choices, default=Requirement.Kind.QUALIFICATION)
    importance = models.CharField(
        max_length=10,
        choices=Requirement.Importance.choices,
        default=Requirement.Importance.PREFERRED,
        help_text="Required: applicants who do not meet it are flagged. Preferred: raises the match score.",
    )
    # How the profile answers it (a copy of the catalog item's, fixed at publish like the text).
    check_kind = models.CharField(
        "checked against",
        max_length=20,
        choices=Requirement.Check.choices,
        blank=True,
        help_text="What in the candidate's profile answers this item; it is then checked, never asked. "
        "Empty: candidates answer it yes or no.",
    )
    min_years = models.PositiveSmallIntegerField("years of OT experience", default=0)
    min_leadership_years = models.PositiveSmallIntegerField("years of leadership", default=0)
    specialties = models.CharField(
        max_length=200, blank=True, help_text="For the specialty check: specialty slugs, comma-separated."
    )
    is_knockout = models.BooleanField(
        "hard knockout",
        default=False,
        help_text="Candidates whose profile does not meet this checked item cannot apply. "
        "Otherwise they are told, and may still apply.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def is_required(self):
        return self.importance == Requirement.Importance.REQUIRED

    @property
    def is_checked(self):
        """Answered from the candidate's profile, not asked on the application form."""
        return bool(self.check_kind)

    @property
    def is_added_for_opening(self):
        return self.source_id is None


class PostingInterviewQuestion(models.Model):
    """An item of the posting's interview kit, copied from the level's on publishing.

    Interviewers rate these rows on their scorecards, so the kit stays as it was
    when the posting went live even if the catalog's kit changes later.
    """

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="interview_kit")
    source = models.ForeignKey(
        InterviewQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The level's kit item this was copied from.",
    )
    focus = models.CharField(max_length=120, help_text="What the interviewer rates from 1 to 5.")
    question = models.CharField(max_length=300, help_text="A question that brings it out.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.focus
