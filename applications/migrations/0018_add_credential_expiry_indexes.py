from django.db import migrations, models

from postings.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("applications", "0017_stage_change_undoes")]

    operations = [
        # The recruiters' page of expiring credentials and the daily expiry run (verification.expiry.expiring):
        # each credential expiring in the next 90 days, a range on each expiry column.
        AddIndexConcurrentlyOnPostgres(
            model_name="statelicense",
            index=models.Index(fields=["expires_on"], name="license_expires_idx"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="candidateprofile",
            index=models.Index(fields=["nbcot_expires_on"], name="profile_nbcot_expires_idx"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="candidateprofile",
            index=models.Index(fields=["cpr_bls_expires_on"], name="profile_cpr_bls_expires_idx"),
        ),
    ]
