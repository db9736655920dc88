"""The board's filters answered in memory, for many saved searches at once (the job alerts' run).

A run holds the few hundred postings published since the oldest alert last
looked, and asks which of them each of up to 100,000 searches would find on
the board. One query per search would take minutes; here each filter is a set
of posting ids per value, so a search is a few set intersections. The rules
are the board's own (BoardFilterForm.apply()): the same fields compared the
same way, keywords through JobPostingQuerySet.keyword_matches() (the board's
search, many keywords per query) and distance by the same great-circle
formula; a test holds both to the same answers.
"""

import math

from . import geo
from .cards import CARD_FIELDS

# Degrees per cell of the grid that finds postings near a point without measuring every one.
CELL_DEGREES = 1.0


def _cell(latitude, longitude):
    return math.floor(latitude / CELL_DEGREES), math.floor(longitude / CELL_DEGREES)


class PostingIndex:
    """Postings of `queryset`, loaded once with what their cards show, and an index per board filter."""

    # parameter: how a posting's value for it is read
    FIELDS = {
        "role": lambda posting: posting.level.slug,
        "setting": lambda posting: posting.setting.slug,
        "state": lambda posting: posting.location.state,
        "type": lambda posting: posting.employment_type,
        "mode": lambda posting: posting.work_mode,
    }

    def __init__(self, queryset):
        self.queryset = queryset
        self.postings = {
            posting.pk: posting
            for posting in queryset.select_related("level", "setting", "location").only(
                *CARD_FIELDS, "level__slug", "setting__slug"
            )
        }
        self.by_value = {name: {} for name in self.FIELDS}
        self.grid = {}
        for pk, posting in self.postings.items():
            for name, read in self.FIELDS.items():
                self.by_value[name].setdefault(read(posting), set()).add(pk)
            location = posting.location
            if location.latitude is not None and location.longitude is not None:
                self.grid.setdefault(_cell(location.latitude, location.longitude), set()).add(pk)
        self.all = frozenset(self.postings)
        self._keywords = {}
        self._near = {}

    def __len__(self):
        return len(self.postings)

    def load_keywords(self, queries):
        """Find the postings for every keyword search not asked before, in one query."""
        missing = {" ".join(query.split()) for query in queries} - self._keywords.keys() - {""}
        if missing and self.postings:
            found = self.queryset.keyword_matches(missing)
            for query in missing:
                self._keywords[query] = frozenset(found.get(query, ()))

    def near(self, latitude, longitude, miles):
        """Ids of the postings within `miles` of the point, as JobPostingQuerySet.near() finds them."""
        key = (latitude, longitude, miles)
        if key not in self._near:
            place = geo.Place("", latitude, longitude)
            south, north, west, east = geo.bounding_box(place, miles)
            found = set()
            for (row, column), pks in self.grid.items():
                if row < math.floor(south) or row > math.floor(north):
                    continue
                west_edge, east_edge = column * CELL_DEGREES, (column + 1) * CELL_DEGREES
                inside = (
                    east_edge >= west and west_edge <= east if west <= east else east_edge >= west or west_edge <= east
                )
                if not inside:
                    continue
                for pk in pks:
                    location = self.postings[pk].location
                    if place.miles_to(location.latitude, location.longitude) <= miles:
                        found.add(pk)
            self._near[key] = frozenset(found)
        return self._near[key]

    def matching(self, criteria, *, latitude=None, longitude=None, published_after=None):
        """The postings a board search with `criteria` (BoardFilterForm.criteria) lists, newest first.

        The place's coordinates are given apart (a job alert keeps them);
        load_keywords() must have been told of any keywords first.
        """
        found = self.all
        for name in self.FIELDS:
            if criteria.get(name):
                found = found & self.by_value[name].get(criteria[name], frozenset())
                if not found:
                    return []
        query = " ".join((criteria.get("q") or "").split())
        if query:
            found = found & self._keywords[query]
        if criteria.get("near") and latitude is not None:
            found = found & self.near(latitude, longitude, criteria["miles"])
        postings = [self.postings[pk] for pk in found]
        if published_after is not None:
            postings = [posting for posting in postings if posting.published_at > published_after]
        postings.sort(key=lambda posting: (posting.published_at, posting.pk), reverse=True)
        return postings
