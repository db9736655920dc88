from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse


class Occupation(models.Model):
    """The profession the portal hires for, with what applies to every level of it.

    Items that hold for every OT (core responsibilities, general skills, NBCOT
    and state licensure) hang off the occupation; each level adds its own.
    """

    name = models.CharField(max_length=120, unique=True, help_text="e.g. Occupational Therapist.")
    slug = models.SlugField(max_length=120, unique=True)
    abbreviation = models.CharField(max_length=10, blank=True, help_text="Short form, e.g. OT.")
    summary = models.TextField(help_text="What the profession does, shown above the career ladder.")
    settings_and_teams = models.TextField(blank=True, help_text="Where people in this profession work and with whom.")
    national_average_salary = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Average yearly salary in US dollars, shown as a reference next to each level.",
    )
    salary_note = models.CharField(
        max_length=255,
        blank=True,
        help_text="One line of context for the salary figure (what it varies with).",
    )

    def __str__(self):
        return self.name


class RoleLevelQuerySet(models.QuerySet):
    def on_ladder(self):
        return self.order_by("rank")

    def with_items(self):
        """Levels with responsibilities and requirements in two extra queries, whatever the count."""
        return self.select_related("occupation").prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.order_by("position", "pk")),
            Prefetch("requirements", queryset=Requirement.objects.order_by("position", "pk")),
        )


class RoleLevel(models.Model):
    """One rung of the OT career ladder, e.g. Senior Occupational Therapist."""

    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="levels")
    title = models.CharField(max_length=120, unique=True, help_text="Full title, as used in postings.")
    short_title = models.CharField(max_length=60, help_text="Short name for tables and filters, e.g. Senior OT.")
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Used in public addresses (/roles/<slug>/) and job-board filters. "
        "Changing it breaks links people saved.",
    )
    rank = models.PositiveSmallIntegerField(
        unique=True, help_text="Place on the career ladder: 1 is the first step, higher is more senior."
    )
    ladder_focus = models.CharField(
        max_length=200,
        blank=True,
        help_text="One sentence on what this level adds over the one below, shown on the career ladder.",
    )
    overview = models.TextField(help_text="The position overview candidates read first.")
    min_years_experience = models.PositiveSmallIntegerField(
        default=0, help_text="Minimum years of OT experience expected. 0 for new graduates."
    )
    max_years_experience = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Upper end of the usual range (e.g. 4 for '2–4 years'); empty for 'N+ years'.",
    )
    min_years_leadership = models.PositiveSmallIntegerField(
        default=0, help_text="Minimum years in a leadership or supervisory role. 0 if none."
    )

    objects = RoleLevelQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roles:role_detail", args=[self.slug])

    @property
    def experience_label(self):
        if self.max_years_experience:
            return f"{self.min_years_experience}–{self.max_years_experience} years"
        if self.min_years_experience:
            return f"{self.min_years_experience}+ years"
        return "New graduates welcome"

    @property
    def leadership_label(self):
        return f"{self.min_years_leadership}+ years leading" if self.min_years_leadership else ""

    def requirements_of_kind(self, kind):
        return [r for r in self.requirements.all() if r.kind == kind]


class CatalogItem(models.Model):
    """Shared shape of an item that belongs either to one level or to every level."""

    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="Set for items that apply to every level of the profession.",
    )
    level = models.ForeignKey(
        RoleLevel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="Set for items of one level only.",
    )
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its list; lower comes first.")

    class Meta:
        abstract = True

    def __str__(self):
        return self.text


class Responsibility(CatalogItem):
    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "responsibilities"
        default_related_name = "responsibilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True) ^ Q(occupation__isnull=True),
                name="responsibility_belongs_to_level_or_occupation",
            )
        ]


class Requirement(CatalogItem):
    """A skill, degree, certification or qualification asked of a level (or of every OT)."""

    class Kind(models.TextChoices):
        HARD_SKILL = "hard_skill", "Hard skill"
        SOFT_SKILL = "soft_skill", "Soft skill"
        EDUCATION = "education", "Education"
        CERTIFICATION = "certification", "Certification"
        QUALIFICATION = "qualification", "Preferred qualification / experience"

    class Importance(models.TextChoices):
        REQUIRED = "required", "Required"
        PREFERRED = "preferred", "Preferred"

    class Check(models.TextChoices):
        """How the candidate's profile answers an item, so it is checked instead of asked (applications/screening.py)."""

        LICENSE = "license", "License to practice in the posting's state"
        NBCOT = "nbcot", "Active NBCOT certification"
        NBCOT_AND_LICENSE = "nbcot_license", "NBCOT certification and a license in the posting's state"
        CPR_BLS = "cpr_bls", "Current CPR/BLS"
        MASTERS = "masters", "Master's or doctoral degree in OT (MOT, MSOT, OTD)"
        DOCTORATE = "doctorate", "Doctor of OT (OTD)"
        EXPERIENCE = "experience", "Years of OT experience (and of leadership)"
        SPECIALTY = "specialty", "A specialty"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    importance = models.CharField(
        max_length=10,
        choices=Importance.choices,
        default=Importance.REQUIRED,
        help_text="Required items are must-haves: a candidate who does not meet one is flagged. "
        "Preferred items only raise the match score.",
    )
    check_kind = models.CharField(
        "checked against",
        max_length=20,
        choices=Check.choices,
        blank=True,
        help_text="What in the candidate's profile answers this item; it is then checked, never asked. "
        "Empty: candidates answer it yes or no (skills).",
    )
    min_years = models.PositiveSmallIntegerField(
        "years of OT experience", default=0, help_text="For the experience check: the years it asks for."
    )
    min_leadership_years = models.PositiveSmallIntegerField(
        "years of leadership", default=0, help_text="For the experience check: years in a leadership role it asks for."
    )
    specialties = models.CharField(
        max_length=200,
        blank=True,
        help_text="For the specialty check: specialty slugs, comma-separated, any of which meets it "
        "(e.g. neuro-rehab,hand-therapy); empty: any specialty.",
    )

    class Meta:
        ordering = ["position", "pk"]
        default_related_name = "requirements"
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True) ^ Q(occupation__isnull=True),
                name="requirement_belongs_to_level_or_occupation",
            )
        ]

    @property
    def is_required(self):
        return self.importance == self.Importance.REQUIRED


class InterviewQuestion(models.Model):
    """One item of a level's interview kit: what the interviewer rates, and a question that brings it out.

    Drawn from the level's responsibilities and requirements; copied into a posting when it is
    published (`postings.PostingInterviewQuestion`), so interviews already held keep the kit they rated.
    """

    level = models.ForeignKey(RoleLevel, on_delete=models.CASCADE, related_name="interview_questions")
    focus = models.CharField(
        max_length=120,
        help_text="What the interviewer rates from 1 to 5, in a few words, e.g. Treatment planning.",
    )
    question = models.CharField(
        max_length=300, help_text="A question the interviewer may ask to bring it out, shown beside the rating."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the kit; lower comes first.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.focus
