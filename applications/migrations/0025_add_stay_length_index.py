from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0024_stay_lengths_and_days")]

    operations = [
        # Time in stage over every posting: the stays of one tally (a stage, a tenth of a day) in order of length.
        AddIndexConcurrentlyOnPostgres(
            model_name="stagestay",
            index=models.Index(fields=["stage", "tenth", "days", "day"], name="stagestay_length_idx"),
        ),
    ]
