from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("accounts", "0004_add_email_verified_at")]

    operations = [
        # The admins among every account (hiring.interview_forms.interviewer_choices), without reading them all.
        AddIndexConcurrentlyOnPostgres(
            model_name="user",
            index=models.Index(fields=["id"], condition=models.Q(is_superuser=True), name="user_superuser_idx"),
        ),
    ]
