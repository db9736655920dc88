from django.db import migrations

# No interviewer in two overlapping interviews: an exclusion constraint over the booked time range, which
# only PostgreSQL has (btree_gist lets it compare the interviewer id inside a GiST index). On SQLite the
# locks of hiring.interviews.book() and the unique (interviewer, start) constraint stand alone.
CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE hiring_panelist ADD CONSTRAINT interviewer_never_in_two_interviews_at_once
    EXCLUDE USING gist (interviewer_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (starts_at IS NOT NULL);
"""
DROP = "ALTER TABLE hiring_panelist DROP CONSTRAINT IF EXISTS interviewer_never_in_two_interviews_at_once;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("hiring", "0003_add_interviews")]

    operations = [migrations.RunPython(create, drop)]
