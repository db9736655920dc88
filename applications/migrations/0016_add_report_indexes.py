from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0015_pipeline_indexes_with_id")]

    operations = [
        # The reports' cohort over every posting: applications submitted in a period.
        AddIndexConcurrentlyOnPostgres(
            model_name="application",
            index=models.Index(fields=["submitted_at"], name="application_submitted_idx"),
        ),
        # Time in stage: the moves made in a period.
        AddIndexConcurrentlyOnPostgres(
            model_name="stagechange",
            index=models.Index(fields=["at"], name="stagechange_at_idx"),
        ),
    ]
