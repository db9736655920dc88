import postings.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("postings", "0008_salary_sort_index")]

    operations = [
        migrations.AddField(
            model_name="jobposting",
            name="work_mode",
            field=models.CharField(
                choices=[("on_site", "On site"), ("hybrid", "Hybrid"), ("telehealth", "Telehealth (remote)")],
                default="on_site",
                help_text="Telehealth: fully remote, with patients in the location's state (where the license is needed); Google then lists it as a remote job. Hybrid: partly on site, partly remote.",
                max_length=12,
                verbose_name="how the work is done",
            ),
        ),
        migrations.AddField(
            model_name="location",
            name="latitude",
            field=models.FloatField(
                blank=True,
                help_text="Filled from the ZIP code on saving. Correct it here if the facility is far from its ZIP code's centre.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="location",
            name="longitude",
            field=models.FloatField(blank=True, help_text="Filled from the ZIP code, like the latitude.", null=True),
        ),
        migrations.AddField(
            model_name="location",
            name="time_zone",
            field=models.CharField(
                blank=True,
                help_text="IANA name, e.g. America/Chicago. Filled from the ZIP code; correct it for a facility on a time-zone line.",
                max_length=64,
                validators=[postings.models.validate_time_zone],
            ),
        ),
    ]
