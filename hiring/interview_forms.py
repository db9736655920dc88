"""Forms of interviews: the hiring team's booking form and the candidate's answers.

Times are typed and shown in the posting's location's zone: views validate and
render these forms inside `timezone.override(posting.zone)`, so a time typed as
10:00 for a Honolulu posting means 10:00 in Honolulu.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.models import RECRUITERS_GROUP, User
from postings.models import JobPosting

from .forms import RatingsForm
from .interview_models import Interview

TIME_FIELDS = 5
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def interviewer_choices(posting):
    """Staff who may review the posting: its active hiring managers, recruiters and admins.

    Each kind found through its own small index (the posting's managers, the recruiters' group, the admins), then
    those accounts read by id: one OR across three joins read all 100,000 accounts.
    """
    managers = JobPosting.hiring_managers.through.objects.filter(jobposting=posting).values("user_id")
    recruiters = User.groups.through.objects.filter(group__name=RECRUITERS_GROUP).values("user_id")
    admins = User.objects.filter(is_superuser=True).values("pk")
    return User.objects.filter(
        Q(is_staff=True) | Q(is_superuser=True),
        is_active=True,
        pk__in=managers.union(recruiters, admins),
    ).order_by("full_name", "email")


class _Times(forms.Form):
    """Up to five times; one books the interview at once, several are offered to the candidate."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, TIME_FIELDS + 1):
            self.fields[f"time_{number}"] = forms.DateTimeField(
                label=f"Time {number}" if number > 1 else "Time 1 (the only one for a fixed time)",
                required=number == 1,
                widget=DATETIME_INPUT,
                error_messages={"required": "Give at least one time.", "invalid": "Enter a date and a time."},
            )

    def time_fields(self):
        return [self[f"time_{number}"] for number in range(1, TIME_FIELDS + 1)]

    def clean(self):
        cleaned = super().clean()
        times = [cleaned.get(f"time_{number}") for number in range(1, TIME_FIELDS + 1)]
        times = [moment for moment in times if moment]
        if len(set(times)) < len(times):
            raise ValidationError("The same time is given twice.", code="duplicate_time")
        cleaned["times"] = sorted(times)
        return cleaned


class InterviewForm(_Times):
    kind = forms.ChoiceField(label="Kind", choices=Interview.Kind.choices, initial=Interview.Kind.VIDEO)
    duration_minutes = forms.IntegerField(label="Length (minutes)", min_value=15, max_value=480, initial=45)
    interviewers = forms.ModelMultipleChoiceField(
        label="Interviewers",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Staff who may review this posting.",
        error_messages={
            "required": "Choose at least one interviewer.",
            "invalid_choice": "Choose interviewers from the list.",
            "invalid_pk_value": "Choose interviewers from the list.",
        },
    )
    details = forms.CharField(
        label="Details for the candidate",
        required=False,
        max_length=300,
        help_text="The video link, the number you will call, the room or whom to ask for.",
    )

    field_order = ["kind", "duration_minutes", "interviewers", "details"]

    def __init__(self, *args, posting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = interviewer_choices(posting)


class RescheduleForm(_Times):
    pass


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give a reason for cancelling."},
    )


class PickTimeForm(forms.Form):
    """The candidate's choice among the times still free."""

    slot = forms.TypedChoiceField(
        label="Pick a time", coerce=int, widget=forms.RadioSelect, error_messages={"required": "Pick a time."}
    )

    def __init__(self, *args, slots, zone_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.pk: slot for slot in slots}
        self.fields["slot"].choices = [(slot.pk, zone_label(slot.starts_at)) for slot in slots]
        self.fields["slot"].error_messages["invalid_choice"] = (
            "That time is no longer free: someone else has just taken it. Pick another one."
        )


class OtherTimesForm(forms.Form):
    message = forms.CharField(
        label="Which days or times suit you?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say which days or times suit you."},
    )


class InterviewScorecardForm(RatingsForm):
    """An interviewer's scorecard of one interview: each item of the posting's kit rated 1–5, then the verdict."""

    id_prefix = "kit"

    def __init__(self, *args, questions, scorecard=None, **kwargs):
        super().__init__(*args, items=questions, scorecard=scorecard, **kwargs)

    def item_label(self, question):
        return question.focus

    def item_help(self, question):
        return question.question

    def saved_ratings(self, scorecard):
        return scorecard.rating_by_question()
