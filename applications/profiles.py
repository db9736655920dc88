"""The candidate's profile: details and credentials kept once and reused for every application."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from postings.states import US_STATES


class Specialty(models.Model):
    """A clinical specialty a candidate can list, e.g. hand therapy."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name


def resume_path(instance, filename):
    """A random name under a private folder: nothing the uploader typed reaches the disk path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"resumes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class CandidateProfile(models.Model):
    """A candidate's details and credentials, reused for every application."""

    class Degree(models.TextChoices):
        MASTERS = "masters", "Master's in OT (MOT / MSOT)"
        DOCTORATE = "otd", "Doctor of OT (OTD)"
        OTHER = "other", "Other"

    class NbcotStatus(models.TextChoices):
        ACTIVE = "active", "Active"
        ELIGIBLE = "eligible", "Eligible to sit for the exam"
        INACTIVE = "inactive", "Inactive or lapsed"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    phone = models.CharField(max_length=30, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, choices=US_STATES, blank=True)
    degree = models.CharField("highest OT degree", max_length=10, choices=Degree.choices, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        "years of OT experience", default=0, validators=[MaxValueValidator(60)]
    )
    years_leadership = models.PositiveSmallIntegerField(
        "years in a leadership role", default=0, validators=[MaxValueValidator(60)]
    )
    specialties = models.ManyToManyField(Specialty, blank=True, related_name="candidates")
    nbcot_number = models.CharField("NBCOT certification number", max_length=30, blank=True)
    nbcot_status = models.CharField("NBCOT status", max_length=10, choices=NbcotStatus.choices, blank=True)
    nbcot_expires_on = models.DateField("NBCOT expiry", null=True, blank=True)
    cpr_bls_expires_on = models.DateField("CPR/BLS expiry", null=True, blank=True)
    resume = models.FileField(upload_to=resume_path, blank=True, max_length=200)
    resume_name = models.CharField(max_length=150, blank=True, help_text="The file name as the candidate uploaded it.")
    resume_uploaded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # What expires in the next 90 days (verification.expiry.expiring): the recruiters' page, the daily run.
            models.Index(fields=["nbcot_expires_on"], name="profile_nbcot_expires_idx"),
            models.Index(fields=["cpr_bls_expires_on"], name="profile_cpr_bls_expires_idx"),
        ]

    def __str__(self):
        return f"Profile of {self.user}"

    def license_for(self, state):
        """The license or compact privilege entered for `state` (one per state), or None."""
        return next((lic for lic in self.licenses.all() if lic.state == state), None)


class StateLicense(models.Model):
    """A license to practice OT in one state: the state board's license, or a compact privilege for that state."""

    class Kind(models.TextChoices):
        LICENSE = "license", "State license"
        PRIVILEGE = "privilege", "Compact privilege"

    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="licenses")
    state = models.CharField(max_length=2, choices=US_STATES)
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.LICENSE,
        help_text="A compact privilege is held on a license in the candidate's home state, a compact member.",
    )
    number = models.CharField("license number", max_length=40)
    expires_on = models.DateField("expiry")

    class Meta:
        ordering = ["state"]
        constraints = [models.UniqueConstraint(fields=["profile", "state"], name="one_license_per_state_per_profile")]
        # What expires in the next 90 days (verification.expiry.expiring): the recruiters' page, the daily run.
        indexes = [models.Index(fields=["expires_on"], name="license_expires_idx")]

    def __str__(self):
        return f"{self.state} OT compact privilege" if self.is_privilege else f"{self.state} OT license"

    @property
    def is_privilege(self):
        return self.kind == self.Kind.PRIVILEGE
