import datetime

from django.db import migrations, models

import applications.report_rows
from applications import report_rows


def fill(apps, schema_editor):
    # The stays again with their day and length, and their tallies: one INSERT ... SELECT each, as
    # `manage.py rebuild_report_rows` runs them.
    report_rows.rebuild(using=schema_editor.connection.alias, models_from=apps)


class Migration(migrations.Migration):
    dependencies = [("applications", "0023_report_days")]

    operations = [
        migrations.AddField(
            model_name="stagestay",
            name="day",
            field=models.DateField(
                default=datetime.date(2000, 1, 1), help_text="The day it ended, in the site's time zone."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="stagestay",
            name="days",
            field=models.FloatField(default=0, help_text="Its length in days, as time in stage reports it."),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="stagestay",
            name="tenth",
            field=models.IntegerField(
                default=0, help_text="Its length in tenths of a day, rounded down: its StayDay tally."
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="stagestay",
            name="change",
            field=models.OneToOneField(
                on_delete=applications.report_rows.uncount_deleted_stays,
                primary_key=True,
                related_name="stay",
                serialize=False,
                to="applications.stagechange",
            ),
        ),
        migrations.CreateModel(
            name="StayDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("stage", models.CharField(max_length=10)),
                ("tenth", models.IntegerField()),
                (
                    "stays",
                    models.IntegerField(help_text="0 once every stay it counted was deleted or recomputed elsewhere."),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("day", "stage", "tenth"), name="one_stay_day_per_group")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        # The length index in 0025: PostgreSQL builds no index on a table with foreign-key checks pending.
    ]
