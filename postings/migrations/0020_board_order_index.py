from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("postings", "0019_add_posting_interview_kits"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="jobposting",
            index=models.Index(
                models.OrderBy(models.F("published_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                models.F("closes_at"),
                condition=models.Q(("status", "published")),
                name="posting_board_order_idx",
            ),
        ),
    ]
