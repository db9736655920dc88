from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CARE_SETTINGS = [
    ("Hospital (acute care)", "hospital", "Acute inpatient care: early mobility, ADLs and discharge planning."),
    (
        "Inpatient rehabilitation facility",
        "inpatient-rehab",
        "Intensive daily therapy after stroke, injury or surgery.",
    ),
    ("Outpatient clinic", "outpatient-clinic", "Scheduled visits: hands, upper extremity, neuro and ortho follow-up."),
    ("Skilled nursing facility", "skilled-nursing", "Short-term rehab and long-term care for older adults."),
    ("School / pediatrics", "school-pediatrics", "Children's sensory, motor and school-participation goals."),
    ("Home health", "home-health", "Visits in patients' homes: safety, equipment and routines."),
    (
        "Community / behavioral health",
        "community-behavioral-health",
        "Mental health, life skills and community living.",
    ),
]


def seed_care_settings(apps, schema_editor):
    CareSetting = apps.get_model("postings", "CareSetting")
    for position, (name, slug, description) in enumerate(CARE_SETTINGS, start=1):
        CareSetting.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def _search_index():
    # Keyword search on the board: JobPostingQuerySet.search() filters on this very expression.
    return GinIndex(SearchVector("search_text", config="english"), name="posting_search_gin_idx")


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("postings", "JobPosting"), _search_index())


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("postings", "JobPosting"), _search_index())


class Migration(migrations.Migration):
    dependencies = [("postings", "0001_create_postings")]

    operations = [
        migrations.RunPython(seed_care_settings, migrations.RunPython.noop),
        migrations.RunPython(add_search_index, remove_search_index),
    ]
