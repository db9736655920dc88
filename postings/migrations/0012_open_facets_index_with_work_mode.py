from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres, RemoveIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("postings", "0011_add_location_coordinates_index")]

    # The board's facet counts now group by the work mode too: the covering index gains that
    # column, so PostgreSQL still answers them from the index alone. The new one is built before
    # the old one goes, so the board is never without it.
    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="jobposting",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["closes_on", "level", "setting", "employment_type", "work_mode", "location"],
                name="posting_open_facet_modes_idx",
            ),
        ),
        RemoveIndexConcurrentlyOnPostgres(model_name="jobposting", name="posting_open_facets_idx"),
    ]
