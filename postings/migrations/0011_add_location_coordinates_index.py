from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("postings", "0010_fill_location_coordinates")]

    operations = [
        # Distance search (JobPostingQuerySet.near()): the bounding box around the searched point.
        AddIndexConcurrentlyOnPostgres(
            model_name="location",
            index=models.Index(fields=["latitude", "longitude"], name="location_coordinates_idx"),
        ),
    ]
