import datetime
import zoneinfo

from django.conf import settings
from django.db import migrations, models


def fill_closes_at(apps, schema_editor):
    """The end of each posting's closing day in its location's zone (the site's zone without one)."""
    JobPosting = apps.get_model("postings", "JobPosting")
    postings = list(
        JobPosting.objects.filter(closes_on__isnull=False).select_related("location").only("closes_on", "location")
    )
    for posting in postings:
        name = posting.location.time_zone if posting.location_id else ""
        zone = zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
        next_day = posting.closes_on + datetime.timedelta(days=1)
        posting.closes_at = datetime.datetime.combine(next_day, datetime.time(), tzinfo=zone)
    JobPosting.objects.bulk_update(postings, ["closes_at"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("postings", "0013_limit_hiring_managers_to_the_group")]

    operations = [
        migrations.AddField(
            model_name="jobposting",
            name="closes_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_closes_at, migrations.RunPython.noop),
    ]
