from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("postings", "0014_add_posting_closes_at")]

    # The board and the expiry job now compare the closing instant (closes_at), not the date: the
    # indexes that served the date serve the instant instead, each built before the old one goes.
    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="jobposting",
            index=models.Index(fields=["status", "closes_at"], name="posting_status_closing_idx"),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="jobposting", name="posting_status_closes_idx"),
        AddIndexConcurrentlyOnPostgres(
            model_name="jobposting",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["closes_at", "level", "setting", "employment_type", "work_mode", "location"],
                name="posting_open_facets_zoned_idx",
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="jobposting", name="posting_open_facet_modes_idx"),
    ]
