"""The admin's posting form, taking what the API sends: levels and settings by slug, hiring managers by email.

A subclass of postings.admin.JobPostingAdminForm, so a posting made or changed
through the API meets exactly the admin's rules (pay range, closing date,
hiring managers who are staff) with the same messages.
"""

from django import forms
from django.contrib.auth import get_user_model

from postings.admin import JobPostingAdminForm
from postings.models import CareSetting, PostingRequirement
from roles.models import RoleLevel

WRITABLE_FIELDS = [
    "level",
    "title",
    "setting",
    "location",
    "employment_type",
    "work_mode",
    "schedule",
    "salary_min",
    "salary_max",
    "salary_unit",
    "show_salary",
    "openings",
    "start_date",
    "closes_on",
    "description",
    "hiring_managers",
]


class PostingWriteForm(JobPostingAdminForm):
    level = forms.ModelChoiceField(RoleLevel.objects.all(), to_field_name="slug")
    setting = forms.ModelChoiceField(CareSetting.objects.all(), to_field_name="slug")
    hiring_managers = forms.ModelMultipleChoiceField(
        get_user_model().objects.none(), to_field_name="email", required=False
    )

    class Meta(JobPostingAdminForm.Meta):
        fields = WRITABLE_FIELDS


class RequirementForm(forms.ModelForm):
    """One requirement added for the opening, checked by the model's own choices."""

    class Meta:
        model = PostingRequirement
        fields = ["text", "kind", "importance"]


def form_data(posting):
    """A posting's current values as the form reads them, for an update that sends only some fields."""
    return {
        "level": posting.level.slug,
        "title": posting.title,
        "setting": posting.setting.slug,
        "location": posting.location_id,
        "employment_type": posting.employment_type,
        "work_mode": posting.work_mode,
        "schedule": posting.schedule,
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "salary_unit": posting.salary_unit,
        "show_salary": posting.show_salary,
        "openings": posting.openings,
        "start_date": posting.start_date,
        "closes_on": posting.closes_on,
        "description": posting.description,
        "hiring_managers": [user.email for user in posting.hiring_managers.all()],
    }


def api_values(payload):
    """The fields the caller sent (None clears a field), as form data."""
    values = payload.model_dump(exclude_unset=True)
    values.pop("requirements", None)
    return {name: ("" if value is None and name != "hiring_managers" else value) for name, value in values.items()}
