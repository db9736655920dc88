from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("accounts", "0005_user_superuser_index")]

    operations = [
        # The active staff in id order (accounts.models.staff_in): a group's members found among them.
        AddIndexConcurrentlyOnPostgres(
            model_name="user",
            index=models.Index(
                fields=["id"], condition=models.Q(is_staff=True, is_active=True), name="user_active_staff_idx"
            ),
        ),
    ]
