from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0027_interviews_booked")]

    operations = [
        # The pipeline by score pages from the index alone for the open stages too: the new one first, so
        # the pipeline is never without an index for its sort.
        AddIndexConcurrentlyOnPostgres(
            model_name="application",
            index=models.Index(
                fields=["posting", "-screening_band", "-match_score", "-submitted_at", "-id", "stage"],
                name="application_score_stage_idx",
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="application", name="application_score_id_idx"),
    ]
