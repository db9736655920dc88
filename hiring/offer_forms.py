"""Forms of offers: the terms a reviewer drafts, the approver's decision, the candidate's answer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import RECRUITERS_GROUP, User, staff_in

from .offer_models import Offer, OfferLetterTemplate

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = [
            "start_date",
            "employment_type",
            "schedule",
            "pay_rate",
            "pay_unit",
            "taxable_hourly_rate",
            "weekly_housing_stipend",
            "weekly_meals_stipend",
            "guaranteed_hours",
            "assignment_weeks",
            "sign_on_bonus",
            "expires_on",
            "letter_template",
            "approver",
        ]
        widgets = {"start_date": DATE_INPUT, "expires_on": DATE_INPUT}
        labels = {
            "taxable_hourly_rate": "Taxable hourly rate (travel)",
            "weekly_housing_stipend": "Housing stipend a week (travel)",
            "weekly_meals_stipend": "Meals stipend a week (travel)",
            "guaranteed_hours": "Guaranteed hours a week (travel)",
            "expires_on": "Offer open until",
            "letter_template": "Letter",
            "approver": "Approver (if approval is needed)",
        }

    def __init__(self, *args, posting, **kwargs):
        super().__init__(*args, **kwargs)
        self.posting = posting
        self.fields["letter_template"].queryset = OfferLetterTemplate.objects.all()
        self.fields["letter_template"].empty_label = None
        self.fields["approver"].queryset = User.objects.filter(staff_in(RECRUITERS_GROUP)).order_by("full_name")
        self.fields["approver"].empty_label = "Any recruiter"
        if not self.instance.pk:
            self.initial.setdefault("employment_type", posting.employment_type)
            self.initial.setdefault("schedule", posting.schedule)
            self.initial.setdefault("pay_unit", posting.salary_unit)
            self.initial.setdefault("start_date", posting.start_date)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate(timezone=self.posting.zone)
        start, expires = cleaned.get("start_date"), cleaned.get("expires_on")
        if expires and expires < today:
            self.add_error("expires_on", ValidationError("The offer must stay open until today at least.", code="past"))
        if start and start < today:
            self.add_error("start_date", ValidationError("The start date is in the past.", code="past"))
        if cleaned.get("employment_type") == "travel":
            for field in ("taxable_hourly_rate", "guaranteed_hours", "assignment_weeks"):
                if cleaned.get(field) in (None, ""):
                    self.add_error(field, ValidationError("A travel offer gives this.", code="travel_required"))
        return cleaned

    def terms(self):
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Reason (needed to refuse)", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give a reason."},
    )
