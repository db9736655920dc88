from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.formats import date_format

from . import uploads
from .models import Application, CandidateProfile, Specialty, StateLicense
from .screening import AnswerInput
from .services import remove_profile_resume, replace_profile_resume

YES, NO = "yes", "no"
MEETS_CHOICES = [(YES, "Yes"), (NO, "No, not yet")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ResumeField(forms.FileField):
    """A resume upload checked by content (see uploads.py); cleans to an uploads.CheckedResume."""

    widget = forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE})

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", uploads.HELP_TEXT)
        kwargs.setdefault("max_length", None)
        super().__init__(**kwargs)
        self.error_messages["empty"] = uploads.EMPTY_MESSAGE

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        return uploads.validate_resume(upload)


class RequirementRow:
    """One requirement of the posting with its two bound fields, for the template."""

    def __init__(self, requirement, meets, evidence):
        self.requirement, self.meets, self.evidence = requirement, meets, evidence


class ApplicationForm(forms.Form):
    """An application to one posting: an answer per requirement (required ones first), resume, letter, source, consent."""

    ON_FILE, UPLOAD = "on_file", "upload"

    resume_choice = forms.ChoiceField(label="Which resume to send", widget=forms.RadioSelect, required=False)
    resume = ResumeField(label="Resume file", required=False)
    keep_on_profile = forms.BooleanField(
        label="Keep this file on my profile to reuse for other applications", required=False, initial=True
    )
    cover_letter = forms.CharField(
        label="Cover letter (optional)",
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few paragraphs on why this opening suits you. At most 6,000 characters.",
    )
    source = forms.ChoiceField(
        label="How did you hear about this opening?", choices=[("", "Choose one")] + Application.Source.choices
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": "We can only consider your application if you agree to this."},
    )

    def __init__(self, *args, requirements, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        # Only what no fact answers is asked; checked requirements are shown as the profile answers them.
        self.requirements = sorted(
            (item for item in requirements if not item.is_checked),
            key=lambda item: (not item.is_required, item.position, item.pk),
        )
        for item in self.requirements:
            self.fields[f"meets_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=MEETS_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": "Answer yes or no."},
            )
            self.fields[f"evidence_{item.pk}"] = forms.CharField(
                label="Evidence (optional)",
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"placeholder": "Where or when, e.g. two years in a hand clinic"}),
            )
        self.has_resume_on_file = bool(profile and profile.resume)
        if self.has_resume_on_file:
            uploaded = date_format(timezone.localtime(profile.resume_uploaded_at)) if profile.resume_uploaded_at else ""
            self.fields["resume_choice"].choices = [
                (
                    self.ON_FILE,
                    f"Use my resume on file: {profile.resume_name}" + (f" (uploaded {uploaded})" if uploaded else ""),
                ),
                (self.UPLOAD, "Upload a different file"),
            ]
            self.fields["resume_choice"].initial = self.ON_FILE
        else:
            del self.fields["resume_choice"]
        self.fields["consent"].label = (
            f"I agree that {settings.HIRING_ORGANIZATION['name']} stores and uses the information in this "
            "application, my profile and my resume to consider me for this opening."
        )

    @property
    def requirement_rows(self):
        return [
            RequirementRow(item, self[f"meets_{item.pk}"], self[f"evidence_{item.pk}"]) for item in self.requirements
        ]

    @property
    def wants_upload(self):
        """True when the page should ask for a file (no resume on file, or the candidate chose a new one)."""
        if not self.has_resume_on_file:
            return True
        choice = (
            self.data.get(self.add_prefix("resume_choice")) if self.is_bound else self.fields["resume_choice"].initial
        )
        return choice == self.UPLOAD

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("resume_choice") if self.has_resume_on_file else self.UPLOAD
        if self.has_resume_on_file and not choice:
            self.add_error("resume_choice", ValidationError("Choose which resume to send.", code="required"))
        elif choice == self.UPLOAD and not cleaned.get("resume") and "resume" not in self.errors:
            self.add_error("resume", ValidationError("Choose your resume file (PDF or Word).", code="required"))
        return cleaned

    def submission(self):
        """Keyword arguments for services.submit_application, from a valid form."""
        data = self.cleaned_data
        reuse = self.has_resume_on_file and data.get("resume_choice") == self.ON_FILE
        return {
            "answers": [
                AnswerInput(item.pk, data[f"meets_{item.pk}"] == YES, data[f"evidence_{item.pk}"])
                for item in self.requirements
            ],
            "resume": None if reuse else data["resume"],
            "reuse_profile_resume": reuse,
            "keep_on_profile": not reuse and data["keep_on_profile"],
            "cover_letter": data["cover_letter"],
            "source": data["source"],
        }


class SpecialtyChoiceField(forms.ModelMultipleChoiceField):
    """Ticked specialties. An id beyond what a database integer holds is refused like any unknown one:
    sent to the database it would fail the whole request instead."""

    BIGGEST_ID = 2**63 - 1

    def _check_values(self, value):
        for pk in value or ():
            try:
                out_of_range = abs(int(pk)) > self.BIGGEST_ID
            except (TypeError, ValueError):
                continue  # Django's own check refuses it
            if out_of_range:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class ProfileForm(forms.ModelForm):
    """The candidate's details and credentials, plus their name on the account and the resume on file."""

    full_name = forms.CharField(label="Full name", max_length=150)
    resume_upload = ResumeField(label="Upload a resume", required=False)
    remove_resume = forms.BooleanField(label="Remove the resume on file", required=False)

    class Meta:
        model = CandidateProfile
        fields = [
            "phone",
            "city",
            "state",
            "degree",
            "years_experience",
            "years_leadership",
            "specialties",
            "nbcot_number",
            "nbcot_status",
            "nbcot_expires_on",
            "cpr_bls_expires_on",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "specialties": forms.CheckboxSelectMultiple,
            "nbcot_expires_on": DateInput,
            "cpr_bls_expires_on": DateInput,
        }
        field_classes = {"specialties": SpecialtyChoiceField}
        labels = {
            "state": "State",
            "years_leadership": "Years in a leadership or supervisory role",
            "nbcot_number": "NBCOT number",
        }
        help_texts = {
            "years_experience": "Whole years working as an OT, fieldwork not counted.",
            "nbcot_number": "As printed on your NBCOT certificate.",
            "cpr_bls_expires_on": "The date on your current CPR or BLS card.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["full_name"].initial = user.full_name
        self.fields["specialties"].queryset = Specialty.objects.order_by("name")
        self.fields["specialties"].required = False
        self.fields["state"].choices = [("", "Choose a state")] + list(self.fields["state"].choices)[1:]
        if not self.instance.resume:
            del self.fields["remove_resume"]
        else:
            self.fields["resume_upload"].label = "Replace the resume on file"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                "About you",
                "full_name",
                Div(
                    Div("phone", css_class="col-md-4"),
                    Div("city", css_class="col-md-4"),
                    Div("state", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            Fieldset(
                "Education and experience",
                "degree",
                Div(
                    Div("years_experience", css_class="col-md-6"),
                    Div("years_leadership", css_class="col-md-6"),
                    css_class="row",
                ),
                Div("specialties", css_class="specialty-choices"),
            ),
            Fieldset(
                "NBCOT and CPR/BLS",
                Div(
                    Div("nbcot_number", css_class="col-md-4"),
                    Div("nbcot_status", css_class="col-md-4"),
                    Div("nbcot_expires_on", css_class="col-md-4"),
                    css_class="row",
                ),
                Div(Div("cpr_bls_expires_on", css_class="col-md-4"), css_class="row"),
            ),
        )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError("Enter your name.", code="required")
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = [ch for ch in phone if ch.isdigit()]
        if phone and (len(digits) < 7 or len(digits) > 15 or any(ch not in "0123456789 +-().x" for ch in phone)):
            raise ValidationError("Enter a phone number, e.g. 512-555-0142.", code="bad_phone")
        return phone

    def clean(self):
        cleaned = super().clean()
        experience, leadership = cleaned.get("years_experience"), cleaned.get("years_leadership")
        if experience is not None and leadership is not None and leadership > experience:
            self.add_error(
                "years_leadership",
                ValidationError(
                    "Years in leadership cannot be more than your years of OT experience.",
                    code="leadership_above_experience",
                ),
            )
        if cleaned.get("nbcot_status") == CandidateProfile.NbcotStatus.ACTIVE and not cleaned.get("nbcot_number"):
            self.add_error(
                "nbcot_number",
                ValidationError("Enter your NBCOT number, since your certification is active.", code="required"),
            )
        if cleaned.get("resume_upload") and cleaned.get("remove_resume"):
            self.add_error(
                "remove_resume",
                ValidationError("Either upload a new resume or remove the one on file, not both.", code="conflict"),
            )
        return cleaned

    def save(self, commit=True):
        """Save the profile, the name on the account and any change to the resume on file (in the caller's transaction)."""
        profile = super().save(commit=commit)
        if commit:
            self.user.full_name = self.cleaned_data["full_name"]
            self.user.save(update_fields=["full_name"])
            if self.cleaned_data.get("resume_upload"):
                replace_profile_resume(profile, self.cleaned_data["resume_upload"])
            elif self.cleaned_data.get("remove_resume"):
                remove_profile_resume(profile)
        return profile


DUPLICATE_STATE = "You already listed a license for this state; keep one license per state."


class LicenseForm(forms.ModelForm):
    class Meta:
        model = StateLicense
        fields = ["state", "kind", "number", "expires_on"]
        widgets = {"expires_on": DateInput}
        labels = {"kind": "License or compact privilege", "number": "License number", "expires_on": "Expiry date"}
        # A line half filled in says what it still needs: several lines are typed at once.
        error_messages = {
            NON_FIELD_ERRORS: {"unique_together": DUPLICATE_STATE},
            "state": {"required": "Choose the state of this license."},
            "number": {"required": "Enter the license number, as on the license."},
            "expires_on": {"required": "Enter the expiry date, as on the license."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Choose a state")] + list(self.fields["state"].choices)[1:]
        # A line without the choice is a state license, as every license was before compact privileges.
        self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data["kind"] or StateLicense.Kind.LICENSE


class BaseLicenseFormSet(BaseInlineFormSet):
    """The profile's licenses, several new ones at once: empty lines are ignored, a half-filled one says what it lacks."""

    default_error_messages = {
        **BaseInlineFormSet.default_error_messages,
        "too_many_forms": "List at most %(num)d licenses.",
    }

    def lines_to_correct(self):
        """The numbers (from 1) of the lines with an error, for the message above the form."""
        return [index + 1 for index, errors in enumerate(self.errors) if errors]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this license"

    def get_unique_error_message(self, unique_check):
        return DUPLICATE_STATE


LicenseFormSet = inlineformset_factory(
    CandidateProfile,
    StateLicense,
    form=LicenseForm,
    formset=BaseLicenseFormSet,
    # Without JavaScript, three empty lines; with it, one and "Add another license" (static/js/licenses.js).
    extra=3,
    can_delete=True,
    max_num=20,
    validate_max=True,
)


class DeleteAccountForm(forms.Form):
    """Deleting everything asks for the password, so a borrowed, signed-in laptop cannot do it by a click."""

    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                "That is not your password. Your account has not been deleted.", code="wrong_password"
            )
        return password
