from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0025_add_stay_length_index")]

    operations = [
        # A standing move is one no undo points at: the undos alone, for the NOT EXISTS of the rejection reasons.
        AddIndexConcurrentlyOnPostgres(
            model_name="stagechange",
            index=models.Index(
                condition=models.Q(("undoes__isnull", False)), fields=["undoes"], name="stagechange_undo_idx"
            ),
        ),
    ]
