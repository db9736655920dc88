from django.core.management import call_command

from roles.models import InterviewQuestion, Occupation, Requirement, Responsibility, RoleLevel


def _snapshot():
    return (
        list(RoleLevel.objects.values_list("pk", "slug", "title", "overview", "rank")),
        list(Responsibility.objects.order_by("pk").values_list("pk", "text", "position")),
        list(Requirement.objects.order_by("pk").values_list("pk", "text", "kind", "importance")),
        list(Occupation.objects.values_list("pk", "summary")),
        list(InterviewQuestion.objects.order_by("pk").values_list("pk", "focus", "question")),
    )


def test_loading_twice_changes_nothing(db):
    call_command("load_catalog", stdout=None)
    first = _snapshot()
    call_command("load_catalog")
    assert _snapshot() == first
    assert RoleLevel.objects.count() == 5


def test_rerun_keeps_an_admins_edit(catalog):
    senior = catalog["senior-ot"]
    senior.overview = "Rewritten by our recruiting team."
    senior.save()
    senior.requirements.filter(kind=Requirement.Kind.SOFT_SKILL).first().delete()

    call_command("load_catalog")

    senior.refresh_from_db()
    assert senior.overview == "Rewritten by our recruiting team."
    assert senior.requirements.filter(kind=Requirement.Kind.SOFT_SKILL).count() == 2


def test_reset_restores_the_text_and_keeps_the_level_row(catalog):
    senior = catalog["senior-ot"]
    senior.overview = "Rewritten by our recruiting team."
    senior.save()
    senior.responsibilities.all().delete()

    call_command("load_catalog", "--reset")

    restored = RoleLevel.objects.get(slug="senior-ot")
    assert restored.pk == senior.pk
    assert restored.overview.startswith("We are seeking a Senior OT")
    assert restored.responsibilities.count() == 6


def test_a_missing_level_is_added_back_without_touching_the_others(catalog):
    catalog["lead-ot"].delete()
    mid = catalog["mid-level-ot"]
    mid.title = "Occupational Therapist II"
    mid.save()

    call_command("load_catalog")

    assert RoleLevel.objects.get(slug="lead-ot").responsibilities.count() == 6
    assert RoleLevel.objects.get(slug="mid-level-ot").title == "Occupational Therapist II"


def test_every_level_gets_an_interview_kit_drawn_from_its_description(catalog):
    for level in catalog.values():
        kit = list(level.interview_questions.all())
        assert len(kit) == 5, level.slug
        assert all(item.focus and item.question.endswith(("?", ".")) for item in kit)
    assert catalog["senior-ot"].interview_questions.first().focus == "High-acuity cases"


def test_a_level_from_before_kits_gets_the_files_kit_and_keeps_its_edits(catalog):
    senior = catalog["senior-ot"]
    senior.overview = "Rewritten by our recruiting team."
    senior.save()
    senior.interview_questions.all().delete()
    lead = catalog["lead-ot"]
    lead.interview_questions.filter(position=1).update(question="Our own first question?")

    call_command("load_catalog")

    senior.refresh_from_db()
    assert senior.overview == "Rewritten by our recruiting team."
    assert senior.interview_questions.count() == 5
    assert lead.interview_questions.get(position=1).question == "Our own first question?"


def test_reset_restores_the_kit(catalog):
    lead = catalog["lead-ot"]
    lead.interview_questions.filter(position=1).update(question="Our own first question?")

    call_command("load_catalog", "--reset")

    assert lead.interview_questions.get(position=1).question.startswith("How do you support OT staff")
