from django.db import migrations

GROUPS = {
    "Hiring managers": [
        ("applications", "view_application"),
        ("applications", "view_note"),
        ("applications", "add_note"),
        ("applications", "view_scorecard"),
        ("applications", "add_scorecard"),
        ("applications", "change_scorecard"),
        ("postings", "view_jobposting"),
    ],
    "Recruiters": [
        ("applications", "view_application"),
        ("applications", "view_note"),
        ("applications", "add_note"),
        ("applications", "view_scorecard"),
        ("applications", "add_scorecard"),
        ("applications", "change_scorecard"),
        ("applications", "view_stagechange"),
        ("applications", "view_emailtemplate"),
        ("applications", "change_emailtemplate"),
        ("postings", "view_jobposting"),
        ("postings", "change_jobposting"),
        ("postings", "add_jobposting"),
        ("postings", "view_location"),
        ("postings", "add_location"),
        ("postings", "change_location"),
        ("postings", "view_caresetting"),
    ],
}

EMAIL_TEMPLATES = [
    (
        "interview",
        "Interview invitation: {{ posting_title }}",
        "Hello {{ candidate_name }},\n\nThank you for applying for {{ posting_title }} at {{ organization }}. "
        "We would like to invite you to an interview. A member of our team will contact you shortly to agree "
        "on a time.\n\nYou can follow your application here: {{ status_url }}\n\n{{ organization }} Recruiting",
        0,
    ),
    (
        "offer",
        "An offer for {{ posting_title }}",
        "Hello {{ candidate_name }},\n\nWe are delighted to let you know that we are extending an offer for "
        "{{ posting_title }} at {{ organization }}. Your hiring manager will be in touch with the details.\n\n"
        "Your application: {{ status_url }}\n\n{{ organization }} Recruiting",
        0,
    ),
    (
        "rejection",
        "Your application for {{ posting_title }}",
        "Hello {{ candidate_name }},\n\nThank you for your interest in {{ posting_title }} at {{ organization }}. "
        "After careful review we have decided not to move forward with your application for this opening. "
        "We encourage you to apply for other openings that match your experience.\n\n{{ organization }} Recruiting",
        48,
    ),
    (
        "posting_filled",
        "{{ posting_title }} has been filled",
        "Hello {{ candidate_name }},\n\nThank you for applying for {{ posting_title }} at {{ organization }}. "
        "This opening has now been filled, so we have closed it. Your profile stays on file for future "
        "openings.\n\n{{ organization }} Recruiting",
        0,
    ),
]

SPECIALTIES = [
    ("Neuro rehab", "neuro-rehab"),
    ("Hand therapy", "hand-therapy"),
    ("Pediatrics", "pediatrics"),
    ("Geriatrics", "geriatrics"),
    ("Orthopedics", "orthopedics"),
    ("Mental health", "mental-health"),
    ("Sensory integration", "sensory-integration"),
    ("Lymphedema", "lymphedema"),
    ("Low vision", "low-vision"),
    ("Wheelchair seating and mobility", "seating-mobility"),
]


def seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))

    EmailTemplate = apps.get_model("applications", "EmailTemplate")
    for kind, subject, body, delay in EMAIL_TEMPLATES:
        EmailTemplate.objects.get_or_create(
            kind=kind, defaults={"subject": subject, "body": body, "delay_hours": delay}
        )

    Specialty = apps.get_model("applications", "Specialty")
    for name, slug in SPECIALTIES:
        Specialty.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_create_applications"),
        ("postings", "0002_seed_care_settings_and_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
