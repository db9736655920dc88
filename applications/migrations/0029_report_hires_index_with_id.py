from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    """Time to fill numbers each posting's hires by date and id: the id in the hires' index, so they are read from it
    alone. It replaces the index without it, of which it is an extension."""

    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("applications", "0028_score_index_with_stage"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="applicationreportrow",
            index=models.Index(
                condition=models.Q(("hired_at__isnull", False)),
                fields=["hired_at", "posting", "submitted_at", "application"],
                name="reportrow_hires_idx",
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="applicationreportrow", name="reportrow_hired_idx"),
    ]
