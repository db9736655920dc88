from django.db import migrations, models

from applications import report_rows


def fill(apps, schema_editor):
    # Every row and tally again, now with the interviews booked: the same INSERT ... SELECT as
    # `manage.py rebuild_report_rows` (about 15 s at 500,000 applications).
    report_rows.rebuild(using=schema_editor.connection.alias, models_from=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0026_undo_index"),
        # The interviews counted (hiring.Interview), in the registry the rebuild reads.
        ("hiring", "0013_interviews_booked"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationday",
            name="interviews",
            field=models.IntegerField(default=0, help_text="The interviews booked with those applicants."),
        ),
        migrations.AddField(
            model_name="applicationreportrow",
            name="interviews",
            field=models.PositiveIntegerField(
                default=0, help_text="Interviews booked with the applicant and not cancelled (hiring's Interview)."
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
