from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0020_application_candidate_team_index")]

    operations = [
        # verification.audit.hires: the newest hires first, a page at a time, in the index's order. It serves what
        # the (to_stage, at) index served, so that one goes once this one is built.
        AddIndexConcurrentlyOnPostgres(
            model_name="stagechange",
            index=models.Index(fields=["to_stage", "at", "application"], name="stagechange_stage_at_app_idx"),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="stagechange", name="stagechange_report_idx"),
    ]
