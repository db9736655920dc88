from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("postings", "0021_level_openings_index"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="jobposting",
            index=models.Index(
                models.F("location"),
                models.F("published_at").desc(),
                models.F("id").desc(),
                models.F("closes_at"),
                condition=models.Q(("status", "published")),
                name="posting_open_location_idx",
            ),
        ),
    ]
