import json

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.functional import cached_property

from .addresses import CanonicalEmailFormField, canonical_email

# Groups created by a migration in the applications app; see applications/README.md.
HIRING_MANAGERS_GROUP = "Hiring managers"
RECRUITERS_GROUP = "Recruiters"
REVIEWER_GROUPS = (RECRUITERS_GROUP, HIRING_MANAGERS_GROUP)


def staff_in(group_name):
    """Active staff in the named group, as a filter on users.

    The group's members are found through its membership rows and matched against the active staff in id order
    (user_active_staff_idx): a join on groups__name, or the members matched against every account's primary key,
    walked all 100,000 accounts (28 ms, on every recruiter's report page; now 2).
    """
    members = User.groups.through.objects.filter(group__name=group_name).values("user_id")
    return models.Q(is_active=True, is_staff=True, pk__in=members)


def hiring_manager_choices():
    """Who may be made a posting's hiring manager: active staff in the Hiring managers group (a filter on users)."""
    return staff_in(HIRING_MANAGERS_GROUP)


class CanonicalEmailField(models.EmailField):
    """An email address stored in its canonical form (addresses.py); its forms clean to that form."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CanonicalEmailFormField, **kwargs})


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The canonical form (addresses.py); raises ValidationError for an address that has none."""
        return canonical_email(email)

    def get_by_natural_key(self, email):
        # Sign-in compares canonical forms exactly: "Ana@Example.com" is ana@example.com, and a look-alike
        # such as "admın@example.com" is nobody (never, as PostgreSQL's UPPER() would have it, the admin).
        try:
            email = canonical_email(email)
        except ValidationError:
            raise self.model.DoesNotExist("No account has this address.") from None
        return self.get(email=email)

    def unconfirmed_addresses(self, addresses):
        """Those of `addresses` that belong to an account which has not confirmed it yet.

        The addresses go as one JSON parameter, not one placeholder each: a bulk sender asks about 40,000 of them,
        whose IN list took the driver and the database most of a second to parse.
        """
        addresses = sorted(addresses)
        if len(addresses) < 100:
            matching = self.filter(email__in=addresses)
        else:
            column = f"{connection.ops.quote_name(self.model._meta.db_table)}.{connection.ops.quote_name('email')}"
            listed = (
                "SELECT jsonb_array_elements_text(%s::jsonb)"
                if connection.vendor == "postgresql"
                else "SELECT value FROM json_each(%s)"
            )
            matching = self.filter(
                RawSQL(f"{column} IN ({listed})", [json.dumps(addresses)], output_field=BooleanField())
            )
        return matching.filter(email_verified_at__isnull=True).values_list("email", flat=True)

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in: candidates, hiring managers, recruiters and admins.

    The email address is the login. Staff status and groups decide who may
    review applicants; a candidate is simply a user without staff access.
    """

    # Always the canonical form (accounts/addresses.py), so uniqueness and every look-up are exact comparisons.
    email = CanonicalEmailField(
        "email address",
        max_length=254,
        unique=True,
        error_messages={"unique": "Another account already uses this email address."},
    )
    full_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Lets the person sign in to the admin and the hiring workspace. Leave off for candidates.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick instead of deleting an account to block sign-in but keep its history.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    email_verified_at = models.DateTimeField(
        "email confirmed",
        null=True,
        blank=True,
        help_text="When the person confirmed the address by the link we emailed. Until then they cannot apply and "
        "no email but that link is sent to it.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        indexes = [
            # The few admins among 100,000 candidates (who may interview, review, be told): found without
            # reading every account.
            models.Index(fields=["id"], condition=models.Q(is_superuser=True), name="user_superuser_idx"),
            # The staff among them in id order (staff_in): a group's members matched against these few rather
            # than against every account's primary key.
            models.Index(
                fields=["id"], condition=models.Q(is_staff=True, is_active=True), name="user_active_staff_idx"
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        if not self.email:
            return  # left empty, or refused already by the form's own check of the field
        try:
            self.email = canonical_email(self.email)
        except ValidationError as error:
            raise ValidationError({"email": error}) from None

    def save(self, *args, **kwargs):
        # Every path that stores an address (admin, createsuperuser, shell) stores its canonical form.
        self.email = canonical_email(self.email)
        super().save(*args, **kwargs)

    @property
    def email_verified(self):
        return self.email_verified_at is not None

    @cached_property
    def reviewer_groups(self):
        """The reviewer groups this person is in, read once per request (staff only; candidates have none)."""
        if not (self.is_active and self.is_staff):
            return frozenset()
        return frozenset(self.groups.filter(name__in=REVIEWER_GROUPS).values_list("name", flat=True))

    def keep_reviewer_groups(self, names):
        """Set `reviewer_groups` from the names read with the account ("Recruiters,Hiring managers"): no query."""
        staff = self.is_active and self.is_staff
        self.__dict__["reviewer_groups"] = frozenset(filter(None, names.split(","))) if staff else frozenset()

    @property
    def is_recruiter(self):
        """Recruiters see every posting and assign hiring managers."""
        return RECRUITERS_GROUP in self.reviewer_groups

    @property
    def sees_every_posting(self):
        """Recruiters and admins review every posting; a hiring manager only those they are assigned to.

        The one place this rule is written: postings, the hiring workspace and
        its templates all ask this property.
        """
        return self.is_superuser or self.is_recruiter

    @property
    def is_hiring_manager(self):
        return HIRING_MANAGERS_GROUP in self.reviewer_groups

    @property
    def is_reviewer(self):
        """May use the hiring workspace at all (what they see there is narrowed per posting)."""
        return self.is_active and self.is_staff and (self.sees_every_posting or self.is_hiring_manager)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split() or [self.email])[0]


class AttemptCount(models.Model):
    """Attempts at one guarded action (sign-in, sign-up, reset…) by one subject, in the current window.

    Written by accounts/throttle.py only. `key` is the limit's name and a hash
    of the email address or client address, never the address itself.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    window_ends = models.FloatField(help_text="When the window ends, in seconds since 1970 (UTC).")

    class Meta:
        indexes = [
            # clear_expired: the rows whose window has ended.
            models.Index(fields=["window_ends"], name="attempt_count_window_idx"),
        ]

    def __str__(self):
        return f"{self.count} attempt(s), {self.key.split(':', 1)[0]}"
