import sys

from django.core.exceptions import ValidationError
from django.db import migrations

import accounts.models


def store_canonical_addresses(apps, schema_editor):
    """Rewrite each stored address in its canonical form; one that has none, or whose form is taken, stays and is named."""
    from accounts.addresses import canonical_email

    User = apps.get_model("accounts", "User")
    taken = set(User.objects.values_list("email", flat=True))
    for user in User.objects.only("pk", "email").order_by("pk"):
        try:
            canonical = canonical_email(user.email)
        except ValidationError:
            sys.stderr.write(f"Account {user.pk}: {user.email!r} has no canonical form; change it in the admin.\n")
            continue
        if canonical == user.email:
            continue
        if canonical in taken:
            sys.stderr.write(f"Account {user.pk}: {user.email!r} is {canonical!r}, which another account has.\n")
            continue
        taken.discard(user.email)
        taken.add(canonical)
        User.objects.filter(pk=user.pk).update(email=canonical)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_add_attempt_counts"),
    ]

    operations = [
        migrations.RunPython(store_canonical_addresses, migrations.RunPython.noop),
        # Uniqueness is now exact on the canonical form; Lower() meant something else to PostgreSQL than to Python.
        migrations.RemoveConstraint(
            model_name="user",
            name="unique_user_email_ignoring_case",
        ),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=accounts.models.CanonicalEmailField(
                error_messages={"unique": "Another account already uses this email address."},
                max_length=254,
                unique=True,
                verbose_name="email address",
            ),
        ),
    ]
