from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Q


def _index(**kwargs):
    return GinIndex(SearchVector("search_text", config="english"), **kwargs)


# Keyword search on the board (JobPostingQuerySet.search() on open postings) only ever looks at
# published postings: indexing just those keeps the rows to recheck and rank few at any size.
OLD = _index(name="posting_search_gin_idx")
NEW = _index(name="posting_published_search_idx", condition=Q(status="published"))


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("postings", "JobPosting")
        schema_editor.remove_index(model, OLD)
        schema_editor.add_index(model, NEW)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("postings", "JobPosting")
        schema_editor.remove_index(model, NEW)
        schema_editor.add_index(model, OLD)


class Migration(migrations.Migration):
    dependencies = [("postings", "0003_add_posting_updated_index")]

    operations = [migrations.RunPython(forwards, backwards)]
