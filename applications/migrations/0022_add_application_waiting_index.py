from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0021_stagechange_stage_at_application_index")]

    operations = [
        # Time in stage's waiting list over every posting: open applications by how long they have waited.
        AddIndexConcurrentlyOnPostgres(
            model_name="application",
            index=models.Index(
                condition=models.Q(("stage__in", ["submitted", "screening", "interview", "offer"])),
                fields=["stage_changed_at", "id"],
                name="application_waiting_idx",
            ),
        ),
    ]
