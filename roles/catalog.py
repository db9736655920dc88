"""Loading the OT role catalog from `roles/catalog.json`, the repo's copy of the job descriptions."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import InterviewQuestion, Occupation, Requirement, Responsibility, RoleLevel

CATALOG_PATH = Path(__file__).resolve().parent / "catalog.json"

LEVEL_FIELDS = (
    "title",
    "short_title",
    "rank",
    "ladder_focus",
    "overview",
    "min_years_experience",
    "max_years_experience",
    "min_years_leadership",
)
# How the profile answers an item (see Requirement.Check); absent in the file for items candidates are asked.
CHECK_FIELDS = ("check_kind", "min_years", "min_leadership_years", "specialties")
OCCUPATION_FIELDS = ("name", "abbreviation", "summary", "settings_and_teams", "national_average_salary", "salary_note")


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    reset: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    kits_added: list = field(default_factory=list)


def read_catalog(path=CATALOG_PATH):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _replace_items(owner_kwargs, data):
    Responsibility.objects.filter(**owner_kwargs).delete()
    Requirement.objects.filter(**owner_kwargs).delete()
    Responsibility.objects.bulk_create(
        Responsibility(text=text, position=index, **owner_kwargs)
        for index, text in enumerate(data["responsibilities"], start=1)
    )
    Requirement.objects.bulk_create(
        Requirement(
            text=item["text"],
            kind=item["kind"],
            importance=item["importance"],
            position=index,
            **{name: item[name] for name in CHECK_FIELDS if name in item},
            **owner_kwargs,
        )
        for index, item in enumerate(data["requirements"], start=1)
    )


def _replace_kit(level, data):
    InterviewQuestion.objects.filter(level=level).delete()
    InterviewQuestion.objects.bulk_create(
        InterviewQuestion(level=level, focus=item["focus"], question=item["question"], position=index)
        for index, item in enumerate(data.get("interview_kit", []), start=1)
    )


@transaction.atomic
def load_catalog(*, reset=False, data=None):
    """Create what is missing; with reset, restore every level to the file's text.

    Without reset, a level (or the occupation) that already exists is left
    exactly as an admin edited it, so running this on every deploy is safe.
    Reset updates rows in place, so postings that point at a level keep it.
    """
    data = data or read_catalog()
    report = LoadReport()

    occ_data = data["occupation"]
    occupation = Occupation.objects.filter(slug=occ_data["slug"]).first()
    if occupation is None or reset:
        values = {name: occ_data[name] for name in OCCUPATION_FIELDS}
        occupation, created = Occupation.objects.update_or_create(slug=occ_data["slug"], defaults=values)
        _replace_items({"occupation": occupation}, occ_data)
        (report.created if created else report.reset).append(occupation.name)
    else:
        report.kept.append(occupation.name)

    existing = {level.slug: level for level in RoleLevel.objects.all()}
    if reset:
        # Ranks are unique: park the existing ones out of the way before renumbering.
        for offset, level in enumerate(existing.values(), start=1):
            RoleLevel.objects.filter(pk=level.pk).update(rank=1000 + offset)
    for level_data in data["levels"]:
        level = existing.get(level_data["slug"])
        if level is not None and not reset:
            report.kept.append(level.title)
            # The kits came after the levels: a level kept as edited still gets the file's kit while it has none.
            if level_data.get("interview_kit") and not level.interview_questions.exists():
                _replace_kit(level, level_data)
                report.kits_added.append(level.title)
            continue
        values = {name: level_data[name] for name in LEVEL_FIELDS}
        level, created = RoleLevel.objects.update_or_create(
            slug=level_data["slug"], defaults={**values, "occupation": occupation}
        )
        _replace_items({"level": level}, level_data)
        _replace_kit(level, level_data)
        (report.created if created else report.reset).append(level.title)
    return report
