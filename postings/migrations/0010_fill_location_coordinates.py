import re

from django.db import migrations


def fill_coordinates_and_time_zones(apps, schema_editor):
    """Every existing location gets the coordinates and time zone of its ZIP code (the zipcodes package's data)."""
    import zipcodes

    Location = apps.get_model("postings", "Location")
    for location in Location.objects.filter(latitude__isnull=True).iterator():
        match = re.match(r"^(\d{5})", location.zip_code or "")
        rows = [row for row in zipcodes.matching(match.group(1)) if row["lat"]] if match else []
        if rows:
            Location.objects.filter(pk=location.pk).update(
                latitude=float(rows[0]["lat"]), longitude=float(rows[0]["long"]), time_zone=rows[0]["timezone"] or ""
            )


class Migration(migrations.Migration):
    dependencies = [("postings", "0009_add_location_coordinates_and_work_mode")]

    operations = [migrations.RunPython(fill_coordinates_and_time_zones, migrations.RunPython.noop)]
