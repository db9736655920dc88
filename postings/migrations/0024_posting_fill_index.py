from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    """Time to fill reads each hire's posting's openings and publishing date by id: from this index alone."""

    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("postings", "0023_board_index_covering_index"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="jobposting",
            index=models.Index(fields=["id", "openings", "published_at"], name="posting_fill_idx"),
        ),
    ]
