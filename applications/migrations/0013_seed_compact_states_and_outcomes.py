"""The OT Licensure Compact's member states (no privileges issued yet), and outcomes for answers on file.

Members as the compact commission listed them by 2023 (docs: shared guide DOMAIN.md); states that joined
since are added in the admin, with the day privileges start once the commission announces it.
Answers given before screening checked anything were yes/no: met or not met. Applications keep their
score until `manage.py rescreen` recomputes them under the new rules.
"""

from django.db import migrations
from django.db.models import Q

MEMBERS_2022 = "AL AZ CO GA IA KY ME MD MO NE NH NC OH SC TN UT VA WA WV WI WY".split()
MEMBERS_2023 = "AR IN LA MS MT SD".split()


def seed(apps, schema_editor):
    CompactMemberState = apps.get_model("applications", "CompactMemberState")
    for state in MEMBERS_2022 + MEMBERS_2023:
        CompactMemberState.objects.get_or_create(state=state)
    Answer = apps.get_model("applications", "Answer")
    Answer.objects.filter(meets=False).update(outcome="not_met")
    Application = apps.get_model("applications", "Application")
    Application.objects.filter(Q(knockouts__gt=0)).update(screening_band=0)


class Migration(migrations.Migration):
    dependencies = [("applications", "0012_add_screening_outcomes_and_compact")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
