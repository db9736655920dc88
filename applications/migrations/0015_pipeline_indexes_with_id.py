from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0014_add_email_attachments_and_hiring_kinds")]

    # The pipeline (by stage, by score) pages over these indexes alone once they hold the id: built before the old goes.
    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="application",
            index=models.Index(
                fields=["posting", "-screening_band", "-match_score", "-submitted_at", "-id"],
                name="application_score_id_idx",
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="application", name="application_score_idx"),
        AddIndexConcurrentlyOnPostgres(
            model_name="application",
            index=models.Index(fields=["posting", "stage", "-submitted_at", "-id"], name="application_stage_id_idx"),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="application", name="application_pipeline_idx"),
        AddIndexConcurrentlyOnPostgres(
            model_name="application",
            index=models.Index(
                fields=["posting", "-submitted_at", "-id", "stage"], name="application_newest_stage_idx"
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="application", name="application_newest_idx"),
    ]
