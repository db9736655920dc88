import factory

from accounts.models import User
from roles.models import Occupation, Requirement, Responsibility, RoleLevel


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation
        django_get_or_create = ("slug",)

    name = "Occupational Therapist"
    slug = "occupational-therapist"
    abbreviation = "OT"
    summary = "Occupational therapists help people regain independence in daily life."


class RoleLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleLevel

    occupation = factory.SubFactory(OccupationFactory)
    rank = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Staff Occupational Therapist {n}")
    short_title = factory.Sequence(lambda n: f"Staff OT {n}")
    slug = factory.Sequence(lambda n: f"staff-ot-{n}")
    overview = "Provide occupational therapy to adults in an inpatient rehabilitation unit."
    min_years_experience = 2


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    level = factory.SubFactory(RoleLevelFactory)
    text = factory.Sequence(lambda n: f"Carry out treatment plan step {n}")
    position = factory.Sequence(int)


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    level = factory.SubFactory(RoleLevelFactory)
    kind = Requirement.Kind.CERTIFICATION
    importance = Requirement.Importance.REQUIRED
    text = factory.Sequence(lambda n: f"Certification number {n}")
    position = factory.Sequence(int)
