from django.shortcuts import get_object_or_404, render

from . import openings
from .models import Occupation, Requirement, RoleLevel


def role_list(request):
    levels = list(RoleLevel.objects.on_ladder().with_items())
    open_postings = openings.for_levels(levels)
    for level in levels:
        level.openings = open_postings.get(level.pk)
    occupation = Occupation.objects.prefetch_related("responsibilities", "requirements").first()
    return render(
        request,
        "roles/role_list.html",
        {"levels": levels, "occupation": occupation, "kinds": Requirement.Kind},
    )


def role_detail(request, slug):
    level = get_object_or_404(RoleLevel.objects.with_items(), slug=slug)
    ladder = list(
        RoleLevel.objects.on_ladder().only(
            "slug",
            "short_title",
            "title",
            "rank",
            "ladder_focus",
            "min_years_experience",
            "max_years_experience",
            "min_years_leadership",
        )
    )
    groups = [(label, level.requirements_of_kind(kind)) for kind, label in Requirement.Kind.choices]
    return render(
        request,
        "roles/role_detail.html",
        {
            "level": level,
            "ladder": ladder,
            "next_step": next((step for step in ladder if step.rank > level.rank), None),
            "openings": openings.for_levels([level]).get(level.pk),
            "requirement_groups": [(label, items) for label, items in groups if items],
        },
    )
