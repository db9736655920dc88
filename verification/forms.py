"""Forms of verification: a reviewer's check, an admin's override, the candidate's referee, the referee's answers."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from postings.states import US_STATES

from . import evidence
from .models import SOURCES_FOR, Credential, Reference, Source, VerificationEntry


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VerificationForm(forms.ModelForm):
    """One check at the source. The model's clean() holds the rules (sources, dates, reference numbers)."""

    evidence_file = forms.FileField(
        label="Evidence",
        required=False,
        help_text=evidence.HELP_TEXT,
        widget=forms.ClearableFileInput(attrs={"accept": evidence.ACCEPT_ATTRIBUTE}),
    )

    class Meta:
        model = VerificationEntry
        fields = [
            "credential",
            "state",
            "number",
            "source",
            "source_name",
            "result",
            "reference_number",
            "issued_on",
            "expires_on",
            "notes",
        ]
        widgets = {
            "issued_on": DateInput(),
            "expires_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"source_name": "Source's name", "number": "Credential number"}

    def __init__(self, *args, application, required=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.instance.application = application
        state = application.posting.location.state if application.posting.location_id else ""
        self.fields["state"].choices = [("", "Not for this credential")] + list(US_STATES)
        self.fields["state"].initial = state
        self.fields["state"].help_text = "For a license or a compact privilege."
        self.fields["source"].help_text = "; ".join(
            f"{Credential(credential).label}: {' or '.join(Source(s).label for s in sources)}"
            for credential, sources in SOURCES_FOR.items()
        )
        if required:
            self.fields["credential"].initial = required[0].credential
        for name in ("result", "credential", "source"):
            self.fields[name].choices = [choice for choice in self.fields[name].choices if choice[0]]

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        return evidence.validate_evidence(upload) if upload else None

    def clean_issued_on(self):
        day = self.cleaned_data.get("issued_on")
        if day and day > timezone.localdate():
            raise ValidationError("The issue date cannot be in the future.", code="future")
        return day

    def entry_fields(self):
        """What VerificationEntry.record takes from this form."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="Reason for hiring without these",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the record, shown in red, and in the audit export.",
        error_messages={"required": "Give the reason for the override."},
    )


class RefereeForm(forms.ModelForm):
    """The candidate names a referee; the referee is emailed a link to answer."""

    class Meta:
        model = Reference
        fields = ["name", "title", "organization", "relationship", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = [choice for choice in self.fields["relationship"].choices if choice[0]]
        self.fields[
            "relationship"
        ].help_text = "Hiring teams ask for a manager or supervisor you worked with in the last 24 months."


RATING_CHOICES = [("", "Choose")] + [
    (str(n), f"{n} — {label}")
    for n, label in [(1, "poor"), (2, "fair"), (3, "good"), (4, "very good"), (5, "excellent")]
]


class ReferenceAnswerForm(forms.ModelForm):
    """The referee's answers: how they worked together, four ratings, would they rehire, comments."""

    class Meta:
        model = Reference
        fields = [
            "answered_relationship",
            "worked_from",
            "worked_until",
            *Reference.RATINGS,
            "would_rehire",
            "comments",
        ]
        widgets = {
            "worked_from": DateInput(),
            "worked_until": DateInput(),
            "comments": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "answered_relationship": "How did you work with the candidate?",
            "worked_from": "Worked together from",
            "worked_until": "Until",
            "would_rehire": "Would you hire or work with them again?",
            **Reference.RATINGS,
        }
        help_texts = {"worked_until": "Leave empty if you still work together."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("answered_relationship", "worked_from", "would_rehire", *Reference.RATINGS):
            self.fields[name].required = True
        self.fields["answered_relationship"].choices = [c for c in self.fields["answered_relationship"].choices if c[0]]
        self.fields["would_rehire"].choices = [c for c in self.fields["would_rehire"].choices if c[0]]
        for name in Reference.RATINGS:
            self.fields[name] = forms.TypedChoiceField(
                label=Reference.RATINGS[name], choices=RATING_CHOICES, coerce=int, required=True
            )

    def clean(self):
        cleaned = super().clean()
        start, end, today = cleaned.get("worked_from"), cleaned.get("worked_until"), timezone.localdate()
        if start and start > today:
            self.add_error("worked_from", ValidationError("This date is in the future.", code="future"))
        if end and end > today:
            self.add_error(
                "worked_until",
                ValidationError(
                    "This date is in the future; leave it empty if you still work together.", code="future"
                ),
            )
        if start and end and end < start:
            self.add_error("worked_until", ValidationError("This comes before the start date.", code="before_start"))
        return cleaned
