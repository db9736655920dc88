import uuid

from django.db import migrations, models
from django.utils import timezone


def create_version(apps, schema_editor):
    BoardVersion = apps.get_model("postings", "BoardVersion")
    BoardVersion.objects.get_or_create(pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [("postings", "0005_add_posting_search_document")]

    operations = [
        migrations.CreateModel(
            name="BoardVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(help_text="Random; replaced on every change.", max_length=32)),
                ("changed_at", models.DateTimeField(help_text="When the board last changed.")),
            ],
            options={"verbose_name": "board version"},
        ),
        migrations.RunPython(create_version, migrations.RunPython.noop),
        # Only the old cache key, Max(updated_at), read this index; BoardVersion replaces it.
        migrations.RemoveIndex(model_name="jobposting", name="posting_updated_idx"),
    ]
