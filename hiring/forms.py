"""Forms of the hiring workspace (/manage/)."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError

from accounts.models import User, hiring_manager_choices
from applications.models import Application
from portal import markup
from postings.states import US_STATES

from .models import Note, RejectionReason, SavedView, Scorecard
from .moves import EmailChoice

Stage = Application.Stage

REASON_HELP = "Kept in the stage history; never shown to the candidate."


class _Prefixed:
    """Several forms share a page: each gets its own id prefix so labels point at the right control."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class PipelineFilterForm(_Prefixed, forms.Form):
    """The pipeline's filters, read from the query string (so a filtered list can be bookmarked)."""

    id_prefix = "filter"

    q = forms.CharField(
        label="Name or email",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. Garcia"}),
    )
    # No stage chosen means the open ones: who still needs a decision. "all" lists every stage.
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[(Application.OPEN, "Still open"), (Application.ALL, "All stages"), *Stage.choices],
    )
    flag = forms.ChoiceField(
        label="Flag",
        required=False,
        choices=[("", "Any"), (Application.NO_FLAGS, "No flags"), *Application.FLAG_CHOICES],
    )
    license = forms.ChoiceField(
        label="Current license in",
        required=False,
        choices=[("", "Any state"), *US_STATES],
    )
    min_years = forms.TypedChoiceField(
        label="Experience",
        required=False,
        coerce=int,
        choices=[("", "Any"), *((years, f"{years}+ years") for years in (1, 2, 3, 5, 10))],
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("newest", "Newest first"), ("oldest", "Oldest first"), ("score", "Match score, best first")],
    )

    def filters(self):
        """The filters that were understood; a tampered value is dropped, the others still apply.

        The stage is always there: the open stages unless another was chosen.
        """
        self.is_valid()
        filters = {key: value for key, value in self.cleaned_data.items() if value}
        filters.setdefault("stage", Application.OPEN)
        return filters

    def selects(self):
        """Every filter but the words, as the template writes its <select> (portal.markup)."""
        return [markup.select(self[name]) for name in self.fields if name != "q"]

    def saved_query(self):
        """The filters understood, as the query string a saved view keeps: the defaults (open stages,
        newest first) left out, so the same filters always make the same string."""
        filters = self.filters()
        chosen = {
            name: filters[name]
            for name in self.fields
            if name in filters and filters[name] != {"stage": Application.OPEN, "sort": "newest"}.get(name)
        }
        return urlencode(chosen)


class SavedViewForm(_Prefixed, forms.Form):
    """Name the pipeline's current filters (`query`, made by PipelineFilterForm.saved_query) as one of my views.

    Saving under a name I already use replaces that view's filters.
    """

    id_prefix = "view"

    name = forms.CharField(
        label="Name this view",
        max_length=SavedView._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"placeholder": "e.g. Texas license, 2+ years, not yet screened"}),
        error_messages={"required": "Give the view a name."},
    )

    def __init__(self, *args, owner, query, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner, self.query = owner, query

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        if not self.query:
            raise ValidationError(
                "These are the pipeline's usual filters: choose some filters first, then save them.", code="no_filters"
            )
        if len(self.query) > SavedView._meta.get_field("query").max_length:
            raise ValidationError("These filters are too long to save.", code="too_long")
        name = cleaned.get("name")
        mine = SavedView.objects.owned_by(self.owner)
        if name and not mine.filter(name=name).exists() and mine.count() >= SavedView.MAX_PER_REVIEWER:
            raise ValidationError(
                f"You have {SavedView.MAX_PER_REVIEWER} saved views, the most kept: delete one first.", code="too_many"
            )
        return cleaned

    def save(self):
        """(the view, whether it was new)."""
        return SavedView.objects.update_or_create(
            owner=self.owner, name=self.cleaned_data["name"], defaults={"query": self.query}
        )


class _MoveFields(forms.Form):
    rejection_reason = forms.ModelChoiceField(
        label="Reason for the rejection",
        queryset=RejectionReason.objects.none(),
        required=False,
        empty_label="Choose a reason",
        help_text="Rejections only. Chooses the rejection email; counted in the reports.",
        error_messages={"invalid_choice": "Choose a reason from the list."},
    )
    reason = forms.CharField(
        label="Note for the stage history",
        required=False,
        max_length=500,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    email = forms.ChoiceField(
        label="Email to the candidate (interview, offer and rejection moves)",
        choices=EmailChoice.choices,
        initial=EmailChoice.USUAL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, listed_reason_required=True, **kwargs):
        # The workspace asks for a listed reason; the API, whose clients predate the list, may give text alone.
        super().__init__(*args, **kwargs)
        self.listed_reason_required = listed_reason_required
        field = self.fields["rejection_reason"]
        field.queryset = RejectionReason.objects.offered().select_related("email_template")
        # Shown from the cached list (no query on the page); a posted choice is still looked up in the queryset.
        field.choices = [("", field.empty_label), *RejectionReason.objects.offered_choices()]

    def rejection_reason_choices(self):
        """The reasons as (value, label) pairs, for the pipeline's hand-written select."""
        return self.fields["rejection_reason"].choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stage") != Stage.REJECTED or self.has_error("rejection_reason"):
            return cleaned
        if self.listed_reason_required and not cleaned.get("rejection_reason"):
            self.add_error(
                "rejection_reason", ValidationError("Choose why the application is rejected.", code="reason_required")
            )
        elif not cleaned.get("rejection_reason") and not cleaned.get("reason", "").strip():
            self.add_error("reason", ValidationError("Say why the application is rejected.", code="reason_required"))
        return cleaned


class _StageField(forms.ChoiceField):
    """Lists the moves allowed from the stage shown, but accepts any stage: a move that makes
    no sense is then refused by Application.move_to, with a message that says why."""

    def valid_value(self, value):
        return value in Stage.values


class MoveForm(_Prefixed, _MoveFields):
    """Move one application. `expected_stage` is the stage the page showed, so a stale page cannot win."""

    id_prefix = "move"

    stage = _StageField(label="Move to")
    # Any text: a value that is not the application's stage is refused by Application.move_to as stale.
    expected_stage = forms.CharField(max_length=20, widget=forms.HiddenInput)

    field_order = ["stage", "rejection_reason", "reason", "email", "expected_stage"]

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["stage"].choices = [(stage, Stage(stage).label) for stage in application.allowed_moves()]
        self.fields["expected_stage"].initial = application.stage


class _SelectionField(forms.Field):
    """The ticked checkboxes of the pipeline, as a list of strings (parsed by the form)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [str(item) for item in value or []]


class BulkMoveForm(_Prefixed, _MoveFields):
    """Move or reject several applicants of one posting at once.

    Each ticked box carries "<application id>:<stage shown>", so every move is
    checked against what the person saw, like a single move.
    """

    id_prefix = "bulk"

    selected = _SelectionField(label="Applicants", error_messages={"required": "Tick at least one applicant."})
    stage = forms.ChoiceField(
        label="Move the ticked applicants to",
        choices=[(stage, Stage(stage).label) for stage in Stage if stage not in (Stage.SUBMITTED, Stage.WITHDRAWN)],
    )

    field_order = ["stage", "rejection_reason", "reason", "email"]

    def __init__(self, *args, posting, **kwargs):
        super().__init__(*args, **kwargs)
        self.posting = posting

    def clean_selected(self):
        wanted = {}
        for token in self.cleaned_data["selected"]:
            pk, _, stage = token.partition(":")
            if not pk.isdigit() or stage not in Stage.values:
                raise ValidationError(
                    "The selection was not understood. Reload the page and tick again.", code="bad_selection"
                )
            wanted[int(pk)] = stage
        if not wanted:
            raise ValidationError("Tick at least one applicant.", code="required")
        applications = self.posting.applications.filter(pk__in=wanted).with_pipeline_data().order_by("pk")
        found = list(applications)
        if len(found) != len(wanted):
            # Another posting's applicant, or one deleted meanwhile: never act on what was not on this page.
            raise ValidationError("Some ticked applicants are not in this pipeline. Reload the page.", code="unknown")
        return [(application, wanted[application.pk]) for application in found]


class NoteForm(_Prefixed, forms.ModelForm):
    id_prefix = "note"

    class Meta:
        model = Note
        fields = ["body"]
        labels = {"body": "Add an internal note"}
        help_texts = {"body": "Seen by the hiring team only, never by the candidate."}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"body": {"required": "Write something before saving the note."}}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError("Write something before saving the note.", code="empty")
        return body


RATING_CHOICES = [("", "—")] + [
    (str(n), label)
    for n, label in (
        (1, "1 — well below"),
        (2, "2 — below"),
        (3, "3 — meets"),
        (4, "4 — above"),
        (5, "5 — well above"),
    )
]


class RatingsForm(_Prefixed, forms.Form):
    """The shape of every scorecard: a 1–5 rating per item, an overall recommendation and comments.

    Subclasses say what the items are (`item_label`, `item_help`) and how a saved scorecard gives its ratings.
    """

    recommendation = forms.ChoiceField(
        label="Overall recommendation", choices=Scorecard.Recommendation.choices, widget=forms.RadioSelect
    )
    comments = forms.CharField(label="Comments", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items, scorecard=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.rating_fields = []
        existing = self.saved_ratings(scorecard) if scorecard else {}
        for item in self.items:
            name = f"rating_{item.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=self.item_label(item),
                help_text=self.item_help(item),
                choices=RATING_CHOICES,
                coerce=int,
                initial=existing.get(item.pk, ""),
                error_messages={"required": "Rate this item from 1 to 5."},
            )
            self.rating_fields.append(name)
        # Ratings first, in the posting's order, then the verdict.
        self.order_fields(self.rating_fields + ["recommendation", "comments"])
        if scorecard:
            self.fields["recommendation"].initial = scorecard.recommendation
            self.fields["comments"].initial = scorecard.comments

    def item_label(self, item):
        return str(item)

    def item_help(self, item):
        return ""

    def saved_ratings(self, scorecard):
        raise NotImplementedError

    def ratings(self):
        return {item.pk: self.cleaned_data[f"rating_{item.pk}"] for item in self.items}

    def rating_bound_fields(self):
        return [self[name] for name in self.rating_fields]


class ScorecardForm(RatingsForm):
    """One reviewer's scorecard of an applicant: a 1–5 rating per required item of the posting."""

    id_prefix = "score"

    def __init__(self, *args, requirements, scorecard=None, **kwargs):
        super().__init__(*args, items=requirements, scorecard=scorecard, **kwargs)

    def saved_ratings(self, scorecard):
        return scorecard.rating_by_requirement()


class HiringManagersForm(_Prefixed, forms.Form):
    """Recruiters choose which hiring managers review a posting."""

    id_prefix = "managers"

    hiring_managers = forms.ModelMultipleChoiceField(
        label="Hiring managers of this posting",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only active staff in the Hiring managers group are listed. They see this posting's applicants.",
        error_messages={
            "invalid_choice": "Choose hiring managers from the list.",
            "invalid_pk_value": "Choose hiring managers from the list.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hiring_managers"].queryset = User.objects.filter(hiring_manager_choices()).order_by(
            "full_name", "email"
        )

    def people(self):
        """(id, name, email or "", ticked) for everyone who can be chosen: plain values, as there may be a thousand."""
        # Ids as text, as they come back in a re-shown POST.
        chosen = {str(value) for value in self["hiring_managers"].value() or []}
        people = self.fields["hiring_managers"].queryset.values_list("pk", "full_name", "email")
        return [(str(pk), name or email, email if name else "", str(pk) in chosen) for pk, name, email in people]


class FillPostingForm(_Prefixed, forms.Form):
    id_prefix = "fill"

    notify_open = forms.BooleanField(
        label="Also tell the applicants still open that the opening is filled, and close their applications",
        required=False,
        initial=True,
    )
