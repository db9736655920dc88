import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.db.models import Q

import postings.models

# Keyword search on the board (JobPostingQuerySet.search()): the stored vector is matched and ranked,
# so a search of common words no longer parses hundreds of descriptions per request. Published only,
# as before: the board never searches anything else.
OLD = GinIndex(
    SearchVector("search_text", config="english"), name="posting_published_search_idx", condition=Q(status="published")
)
NEW = GinIndex(fields=["search_document"], name="posting_published_document_idx", condition=Q(status="published"))


def use_stored_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("postings", "JobPosting")
        schema_editor.remove_index(model, OLD)
        schema_editor.add_index(model, NEW)


def use_expression(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("postings", "JobPosting")
        schema_editor.remove_index(model, NEW)
        schema_editor.add_index(model, OLD)


class Migration(migrations.Migration):
    dependencies = [("postings", "0004_search_index_on_published_postings")]

    operations = [
        migrations.AddField(
            model_name="jobposting",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=postings.models.SearchDocument("search_text", config="english"),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.RunPython(use_stored_vector, use_expression),
    ]
