from django.db import migrations

# Recruiters assign hiring managers (the admin's user autocomplete needs view_user) and
# add a posting's own requirements while it is a draft.
RECRUITER_PERMISSIONS = [
    ("accounts", "view_user"),
    ("postings", "view_postingrequirement"),
    ("postings", "add_postingrequirement"),
    ("postings", "change_postingrequirement"),
    ("postings", "delete_postingrequirement"),
    ("roles", "view_rolelevel"),
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    recruiters, _ = Group.objects.get_or_create(name="Recruiters")
    for app_label, codename in RECRUITER_PERMISSIONS:
        recruiters.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    recruiters = Group.objects.filter(name="Recruiters").first()
    if recruiters:
        for app_label, codename in RECRUITER_PERMISSIONS:
            recruiters.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_seed_groups_templates_specialties"),
        ("accounts", "0001_create_user"),
        ("roles", "0001_create_catalog"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
