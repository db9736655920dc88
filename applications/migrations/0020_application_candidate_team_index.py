from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0019_report_rows")]

    operations = [
        # verification.expiry: each watched candidate's postings (their hiring teams), from the index alone.
        AddIndexConcurrentlyOnPostgres(
            model_name="application",
            index=models.Index(fields=["candidate", "stage", "posting"], name="application_candidate_team_idx"),
        ),
    ]
