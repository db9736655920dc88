from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from . import throttle
from .addresses import CanonicalEmailFormField, email_key
from .mail import PASSWORD_RESET, send_account_email
from .models import User

# One message for every refusal that touches an existing address, so the
# sign-up form cannot be used to test whether someone has an account here.
EMAIL_UNAVAILABLE = (
    "We could not create an account with this email address. If you have signed up before, "
    "sign in or reset your password instead."
)


class SignUpForm(BaseUserCreationForm):
    """Email, name and password; the email is the login and is unique whatever its case."""

    class Meta:
        model = User
        fields = ("full_name", "email")
        labels = {"full_name": "Full name", "email": "Email address"}
        help_texts = {"email": "You sign in with this address; we send updates on your applications to it."}
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["email"].widget.attrs.pop("autofocus", None)
        self.fields["full_name"].widget.attrs["autofocus"] = True
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()
        self.fields["password2"].label = "Password again"

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError("Enter your name as it appears on your license.", code="required")
        return name

    def clean_email(self):
        email = self.cleaned_data["email"]  # canonical already (the model's field)
        if User.objects.filter(email=email).exists():
            raise ValidationError(EMAIL_UNAVAILABLE, code="email_unavailable")
        return email

    def validate_password_for_user(self, user, password_field_name="password2"):
        """Every problem with the password at once: when the second box does not match (or is empty), Django
        would check nothing else, so the first box's password is checked against every rule too."""
        if password_field_name == "password2" and "password2" not in self.cleaned_data:
            password_field_name = "password1"
        super().validate_password_for_user(user, password_field_name)


class ThrottledSignIn:
    """Sign-in limits for an authentication form: the site's sign-in page and the admin's share the counts."""

    def clean(self):
        """Refuse without checking the password once an account or an address has failed too often.

        Closed, not open, when the counts cannot be checked: the password is then not tried at all.
        """
        try:
            return self._clean_counted()
        except throttle.ThrottleUnavailable:
            raise ValidationError(throttle.UNAVAILABLE_MESSAGE, code="throttle_unavailable") from None

    def _clean_counted(self):
        email = email_key(self.cleaned_data.get("username") or "")
        address = throttle.client_address(self.request) if self.request else ""
        for limit, subject in ((throttle.SIGN_IN_PER_EMAIL, email), (throttle.SIGN_IN_PER_ADDRESS, address)):
            if subject and limit.blocked(subject):
                raise ValidationError(throttle.lockout_message(limit.minutes_left(subject)), code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.SIGN_IN_PER_EMAIL.hit(email)
            throttle.SIGN_IN_PER_ADDRESS.hit(address)
            raise
        throttle.SIGN_IN_PER_EMAIL.reset(email)
        return cleaned


class SignInForm(ThrottledSignIn, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Same words whether the address is unknown or the password wrong.
        "invalid_login": "That email address and password do not match an account. Check both and try again, "
        "or reset your password.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": self.fields["username"].max_length}
        )
        # Django only sets the attribute; without the check, any length reaches the database lookup.
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    """The admin's sign-in page, with the same limits: staff passwords are the ones most worth guessing."""


class ResetEmailForm(PasswordResetForm):
    """Django's reset email, for the account with this canonical address, sent through the outbox.

    Used by the `send_password_reset` task, never in the request: see ResetRequestForm.
    """

    email = CanonicalEmailFormField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email):
        """The active account with this (canonical, see the field) address, if it may reset.

        Django's own compares ignoring case in the database, which PostgreSQL and Python do differently.
        """
        return [user for user in User.objects.filter(email=email, is_active=True) if user.has_usable_password()]

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        send_account_email(kind=PASSWORD_RESET, to=[to_email], template_name="password_reset", context=context)


class ResetRequestForm(ResetEmailForm):
    """The reset request page's form: the limits. The view hands the rest to the task queue (ResetRequestView)."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields[
            "email"
        ].help_text = "If an account uses this address, we will email it a link to choose a new password."

    def clean(self):
        """A few reset emails per address and per account an hour: enough for people, too few for abuse."""
        cleaned = super().clean()
        email = email_key(cleaned.get("email") or "")
        address = throttle.client_address(self.request) if self.request else ""
        try:
            for limit, subject in ((throttle.RESETS_PER_EMAIL, email), (throttle.RESETS_PER_ADDRESS, address)):
                if subject and limit.blocked(subject):
                    raise ValidationError(throttle.lockout_message(limit.minutes_left(subject)), code="throttled")
            if email:
                throttle.RESETS_PER_EMAIL.hit(email)
            throttle.RESETS_PER_ADDRESS.hit(address)
        except throttle.ThrottleUnavailable:
            raise ValidationError(throttle.UNAVAILABLE_MESSAGE, code="throttle_unavailable") from None
        return cleaned


class EmailChangeForm(forms.Form):
    """A new address for the account: confirmed by a link sent to it before it replaces the current one."""

    email = CanonicalEmailFormField(
        label="New email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We send a link to this address; your account keeps its current address until you open it.",
    )
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email == self.user.email:
            raise ValidationError("This is already your account's address.", code="same")
        if User.objects.filter(email=email).exists():
            raise ValidationError(EMAIL_UNAVAILABLE, code="email_unavailable")
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("That is not your password.", code="wrong_password")
        return password


class CodeForm(forms.Form):
    """The second step of a sign-in: the six digits an authenticator app shows, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": "Type the code your authenticator app shows."},
    )


class PasswordCheckForm(forms.Form):
    """The password again, before a change that lowers an account's protection."""

    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("That is not your password.", code="wrong_password")
        return password


class ResetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = "New password again"


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = "New password again"
