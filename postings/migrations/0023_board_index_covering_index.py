from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    """The board pages and sorts in each worker's index of the open postings (postings/board_index.py), which reads
    them all newest first: one covering index for that read replaces the two that served the pages and the pay sort."""

    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("postings", "0022_open_location_index"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="jobposting",
            index=models.Index(
                models.OrderBy(models.F("published_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                models.F("closes_at"),
                models.F("level"),
                models.F("setting"),
                models.F("location"),
                models.F("employment_type"),
                models.F("work_mode"),
                models.F("show_salary"),
                models.F("salary_unit"),
                models.F("salary_min"),
                models.F("salary_max"),
                condition=models.Q(("status", "published")),
                name="posting_board_index_idx",
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="jobposting", name="posting_salary_sort_idx"),
        RemoveIndexConcurrentlyOnPostgres(model_name="jobposting", name="posting_board_order_idx"),
    ]
