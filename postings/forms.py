from urllib.parse import urlencode

from django import forms

from .models import JobPosting
from .states import US_STATES

# Keywords beyond this are a paste accident or an attack, never a search.
MAX_KEYWORDS_LENGTH = 200


class SortField(forms.ChoiceField):
    """The board's order. Its options change with the keywords (see BoardFilterForm), its valid values do not."""

    ORDERS = {"newest", "salary"}

    def valid_value(self, value):
        return value in self.ORDERS


class BoardFilterForm(forms.Form):
    """The job board's GET parameters: role, setting, state, type, q, sort and page.

    The board never fails on a bad parameter: a value the form does not accept
    is dropped from `cleaned_data`, the rest still apply, and `problems` says
    what was ignored. Facets are the board's filters with a count per value;
    each facet's counts honour every other active filter but not its own, so
    they say what choosing another value would give.
    """

    FACETS = {
        # parameter: the field the counts are grouped by
        "role": "level_id",
        "setting": "setting_id",
        "state": "location__state",
        "type": "employment_type",
    }

    q = forms.CharField(
        label="Keywords",
        required=False,
        max_length=MAX_KEYWORDS_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": "e.g. pediatrics, hand therapy, Austin"}),
        help_text="Searches titles, descriptions, facilities and cities.",
        error_messages={
            "max_length": f"Keywords are limited to {MAX_KEYWORDS_LENGTH} characters, so they were left out of the search.",
            "null_characters_not_allowed": "The keywords contained characters that cannot be searched, so they were left out.",
        },
    )
    role = forms.ChoiceField(
        label="Career level",
        required=False,
        error_messages={"invalid_choice": "There is no career level “%(value)s”: showing every level."},
    )
    setting = forms.ChoiceField(
        label="Care setting",
        required=False,
        error_messages={"invalid_choice": "There is no care setting “%(value)s”: showing every setting."},
    )
    state = forms.ChoiceField(
        label="State",
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a US state code: showing every state."},
    )
    type = forms.ChoiceField(
        label="Employment type",
        required=False,
        error_messages={"invalid_choice": "There is no employment type “%(value)s”: showing every type."},
    )
    sort = SortField(
        label="Sort by",
        required=False,
        error_messages={"invalid_choice": "Postings cannot be sorted by “%(value)s”: showing the default order."},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Page numbers are whole numbers: showing the first page.",
            "min_value": "Page numbers start at 1: showing the first page.",
        },
    )

    def __init__(self, data=None, *, levels, settings, **kwargs):
        if data is not None and data.get("state"):
            # tx and TX are the same state; upper-cased here so the select shows it chosen too.
            data = data.copy()
            data["state"] = data["state"].strip().upper()
        super().__init__(data, **kwargs)
        self.levels = list(levels)
        self.settings = list(settings)
        self._labels = {
            "role": [(level.slug, level.short_title) for level in self.levels],
            "setting": [(setting.slug, setting.name) for setting in self.settings],
            "state": list(US_STATES),
            "type": list(JobPosting.EmploymentType.choices),
        }
        for name, choices in self._labels.items():
            self.fields[name].choices = [("", "Any"), *choices]
        # The empty choice is the default order: best match once there are keywords, else newest.
        # So a search submitted from the form is ranked, and "newest" stays an explicit choice.
        if (self.data.get("q") or "").strip():
            self.fields["sort"].choices = [("", "Best match"), ("newest", "Newest first"), ("salary", "Highest pay")]
        else:
            self.fields["sort"].choices = [("", "Newest first"), ("salary", "Highest pay")]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    # --- what the valid parameters ask for ---------------------------------------------------------

    @property
    def active(self):
        """The accepted, non-empty parameters (page aside), in a stable order for URLs."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return {
            name: self.cleaned_data[name]
            for name in ("q", "role", "setting", "state", "type", "sort")
            if self.cleaned_data.get(name)
        }

    @property
    def page_number(self):
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get("page") or 1

    @property
    def problems(self):
        """What was ignored and why, one sentence per parameter."""
        return [message for errors in self.errors.values() for message in errors]

    def querystring(self, without=None):
        """The accepted parameters as a URL query (no page), optionally leaving one out."""
        return urlencode({name: value for name, value in self.active.items() if name != without})

    def apply(self, queryset, skip=()):
        """Narrow `queryset` by the accepted filters and keywords, leaving out the filters named in `skip`."""
        active = self.active
        if "role" in active and "role" not in skip:
            queryset = queryset.for_level(active["role"])
        if "setting" in active and "setting" not in skip:
            queryset = queryset.in_setting(active["setting"])
        if "state" in active and "state" not in skip:
            queryset = queryset.in_state(active["state"])
        if "type" in active and "type" not in skip:
            queryset = queryset.of_type(active["type"])
        if "q" in active:
            queryset = queryset.search(active["q"])
        return queryset

    # --- facets ------------------------------------------------------------------------------------

    def facet_counts(self, queryset):
        """({parameter: {value: count}}, number of results), from one GROUP BY query whatever the data size.

        The query groups the postings that match the keywords by all four
        facets at once; a group counts for a facet when it matches every other
        chosen filter, and for the results when it matches them all. A board
        has about a thousand groups, so this loop is kept to tuple lookups.
        """
        names = list(self.FACETS)  # the order of facet_groups()' columns
        level_slugs = {level.pk: level.slug for level in self.levels}
        setting_slugs = {setting.pk: setting.slug for setting in self.settings}
        chosen_values = {name: self.active[name] for name in names if name in self.active}
        # Chosen levels and settings as ids, to compare with the grouped columns as they come.
        ids = {
            "role": {slug: pk for pk, slug in level_slugs.items()},
            "setting": {s: pk for pk, s in setting_slugs.items()},
        }
        chosen = [
            (names.index(name), ids[name][value] if name in ids else value) for name, value in chosen_values.items()
        ]
        counts = [{} for _ in names]
        total = 0
        for group in self.apply(queryset, skip=names).facet_groups():
            n = group[-1]
            missed = None
            for index, value in chosen:
                if group[index] != value:
                    if missed is not None:
                        break
                    missed = index
            else:
                # Matching every chosen filter: a result, counted under each facet. Missing
                # only one: counted under that facet alone, as what choosing its value would give.
                for index in range(len(names)) if missed is None else (missed,):
                    facet, key = counts[index], group[index]
                    facet[key] = facet.get(key, 0) + n
                if missed is None:
                    total += n
        keys = {"role": level_slugs, "setting": setting_slugs}
        named = {}
        for name, facet in zip(names, counts):
            slugs = keys.get(name)
            named[name] = {slugs.get(key, key): n for key, n in facet.items()} if slugs else facet
        return named, total

    def show_counts(self, counts):
        """Put the counts into the filter options: "Senior OT (12)".

        States with no open posting are left out of the list (there are more
        than fifty) unless one is the current choice.
        """
        for name, choices in self._labels.items():
            facet = counts.get(name, {})
            chosen = self.active.get(name)
            options = [
                (value, f"{label} ({facet.get(value, 0)})")
                for value, label in choices
                if name != "state" or facet.get(value) or value == chosen
            ]
            self.fields[name].choices = [("", "Any"), *options]

    def selects(self):
        """Every filter but the keywords as plain data for the template: name, label and (value, label, chosen) options.

        The board renders about eighty options per page; tuples keep that to
        plain lookups instead of a widget template per option.
        """
        selects = []
        for name in ("role", "setting", "state", "type", "sort"):
            field = self[name]
            chosen = str(field.value() or "")
            selects.append(
                {
                    "name": name,
                    "id": field.id_for_label,
                    "label": field.label,
                    "options": [(value, label, value == chosen) for value, label in field.field.choices],
                }
            )
        return selects

    def chosen_filters(self):
        """The active filters as (label, value label, query without it), for "remove this filter" links."""
        labels = {name: dict(choices) for name, choices in self._labels.items()}
        chosen = []
        for name, value in self.active.items():
            if name == "sort":
                continue
            shown = f"“{value}”" if name == "q" else labels[name].get(value, value)
            chosen.append((self.fields[name].label, shown, self.querystring(without=name)))
        return chosen
