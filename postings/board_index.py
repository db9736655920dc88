"""The open postings as the board counts, filters and orders them, held by each worker process.

Every board request once asked the database to count the open postings per
filter value and to find its page among them: two scans that grow with the
board (13 of the cold board's 14 ms at 8,000 open postings). Each process
now reads the open postings' facet columns and sort keys once per board
version (one query, a few milliseconds per thousand postings) and answers
from them: a filter value is a bitmask of postings, a facet count the bits
left after ANDing the other chosen filters, a page the next twenty set bits
in the board's order. Keywords are answered from the postings' words, read
at the version's first search (lexicon.py); what stays in the database is
reading the keywords (PostgreSQL's stemming), a phrase's matches, and each
posting's card, once per version at the first page that shows it.

The index is keyed by the board's version (BoardVersion: one token in the
database that every change of a posting, location, setting or level
replaces), so an edit shows in every process with its next request, as for
the cached pages. It also lapses at the first closing instant among its
postings and is rebuilt: a posting leaves the board at the end of its day
without any edit.
"""

import bisect
import itertools
import threading

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from roles.models import RoleLevel

from . import bitmasks, geo
from . import cards as posting_cards
from .lexicon import Lexicon, best_first
from .models import CareSetting, JobPosting
from .querysets import normalize_keywords, yearly_pay

# The columns the board's facets count by (BoardFilterForm.FACETS's values), in the form's order.
FACET_COLUMNS = ("level_id", "setting_id", "location__state", "employment_type", "work_mode")


class _AsFloat(Cast):
    """CAST(... AS a float): sorted as the decimal is, compared many times faster, and read with no converter per
    row (both databases hand back a float already; Django would call float() on each)."""

    def get_db_converters(self, connection):
        return []


_built = None
_building = threading.Lock()


def current(token, now=None):
    """The index of the board under `token` (BoardVersion.current()) at `now`: this process's, or built now."""
    now = now or timezone.now()
    index = _built
    if index is None or not index.holds(token, now):
        with _building:  # threads of one process (runserver) build it once
            index = _built
            if index is None or not index.holds(token, now):
                index = _set(BoardIndex.build(token, now, previous=index))
    return index


def forget():
    """Drop this process's index: the next request builds it (tests, which change data without a new version)."""
    _set(None)


def forget_cards():
    """Drop the cards this process's index keeps, not the index: the next pages make theirs again (the bench's cold
    rows, so that a cold page makes its cards)."""
    index = _built
    if index is not None:
        index._cards = {}


def _set(index):
    global _built
    _built = index
    return index


class BoardIndex:
    """The open postings at one board version, in the board's default order (newest first)."""

    def __init__(self, token, built_at, rows, options, earlier=None):
        """`rows`: (id, closing instant, latitude, longitude, yearly pay, *FACET_COLUMNS) per open posting, newest
        first; `earlier`: the lexicon of an earlier version, if one was read, to carry forward."""
        self.token = token
        self.built_at = built_at
        # The filters' choices (levels on the ladder, care settings) change with the board: kept with it.
        self.options = options
        self.size = len(rows)
        pks, closing, latitudes, longitudes, pay, *facet_values = (
            zip(*rows) if rows else [()] * (5 + len(FACET_COLUMNS))
        )
        self.pks = list(pks)
        self.position = {pk: position for position, pk in enumerate(self.pks)}
        self.every = (1 << self.size) - 1
        self.facets = [bitmasks.masks_by_value(values) for values in facet_values]
        # Ties keep the newest first (a reversed sort is stable too), as ORDER BY pay DESC, published_at DESC,
        # id DESC does.
        self.best_paid = sorted(range(self.size), key=pay.__getitem__, reverse=True)
        # By latitude, then position (a stable sort of the positions in order).
        south_first = sorted(
            (p for p in range(self.size) if latitudes[p] is not None and longitudes[p] is not None),
            key=latitudes.__getitem__,
        )
        self.located = [(latitudes[p], p, longitudes[p]) for p in south_first]
        self.latitudes = [latitudes[p] for p in south_first]
        # The index lapses when its first posting leaves the board; None: none ever does.
        self.lapses_at = min(filter(None, closing), default=None)
        self._lexicon = None
        self._earlier = earlier
        self._cards = {}  # {pk: cards.board_card()}, made by the first page that shows each (cards())
        self._reading = threading.Lock()

    @classmethod
    def build(cls, token, now, previous=None):
        """Three queries: the open postings (one row each, their facet columns and sort keys), the levels, the settings.

        `previous`: the index this one replaces, whose words (lexicon.py) the new one carries forward.
        """
        rows = list(
            JobPosting.objects.open(now)
            .newest_first()
            .annotate(pay=_AsFloat(yearly_pay(), FloatField()))
            .values_list("pk", "closes_at", "location__latitude", "location__longitude", "pay", *FACET_COLUMNS)
        )
        options = {
            "levels": list(RoleLevel.objects.on_ladder().only("slug", "short_title")),
            "settings": list(CareSetting.objects.only("slug", "name")),
        }
        earlier = previous and (previous._lexicon or previous._earlier)
        return cls(token, now, rows, options, earlier)

    def holds(self, token, now):
        """Whether this index is the board under `token` at `now`: no posting has left it since it was built."""
        return token == self.token and self.built_at <= now and (self.lapses_at is None or now < self.lapses_at)

    def select(self, *, chosen, keywords="", place=None, miles=None, sort=""):
        """The postings matching the keywords and the place, with the chosen facet filters to count and apply.

        `chosen`: [(index in FACET_COLUMNS, value as stored)]; `sort`: as in JobPostingQuerySet.in_board_order().
        Keywords cost one query on PostgreSQL (reading them: lexicon.py), two with a phrase (its matches); elsewhere
        one, the database's search, whose matches are listed newest first.
        """
        mask, rank, distance = self.every, None, None
        keywords = normalize_keywords(keywords)
        if keywords:
            words = self.lexicon()
            query = words.parse(keywords) if words else None
            matched = words.match(query) if words else None
            if matched is None:  # a phrase, or no lexicon: the database's search finds the matches
                found = JobPosting.objects.open(self.built_at).search(keywords).order_by().values_list("pk", flat=True)
                matched = bitmasks.mask([self.position[pk] for pk in found if pk in self.position], self.size)
            mask &= matched
            if words and not sort:
                rank = words.scores(query)
        if place is not None:
            distance = self._within(place, miles)
            mask &= bitmasks.mask(distance, self.size)
        return BoardSelection(self, mask, chosen, sort, rank, distance)

    def lexicon(self):
        """The open postings' words (lexicon.py), read at this version's first keyword search; None but on
        PostgreSQL, whose parsed search vectors it is made of."""
        if self._lexicon is None and Lexicon.available():
            with self._reading:
                if self._lexicon is None:
                    self._lexicon, self._earlier = Lexicon.read(self.pks, self._earlier), None
        return self._lexicon

    def cards(self, pks, distance=None):
        """The board's cards (cards.on_board()) of open postings `pks`, in that order; `distance`: {position: miles}.

        Each card is read and made once per version, by the first page that shows it: a page costs one query
        for the postings it is the first to show, none once each was shown. What it shows does not change
        without a new version: its dates are days, its address is the posting's. A posting deleted since this
        version was read (deleting replaces the version) is left out.
        """
        kept = self._cards
        missing = [pk for pk in pks if pk not in kept]
        if missing:
            path = JobPosting.path_maker()
            for posting in JobPosting.objects.for_cards().filter(pk__in=missing):
                kept[posting.pk] = posting_cards.board_card(posting, path)
        distance = distance or {}
        return [posting_cards.on_board(kept[pk], distance.get(self.position[pk])) for pk in pks if pk in kept]

    def _within(self, place, miles):
        """{position: miles away} of the postings within `miles` of `place`: the box, then the great circle."""
        south, north, west, east = geo.bounding_box(place, miles)
        start, stop = bisect.bisect_left(self.latitudes, south), bisect.bisect_right(self.latitudes, north)
        found = {}
        for latitude, position, longitude in self.located[start:stop]:
            if (west <= longitude <= east) if west <= east else (longitude >= west or longitude <= east):
                away = place.miles_to(latitude, longitude)
                if away <= miles:
                    found[position] = away
        return found


class BoardSelection:
    """The postings one board search finds: its facet counts and its results, page by page."""

    def __init__(self, index, mask, chosen, sort, rank, distance):
        self.index = index
        self.mask = mask  # keywords and place
        self.chosen = chosen
        self.sort = sort
        self.rank = rank
        self.distance = distance
        self.results = mask
        for column, value in chosen:
            self.results &= index.facets[column].get(value, 0)

    def facet_counts(self):
        """([{value: postings} for each facet column], number of results).

        A column's counts honour every chosen filter but its own (what choosing each of its values would give);
        the results honour them all.
        """
        counts = []
        for column, values in enumerate(self.index.facets):
            mask = self.mask
            for other, value in self.chosen:
                if other != column:
                    mask &= self.index.facets[other].get(value, 0)
            counts.append({value: n for value, bits in values.items() if (n := (mask & bits).bit_count())})
        return counts, self.results.bit_count()

    def cards(self, pks):
        """The cards of results `pks` (from rows()), with their distance when searching by place."""
        return self.index.cards(pks, self.distance)

    def rows(self, start, stop):
        """The ids of results `start` to `stop` in the board's order (JobPostingQuerySet.in_board_order())."""
        return [self.index.pks[position] for position in self._positions(start, stop)]

    def _positions(self, start, stop):
        index, results, sort = self.index, self.results, self.sort
        if sort == "salary":
            order = index.best_paid
        elif sort == "distance" and self.distance is not None:
            order = sorted(self.distance, key=lambda position: (self.distance[position], position))
        elif not sort and self.rank is not None:
            return self._best_first(start, stop)
        else:  # newest first: the bits' own order
            return bitmasks.set_bits(results, index.size, start, stop)
        if results == index.every:
            return order[start:stop]
        flags = bitmasks.flags(results, index.size)
        return list(itertools.islice((position for position in order if flags[position] == "1"), start, stop))

    def _best_first(self, start, stop):
        """Results `start` to `stop` by their keywords' score (lexicon.py), the newest first among equals: the
        scores' classes are skipped by counting, so a deep page costs what the first does."""
        positions = []
        for scored in best_first(self.rank, self.index.every):
            found = scored & self.results
            n = found.bit_count()
            if start < n:
                positions += bitmasks.set_bits(found, self.index.size, start, min(stop, n))
            start, stop = max(0, start - n), stop - n
            if stop <= 0:
                break
        return positions
