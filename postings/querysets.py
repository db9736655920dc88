"""How postings are read: the named querysets of JobPosting.objects and the SQL expressions they sort and search by.

The expressions live here because JobPosting's fields and indexes are built on
them too (models.py imports this module): one expression for the column or
index and for the query that must match it.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, models
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import geo
from .board_version import BoardVersion
from .cards import CARD_FIELDS

# Paid hours in a full-time year: compares hourly with yearly pay when sorting by salary.
HOURS_PER_YEAR = 2080


class SearchDocument(SearchVector):
    """`search_text` as an English tsvector on PostgreSQL; NULL on SQLite, which searches the text itself.

    The expression of JobPosting.search_document, a stored generated column:
    a search matches the stored vector and the board's index reads its words
    (postings/lexicon.py) instead of parsing every description again.
    """

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def yearly_pay():
    """A posting's highest shown pay per year (hourly pay times 2,080 hours); 0 when hidden or unknown.

    One expression for the board's sort (JobPostingQuerySet.best_paid_first())
    and for the pay the board's index reads (postings/board_index.py). 0
    rather than NULL, so "unknown last" needs no NULLS LAST.
    """
    top = Coalesce(F("salary_max"), F("salary_min"), Value(0))
    return Case(
        When(show_salary=False, then=Value(0)),
        # "hour" is JobPosting.SalaryUnit.HOUR, which cannot be imported here: models.py imports this module.
        When(salary_unit="hour", then=top * Value(HOURS_PER_YEAR)),
        default=top,
        output_field=models.DecimalField(max_digits=12, decimal_places=2),
    )


class JobPostingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Every bulk change of postings (publish, close, a location's new address) also changes the board.

        A new closing date moves the closing instant too (refresh_closing_moments).
        """
        changed = list(self.values_list("pk", flat=True)) if "closes_on" in kwargs else None
        rows = super().update(**kwargs)
        if changed:
            self.model.objects.filter(pk__in=changed).refresh_closing_moments()
        if rows:
            _bump_board_version()
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        """Postings added in bulk (demo data, imports) change the board too: no post_save is sent for them.

        Their closing instant is set here, as save() sets it.
        """
        for posting in objs:
            posting.closes_at = posting.closing_moment()
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            _bump_board_version()
        return created

    def refresh_closing_moments(self):
        """Set `closes_at` from the closing date and the location's zone again, for these postings."""
        postings = list(
            self.select_related("location").only("closes_on", "closes_at", "location", "location__time_zone")
        )
        for posting in postings:
            posting.closes_at = posting.closing_moment()
        self.model.objects.bulk_update(postings, ["closes_at"], batch_size=500)

    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def open(self, now=None):
        """Published and not past the end of their closing day in their own zone: what the public board lists."""
        now = now or timezone.now()
        return self.published().filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))

    def expired(self, now=None):
        """Published, but their closing day has ended where they are."""
        return self.published().filter(closes_at__lte=now or timezone.now())

    def for_level(self, slug):
        return self.filter(level__slug=slug)

    def in_setting(self, slug):
        return self.filter(setting__slug=slug)

    def in_state(self, state):
        return self.filter(location__state=state.upper())

    def of_type(self, employment_type):
        return self.filter(employment_type=employment_type)

    def in_work_mode(self, work_mode):
        return self.filter(work_mode=work_mode)

    def near(self, place, miles):
        """Postings whose location is within `miles` of `place` (a geo.Place), with their `distance_miles`.

        The bounding box on the location's latitude and longitude is what an
        index can serve (location_coordinates_idx); the great-circle distance
        then drops the box's corners. Locations without coordinates never match.
        """
        south, north, west, east = geo.bounding_box(place, miles)
        box = Q(location__latitude__gte=south, location__latitude__lte=north)
        if west <= east:
            box &= Q(location__longitude__gte=west, location__longitude__lte=east)
        else:  # across the 180th meridian
            box &= Q(location__longitude__gte=west) | Q(location__longitude__lte=east)
        distance = geo.great_circle_miles(place.latitude, place.longitude, "location__latitude", "location__longitude")
        return self.filter(box).alias(distance_miles=distance).filter(distance_miles__lte=miles)

    def public(self):
        """Postings anyone may read about: published or closed, never drafts."""
        return self.exclude(status=self.model.Status.DRAFT)

    def assigned_to(self, managers):
        """Postings with any of `managers` (users or a queryset of them) among their hiring managers.

        A subquery rather than a join, so a posting two of them manage comes once.
        """
        through = self.model.hiring_managers.through
        return self.filter(pk__in=through.objects.filter(user__in=managers).values("jobposting_id"))

    def managed_by(self, user):
        """Postings a person may review: all for recruiters and admins, assigned ones for managers."""
        if user.sees_every_posting:
            return self
        return self.filter(hiring_managers=user)

    def with_card_data(self):
        return self.select_related("level", "setting", "location")

    def for_cards(self):
        """What JobPosting.card() reads and nothing more: no description, search text or level texts."""
        return self.with_card_data().only(*CARD_FIELDS)

    def with_page_data(self):
        """What the posting page shows, in three queries: the posting, its requirements, its level's duties."""
        return self.with_card_data().prefetch_related("requirements", "level__responsibilities")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def best_paid_first(self):
        """Highest shown pay first, hourly pay compared as yearly (2,080 hours); hidden or no pay last.

        A posting that keeps its range internal must not move up the list
        because of it, so its pay counts as unknown here.
        """
        return self.order_by(yearly_pay().desc(), "-published_at", "-pk")

    def nearest_first(self):
        """Closest first, after near(); newest first among postings at the same place."""
        return self.order_by("distance_miles", "-published_at", "-pk")

    def in_board_order(self, sort=""):
        """The board's order without keywords: by `sort` when asked, else newest.

        The board and the API page through their index (postings/board_index.py), which keeps this order and
        ranks keyword matches itself (postings/lexicon.py); tests/postings/test_board_index.py holds the two to
        each other.
        """
        if sort == "salary":
            return self.best_paid_first()
        if sort == "distance" and "distance_miles" in self.query.annotations:
            return self.nearest_first()
        return self.newest_first()

    def in_order_of(self, pks):
        """These postings with ids `pks`, in that order (one query); an id no longer here is left out."""
        found = self.in_bulk(pks)
        return [found[pk] for pk in pks if pk in found]

    def count_by(self, field):
        """{value of `field`: number of postings}, in one GROUP BY query."""
        # Count("*"), not Count("pk"): the id is in no covering index, so counting it would visit the table.
        return dict(self.order_by().values_list(field).annotate(n=Count("*")).values_list(field, "n"))

    def search(self, query):
        """Keyword search over title, description, facility and city.

        PostgreSQL: full-text search on the stored `search_document` vector
        and its GIN index over published postings (migration 0005), matched
        and not ranked: the board's index ranks (postings/lexicon.py).
        Elsewhere: every word must appear somewhere.
        """
        query = normalize_keywords(query)
        if not query:
            return self
        if connections[self.db].vendor == "postgresql":
            return self.filter(search_document=SearchQuery(query, config="english", search_type="websearch"))
        condition = Q()
        for word in keyword_words(query):
            condition &= Q(search_text__icontains=word)
        return self.filter(condition)

    def keyword_matches(self, queries):
        """{keywords: ids of the postings in this queryset that search(keywords) finds}, for many keywords at once.

        The job alerts' run asks this for a batch of alerts in one query:
        PostgreSQL parses each query once and tests it against the stored
        vectors of these postings; elsewhere every word must appear in the
        search text, as in search().
        """
        queries = {normalize_keywords(query) for query in queries} - {""}
        if not queries:
            return {}
        found = {query: set() for query in queries}
        if connections[self.db].vendor == "postgresql":
            these, these_params = self.order_by().values("pk").query.get_compiler(self.db).as_sql()
            table = self.model._meta.db_table
            with connections[self.db].cursor() as cursor:
                cursor.execute(
                    "WITH k AS MATERIALIZED (SELECT q, websearch_to_tsquery('english'::regconfig, q) AS tsq "
                    "FROM unnest(%s::text[]) AS q) "
                    f"SELECT k.q, p.id FROM k JOIN {table} p ON p.search_document @@ k.tsq WHERE p.id IN ({these})",
                    [sorted(queries), *these_params],
                )
                for query, pk in cursor.fetchall():
                    found[query].add(pk)
            return found
        texts = [(pk, text.lower()) for pk, text in self.values_list("pk", "search_text")]
        for query in queries:
            words = [word.lower() for word in keyword_words(query)]
            found[query] = {pk for pk, text in texts if all(word in text for word in words)}
        return found


def normalize_keywords(query):
    return " ".join((query or "").split())


def keyword_words(query):
    """The words a search without full-text search requires: the first ten."""
    return query.split()[:10]


def _bump_board_version():
    BoardVersion.bump()
