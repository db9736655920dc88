from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0006_add_outgoing_email_headers_and_alert_kinds")]

    operations = [
        # A candidate's export and account deletion: emails to their address outside any application.
        AddIndexConcurrentlyOnPostgres(
            model_name="outgoingemail",
            index=models.Index(
                condition=models.Q(("application__isnull", True)), fields=["to"], name="outgoing_unattached_to_idx"
            ),
        ),
    ]
