from urllib.parse import urlencode

from django import forms

from portal import markup
from roles.models import RoleLevel

from . import geo
from .models import CareSetting, JobPosting
from .states import US_STATES

# Keywords beyond this are a paste accident or an attack, never a search.
MAX_KEYWORDS_LENGTH = 200
# Radii offered around a place, in miles; the first search near a place uses the default.
RADII = (10, 25, 50, 100, 250)
DEFAULT_RADIUS = 25


class OptionsField(forms.ChoiceField):
    """A choice field whose options the form sets whole, as (value, label) pairs of strings, and never edits in place.

    So each form shares them instead of deep-copying them, and they are not normalized, nor given to the widget:
    the board writes its selects itself (portal.markup). Every board request, cached or not, makes the form: the
    copies and the normalizing of its eighty options were most of the time it took.
    """

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        self._choices = value


class SortField(OptionsField):
    """The board's order. Its options change with the keywords (see BoardFilterForm), its valid values do not."""

    ORDERS = {"newest", "salary", "distance"}

    def valid_value(self, value):
        return value in self.ORDERS


class BoardFilterForm(forms.Form):
    """The job board's GET parameters: role, setting, state, type, mode, q, near, miles, sort and page.

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
        "mode": "work_mode",
    }
    # The parameters that choose postings, in a stable order for URLs (sort and page only arrange them).
    CRITERIA = ("q", "near", "miles", "role", "setting", "state", "type", "mode")

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
    role = OptionsField(
        label="Career level",
        required=False,
        error_messages={"invalid_choice": "There is no career level “%(value)s”: showing every level."},
    )
    setting = OptionsField(
        label="Care setting",
        required=False,
        error_messages={"invalid_choice": "There is no care setting “%(value)s”: showing every setting."},
    )
    state = OptionsField(
        label="State",
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a US state code: showing every state."},
    )
    type = OptionsField(
        label="Employment type",
        required=False,
        error_messages={"invalid_choice": "There is no employment type “%(value)s”: showing every type."},
    )
    mode = OptionsField(
        label="On site or remote",
        required=False,
        error_messages={"invalid_choice": "There is no work arrangement “%(value)s”: showing every arrangement."},
    )
    near = forms.CharField(
        label="Near",
        required=False,
        max_length=100,
        help_text="A ZIP code, or a city and state such as Austin, TX.",
        error_messages={
            "max_length": "A place is a ZIP code or a city and state, so this was left out of the search.",
            "null_characters_not_allowed": "The place contained characters that cannot be searched, so it was left out.",
        },
    )
    miles = forms.TypedChoiceField(
        label="Within",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(str(radius), f"{radius} miles") for radius in RADII],
        error_messages={
            "invalid_choice": "“%(value)s” is not one of the distances offered: searching within 25 miles."
        },
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
            "mode": list(JobPosting.WorkMode.choices),
        }
        for name, choices in self._labels.items():
            self.fields[name].choices = [("", "Any"), *choices]
        # The empty choice is the default order: best match once there are keywords, else newest.
        # So a search submitted from the form is ranked, and "newest" stays an explicit choice.
        orders = [("newest", "Newest first"), ("salary", "Highest pay")]
        if (self.data.get("near") or "").strip():
            orders.append(("distance", "Nearest first"))
        if (self.data.get("q") or "").strip():
            self.fields["sort"].choices = [("", "Best match"), *orders]
        else:
            self.fields["sort"].choices = [("", orders[0][1]), *orders[1:]]
        self.fields["miles"].initial = str(DEFAULT_RADIUS)
        self.place = None  # the geo.Place of `near`, once validated

    @classmethod
    def from_query(cls, data):
        """The form over `data` (a QueryDict) with the board's options: the levels on the ladder and every setting.

        Two queries when validated (the options). For the board, and for
        whatever else takes the board's search: job alerts, the API.
        """
        return cls(
            data,
            levels=RoleLevel.objects.on_ladder().only("slug", "short_title"),
            settings=CareSetting.objects.only("slug", "name"),
        )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_near(self):
        text = " ".join(self.cleaned_data["near"].split())
        if text:
            try:
                self.place = geo.find_place(text)
            except geo.PlaceNotFound as error:
                raise forms.ValidationError(f"{error} Showing every location.", code="unknown_place") from None
        return text

    def clean(self):
        cleaned = super().clean()
        if not (self.data.get("near") or "").strip():
            # The radius select is always sent; without a place it means nothing, right or wrong.
            self.errors.pop("miles", None)
        if cleaned.get("sort") == "distance" and not cleaned.get("near"):
            del cleaned["sort"]
            if not self.has_error("near"):
                self.add_error(
                    "sort",
                    forms.ValidationError(
                        "Sorting by distance needs a place: showing the default order.", code="no_place"
                    ),
                )
        return cleaned

    # --- what the valid parameters ask for ---------------------------------------------------------

    @property
    def active(self):
        """The accepted, non-empty parameters (page aside), in a stable order for URLs.

        The radius counts only with a place, and then always (25 miles unless
        another was chosen), so the same search has one address.
        """
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        active = {}
        for name in (*self.CRITERIA, "sort"):
            if name == "miles":
                if self.cleaned_data.get("near"):
                    active["miles"] = self.cleaned_data.get("miles") or DEFAULT_RADIUS
            elif self.cleaned_data.get(name):
                active[name] = self.cleaned_data[name]
        return active

    @property
    def criteria(self):
        """The accepted parameters that choose postings (no sort, no page): what a job alert keeps."""
        return {name: value for name, value in self.active.items() if name != "sort"}

    @property
    def page_number(self):
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get("page") or 1

    @property
    def problems(self):
        """What was ignored and why, one sentence per parameter."""
        return [message for errors in self.errors.values() for message in errors]

    def canonical_query(self):
        """The accepted filters and page as a URL query: what the board's cache is keyed by."""
        params = dict(self.active)
        if self.page_number > 1:
            params["page"] = self.page_number
        return urlencode(params)

    def querystring(self, without=None):
        """The accepted parameters as a URL query (no page), optionally leaving one out.

        Leaving out the place leaves out its radius and the sort by distance too.
        """
        left_out = {without}
        if without == "near":
            left_out |= {"miles"} | ({"sort"} if self.active.get("sort") == "distance" else set())
        return urlencode({name: value for name, value in self.active.items() if name not in left_out})

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
        if "mode" in active and "mode" not in skip:
            queryset = queryset.in_work_mode(active["mode"])
        if "near" in active and self.place is not None:
            queryset = queryset.near(self.place, active["miles"])
        if "q" in active:
            queryset = queryset.search(active["q"])
        return queryset

    # --- facets ------------------------------------------------------------------------------------

    def selection(self, index):
        """This search in the board's index (postings.board_index.BoardIndex): its facet counts and its pages.

        A facet's counts honour every other chosen filter, the results all of
        them; the keywords and the place apply to all. The results are what
        apply() gives over the open postings, in the queryset's board order.
        """
        active = self.active
        return index.select(
            chosen=self._chosen_facets(),
            keywords=active.get("q", ""),
            place=self.place if "near" in active else None,
            miles=active.get("miles"),
            sort=self.cleaned_data.get("sort") or "",
        )

    def _chosen_facets(self):
        """The chosen facet filters as [(index in FACETS, value as the column holds it)]: levels and settings by id."""
        names = list(self.FACETS)
        ids = {
            "role": {level.slug: level.pk for level in self.levels},
            "setting": {setting.slug: setting.pk for setting in self.settings},
        }
        return [
            (names.index(name), ids[name][self.active[name]] if name in ids else self.active[name])
            for name in names
            if name in self.active
        ]

    def named_counts(self, counts):
        """[{value as the column holds it: count}] per facet, as {parameter: {value as the URL gives it: count}}."""
        slugs = {
            "role": {level.pk: level.slug for level in self.levels},
            "setting": {setting.pk: setting.slug for setting in self.settings},
        }
        named = {}
        for name, facet in zip(self.FACETS, counts):
            keys = slugs.get(name)
            named[name] = {keys.get(key, key): n for key, n in facet.items()} if keys else facet
        return named

    def show_counts(self, counts):
        """Put the counts into the filter options: "Senior OT (12)"; "Mid-Level OT (0)" disabled.

        Each facet's counts honour every other active filter (selection()), so
        an option shown with a number gives that many results once chosen. An
        option that would give nothing is marked and disabled (unless it is the
        current choice), so nobody picks their way into an empty board. States
        with no open posting are left out of the list (there are more than
        fifty) unless one is the current choice.
        """
        self._counts = counts
        self._empty = {}
        for name, choices in self._labels.items():
            facet = counts.get(name, {})
            chosen = self.active.get(name)
            options = []
            for value, label in choices:
                n = facet.get(value, 0)
                if name == "state" and not n and value != chosen:
                    continue
                if not n and value != chosen:
                    self._empty.setdefault(name, set()).add(value)
                options.append((value, f"{label} ({n})"))
            self.fields[name].choices = [("", "Any"), *options]

    def selects(self, names=("role", "setting", "state", "type", "mode", "sort")):
        """The filters `names` as plain data for the template: name, label and their options' markup.

        The board renders about eighty options per page: made in Python (portal.markup), not a widget
        template or a loop of the page's per option.
        """
        empty = getattr(self, "_empty", {})
        return [markup.select(self[name], empty.get(name, ())) for name in names]

    def chosen_filters(self):
        """The active filters as (label, value label, query without it), for "remove this filter" links."""
        labels = {name: dict(choices) for name, choices in self._labels.items()}
        chosen = []
        for name, value in self.active.items():
            if name in ("sort", "miles"):
                continue
            if name == "q":
                shown = f"“{value}”"
            elif name == "near":
                shown = f"within {self.active['miles']} miles of {self.place.label}"
            else:
                shown = labels[name].get(value, value)
            chosen.append((self.fields[name].label, shown, self.querystring(without=name)))
        return chosen

    def results_without_each_filter(self):
        """(label, value label, query without it, number of results without it) for each chosen facet filter.

        What an empty board offers as ways out. The number is the sum of that
        facet's counts (show_counts), which honour every other filter, so it
        costs no query; keywords and a place are not counted, so they are left out.
        """
        counts = getattr(self, "_counts", {})
        names = {self.fields[name].label: name for name in self.FACETS}
        return [
            (label, shown, rest, sum(counts[names[label]].values()))
            for label, shown, rest in self.chosen_filters()
            if names.get(label) in counts
        ]
