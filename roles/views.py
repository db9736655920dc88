from django.shortcuts import get_object_or_404, render

from .models import Occupation, Requirement, RoleLevel


def role_list(request):
    levels = list(RoleLevel.objects.on_ladder().with_items())
    occupation = Occupation.objects.prefetch_related("responsibilities", "requirements").first()
    return render(
        request,
        "roles/role_list.html",
        {"levels": levels, "occupation": occupation, "kinds": Requirement.Kind},
    )


def role_detail(request, slug):
    level = get_object_or_404(RoleLevel.objects.with_items(), slug=slug)
    ladder = RoleLevel.objects.on_ladder().only("slug", "short_title", "rank")
    groups = [(label, level.requirements_of_kind(kind)) for kind, label in Requirement.Kind.choices]
    return render(
        request,
        "roles/role_detail.html",
        {
            "level": level,
            "ladder": ladder,
            "requirement_groups": [(label, items) for label, items in groups if items],
        },
    )
