from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0007_add_outgoing_unattached_to_index")]

    operations = [
        # The API's applications list: a posting's applicants in the order they last changed (api/).
        AddIndexConcurrentlyOnPostgres(
            model_name="application",
            index=models.Index(fields=["posting", "stage_changed_at", "id"], name="application_changes_idx"),
        ),
    ]
