from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("postings", "0006_add_board_version")]

    operations = [
        # The board's facet counts (JobPostingQuerySet.facet_groups() on open postings), answered
        # from this index alone on PostgreSQL instead of a table page per open posting.
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["closes_on", "level", "setting", "employment_type", "location"],
                name="posting_open_facets_idx",
            ),
        ),
    ]
