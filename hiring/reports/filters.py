"""The filters every report takes, as GET parameters, so a report's address can be bookmarked and shared.

`ReportFilters.postings()` is where the reports meet the access rule: the postings the person may review
(`JobPosting.objects.managed_by`), narrowed by the filters; every figure is computed over those postings'
applications only.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from accounts.addresses import canonical_email
from accounts.models import User, hiring_manager_choices
from postings.models import CareSetting, JobPosting
from postings.states import US_STATES
from roles.models import RoleLevel

DEFAULT_DAYS = 90
# The periods offered as links beside the dates: (label, days back from today).
PRESETS = [("Last 30 days", 30), ("Last 90 days", 90), ("Last 12 months", 365)]
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
REFERENCE = re.compile(r"^\s*(?:OT-?)?0*(\d{1,9})\s*$", re.IGNORECASE)
# Up to this many hiring managers the filter lists them to choose from. A health system with more gets a box to
# type a name or an email address in: 1,250 names in a list are no way to find one, and reading and writing
# them took a third of a recruiter's report page.
LISTED_MANAGERS = 150


class ManySelect(forms.Select):
    """A select of up to LISTED_MANAGERS options (the hiring managers), written in one pass.

    Django's own select includes a template per option: 0.1 ms each. The same markup: each option escaped, the
    chosen one selected.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(one) for one in (value if isinstance(value, (list, tuple)) else [value]) if one is not None}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html(
            "<select{}>{}</select>", flatatt({**self.build_attrs(self.attrs, attrs), "name": name}), options
        )


class ReportFilters(forms.Form):
    """Period, role level, care setting, state, posting and hiring manager; all optional.

    Hiring managers get no hiring-manager choice: they see their own postings only, whatever the address says.
    """

    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    level = forms.ChoiceField(label="Role level", required=False)
    setting = forms.ChoiceField(label="Care setting", required=False)
    state = forms.ChoiceField(label="State", required=False, choices=[("", "Every state")] + US_STATES)
    posting = forms.CharField(
        label="Posting",
        required=False,
        max_length=20,
        help_text="Its reference, e.g. OT-000123.",
        widget=forms.TextInput(attrs={"placeholder": "OT-000123", "inputmode": "text", "autocomplete": "off"}),
    )
    manager = forms.ChoiceField(label="Hiring manager", required=False, widget=ManySelect)
    stuck = forms.IntegerField(
        label="Waiting longer than (days)",
        required=False,
        min_value=1,
        max_value=365,
        help_text="Lists open applications in one stage for longer.",
    )
    # Fields one report alone takes (ReportKind.extra_fields); the others are every report's.
    EXTRA_FIELDS = {"stuck"}

    def __init__(self, data, *, user, today=None):
        super().__init__(data, auto_id="report-%s")
        self.user = user
        self.today = today or timezone.localdate()
        self.fields["level"].choices = [("", "Every level")] + list(
            RoleLevel.objects.order_by("rank").values_list("slug", "short_title")
        )
        self.fields["setting"].choices = [("", "Every setting")] + list(
            CareSetting.objects.order_by("position", "name").values_list("slug", "name")
        )
        if user.sees_every_posting:
            people = User.objects.filter(hiring_manager_choices()).order_by("full_name", "email")
            people = list(people.values_list("pk", "full_name", "email")[: LISTED_MANAGERS + 1])
            if len(people) <= LISTED_MANAGERS:
                self.fields["manager"].choices = [("", "Every hiring manager")] + [
                    (str(pk), name or email) for pk, name, email in people
                ]
            else:
                self.fields["manager"] = forms.CharField(
                    label="Hiring manager",
                    required=False,
                    max_length=254,
                    help_text="A name or an email address.",
                    widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "Name or email"}),
                )
        else:
            del self.fields["manager"]
        self.manager_label = ""
        for name in ("start", "end"):
            self.fields[name].widget.attrs.update({"min": f"{EARLIEST_YEAR}-01-01", "max": f"{LATEST_YEAR}-12-31"})
        # What the address says, for the links (a bookmark without dates keeps meaning "the last 90 days").
        self.given = {name: value for name, value in data.items() if name in self.fields and value}

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ValidationError(f"Choose a date between {EARLIEST_YEAR} and {LATEST_YEAR}.", code="out_of_range")
        return day

    def clean_start(self):
        return self._clean_day("start")

    def clean_end(self):
        return self._clean_day("end")

    def clean_manager(self):
        """The chosen or typed hiring manager's id, as text ("" for every one); their name kept for the page."""
        value = self.cleaned_data["manager"]
        field = self.fields["manager"]
        if isinstance(field, forms.ChoiceField):
            self.manager_label = dict(field.choices).get(value, "") if value else ""
            return value
        text = " ".join(value.split())
        if not text:
            return ""
        managers = User.objects.filter(hiring_manager_choices())
        if text.isascii() and text.isdigit() and len(text) <= 9:  # an id, from a link made when the filter was a list
            found = managers.filter(pk=int(text))
        elif "@" in text:
            try:
                found = managers.filter(email=canonical_email(text))
            except ValidationError:
                found = managers.none()
        else:
            found = managers.filter(full_name__iexact=text)
        found = list(found.values_list("pk", "full_name", "email")[:2])
        if not found:
            raise ValidationError(
                "No hiring manager has this name or email address. Check the spelling, or leave it empty.",
                code="unknown_manager",
            )
        if len(found) > 1:
            raise ValidationError(
                "Several hiring managers have this name: type the email address of the one you mean.",
                code="ambiguous_manager",
            )
        pk, name, email = found[0]
        self.manager_label = name or email
        return str(pk)

    def clean_posting(self):
        text = self.cleaned_data["posting"]
        if not text.strip():
            return None
        match = REFERENCE.match(text)
        if not match:
            raise ValidationError("Type a posting's reference, e.g. OT-000123.", code="bad_reference")
        return int(match.group(1))

    def clean(self):
        cleaned = super().clean()
        end = cleaned.get("end") or self.today
        start = cleaned.get("start") or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if "start" in cleaned and "end" in cleaned and start > end:
            self.add_error("start", ValidationError("The period must start before it ends.", code="start_after_end"))
        elif "start" in cleaned and "end" in cleaned:
            # The form shows the dates reported on, the defaults included.
            self.data = self.data.copy()
            self.data["start"], self.data["end"] = start.isoformat(), end.isoformat()
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    # --- what the reports read, from a valid form ---------------------------------------------------

    @property
    def period(self):
        """(from, until) as aware datetimes: midnight of the first day to midnight after the last, local time."""
        zone = timezone.get_current_timezone()
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return (
            datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
        )

    def postings(self):
        """The postings the person may review, narrowed by the filters."""
        data = self.cleaned_data
        postings = JobPosting.objects.managed_by(self.user)
        if data.get("level"):
            postings = postings.for_level(data["level"])
        if data.get("setting"):
            postings = postings.in_setting(data["setting"])
        if data.get("state"):
            postings = postings.in_state(data["state"])
        if data.get("posting"):
            postings = postings.filter(pk=data["posting"])
        if data.get("manager"):
            postings = postings.assigned_to([data["manager"]])
        return postings

    def narrows_postings(self):
        """False when the reports cover every posting: a recruiter's or an admin's, with no posting filter."""
        data = self.cleaned_data
        return not self.user.sees_every_posting or any(
            data.get(name) for name in ("level", "setting", "state", "posting", "manager")
        )

    def of_postings(self, rows, field="posting"):
        """`rows` (a queryset with a posting in `field`) of the filtered postings only.

        Over every posting it is left as it is: each row has a posting, and matching half a million rows
        against every posting's id would cost more than the report itself.
        """
        return rows.filter(**{f"{field}__in": self.postings()}) if self.narrows_postings() else rows

    def querystring(self):
        """The filters as given (not the defaults), for the CSV link and the links between reports."""
        return urlencode(self.given)

    def fields_for(self, kind):
        """The bound fields the page of report `kind` shows: every report's, and its own."""
        return [field for field in self if field.name not in self.EXTRA_FIELDS or field.name in kind.extra_fields]

    def presets(self):
        """(label, query string, chosen) for each preset period, the other filters kept."""
        kept = self.given
        end = self.today
        links = []
        for label, days in PRESETS:
            start = end - datetime.timedelta(days=days - 1)
            query = {**kept, "start": start.isoformat(), "end": end.isoformat()}
            chosen = self.is_valid() and (self.cleaned_data["start"], self.cleaned_data["end"]) == (start, end)
            links.append((label, urlencode(query), chosen))
        return links

    def described(self):
        """The filters in words, for the page and the CSV: 'Sep 3, 2026 – Dec 1, 2026 · Texas · Senior OT'."""
        data = self.cleaned_data
        words = [f"{data['start']:%b %-d, %Y} – {data['end']:%b %-d, %Y}"]
        for name in ("level", "setting", "state"):
            if data.get(name):
                words.append(dict(self.fields[name].choices).get(data[name], data[name]))
        if self.manager_label:
            words.append(self.manager_label)
        if data.get("posting"):
            words.append(f"OT-{data['posting']:06d}")
        return " · ".join(words)
