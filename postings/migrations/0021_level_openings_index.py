from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("postings", "0020_board_order_index"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="jobposting",
            index=models.Index(
                fields=["level", "setting", "closes_at", "salary_unit", "show_salary", "salary_min", "salary_max"],
                condition=models.Q(("status", "published")),
                name="posting_level_openings_idx",
            ),
        ),
    ]
