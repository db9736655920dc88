from django.db import migrations

STANDARD = """Dear {{ candidate_name }},

We are delighted to offer you the position of {{ posting_title }} with {{ organization }}{% if facility %} at {{ facility }}{% endif %}.

Start date: {{ start_date }}
Employment: {{ employment_type }}{% if schedule %}, {{ schedule }}{% endif %}
Pay: {{ pay }}{% if assignment_weeks %}
Assignment: {{ assignment_weeks }} weeks{% endif %}{% if weekly_breakdown %}
Each week:
{{ weekly_breakdown }}{% endif %}{% if sign_on_bonus %}
Sign-on bonus: {{ sign_on_bonus }}{% endif %}

This offer depends on the verification of your license, certification and the other credentials the position
requires. Please accept or decline it by {{ expires_on }}.

We look forward to working with you.

{{ organization }}
"""


def seed(apps, schema_editor):
    OfferLetterTemplate = apps.get_model("hiring", "OfferLetterTemplate")
    OfferLetterTemplate.objects.get_or_create(name="Standard offer", defaults={"body": STANDARD})


class Migration(migrations.Migration):
    dependencies = [("hiring", "0005_add_offers")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
