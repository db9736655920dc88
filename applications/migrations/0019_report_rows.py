import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0018_add_credential_expiry_indexes"),
        ("postings", "0019_add_posting_interview_kits"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApplicationReportRow",
            fields=[
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="report_row",
                        serialize=False,
                        to="applications.application",
                    ),
                ),
                ("submitted_at", models.DateTimeField()),
                ("source", models.CharField(max_length=12)),
                ("utm_source", models.CharField(blank=True, max_length=40)),
                ("stage", models.CharField(help_text="Where the application stands now.", max_length=10)),
                (
                    "furthest",
                    models.PositiveSmallIntegerField(
                        help_text="The furthest forward stage reached, as its position in FORWARD_STAGES (0, "
                        "submitted, to 4, hired): the stage it stands in, or any it was ever moved into, undone "
                        "moves included."
                    ),
                ),
                ("hired_at", models.DateTimeField(help_text="Standing in hired: its last move there.", null=True)),
                (
                    "posting",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="postings.jobposting",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="StageStay",
            fields=[
                (
                    "change",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="stay",
                        serialize=False,
                        to="applications.stagechange",
                    ),
                ),
                ("stage", models.CharField(max_length=10)),
                ("entered_at", models.DateTimeField()),
                ("left_at", models.DateTimeField()),
                (
                    "posting",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="postings.jobposting",
                    ),
                ),
            ],
        ),
        # Filled by 0024, once the stays have every column (`report_rows.rebuild`).
        migrations.AddIndex(
            model_name="applicationreportrow",
            index=models.Index(
                fields=["submitted_at", "posting", "furthest", "stage", "source", "utm_source"],
                name="reportrow_submitted_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="applicationreportrow",
            index=models.Index(
                fields=["posting", "submitted_at", "furthest", "stage", "source", "utm_source"],
                name="reportrow_posting_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="applicationreportrow",
            index=models.Index(
                condition=models.Q(("hired_at__isnull", False)),
                fields=["hired_at", "posting", "submitted_at"],
                name="reportrow_hired_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="stagestay",
            index=models.Index(fields=["left_at", "posting", "stage", "entered_at"], name="stagestay_left_idx"),
        ),
        migrations.AddIndex(
            model_name="stagestay",
            index=models.Index(fields=["posting", "left_at", "stage", "entered_at"], name="stagestay_posting_idx"),
        ),
    ]
