from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("hiring", "0012_interview_report_row")]

    operations = [
        # The sources report now reads the interviews booked from the applicants' report rows. The field had no
        # column, so only the state changes (SQLite's schema editor cannot remove a ForeignObject).
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="interview", name="report_row")]
        ),
    ]
