"""The open postings at each career level, for the role pages (roles/openings.py; registered in apps.py)."""

from collections import defaultdict

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from roles.openings import LevelOpenings, SettingOpenings

from . import caching
from .cards import pay_range_label
from .models import JobPosting


def level_openings(levels):
    """{level id: LevelOpenings}: open postings by care setting, and the pay range of those showing their pay.

    Cached with the board (they change with it); built, one GROUP BY query
    (level, setting, pay unit) over the open postings of `levels`, whatever
    their number: what the board lists, counted as it counts.
    """
    slugs = {level.pk: level.slug for level in levels}
    return caching.cached("level-openings", lambda: _count(slugs), variant=",".join(map(str, sorted(slugs))))


def _count(slugs):
    shown = Q(show_salary=True)
    rows = (
        JobPosting.objects.open()
        .filter(level_id__in=slugs)
        .order_by()
        .values_list("level_id", "setting__position", "setting__name", "setting__slug", "salary_unit")
        .annotate(
            n=Count("*"),
            low=Min(Coalesce("salary_min", "salary_max"), filter=shown),
            high=Max(Coalesce("salary_max", "salary_min"), filter=shown),
        )
        .values_list(
            "level_id", "setting__position", "setting__name", "setting__slug", "salary_unit", "n", "low", "high"
        )
    )
    by_setting = defaultdict(lambda: defaultdict(int))  # level → (position, name, slug) → postings
    pay = defaultdict(dict)  # level → unit → [lowest, highest]
    for level_id, position, name, slug, unit, n, low, high in rows:
        by_setting[level_id][position, name, slug] += n
        if low is not None:
            lowest, highest = pay[level_id].get(unit, (low, high))
            pay[level_id][unit] = (min(lowest, low), max(highest, high))
    board = reverse("postings:board")
    openings = {}
    for level_id, settings in by_setting.items():
        level_url = f"{board}?role={slugs[level_id]}"
        openings[level_id] = LevelOpenings(
            count=sum(settings.values()),
            url=level_url,
            by_setting=[
                SettingOpenings(name=name, count=n, url=f"{level_url}&setting={slug}")
                for (_, name, slug), n in sorted(settings.items())
            ],
            pay=[
                pay_range_label(low, high, unit)
                for unit, (low, high) in sorted(pay[level_id].items(), key=lambda item: item[0] != "year")
            ],
        )
    return openings
