"""The pay-transparency laws known in late 2025: where a posting must show a pay range, from when, for whom.

Dates and sizes as law-firm summaries gave them (Ogletree, National Law Review, Duane Morris); check the
statute before relying on one. Connecticut, Rhode Island and Nevada require disclosure on request or at
interview, not in the posting, so they are not here. Admins add or correct rules in the admin.
"""

import datetime

from django.db import migrations

RULES = [
    # state, city, law, in force from, employers with at least N employees
    ("CO", "", "Colorado Equal Pay for Equal Work Act", datetime.date(2021, 1, 1), 1),
    ("CA", "", "California Labor Code § 432.3 (SB 1162)", datetime.date(2023, 1, 1), 15),
    ("WA", "", "Washington Equal Pay and Opportunities Act (RCW 49.58.110)", datetime.date(2023, 1, 1), 15),
    ("NY", "New York", "New York City Human Rights Law § 8-107(32)", datetime.date(2022, 11, 1), 4),
    ("NY", "", "New York Labor Law § 194-b", datetime.date(2023, 9, 17), 4),
    ("HI", "", "Hawaii Act 203 (2023), HRS § 378-2.4", datetime.date(2024, 1, 1), 50),
    ("DC", "", "DC Wage Transparency Omnibus Amendment Act of 2023", datetime.date(2024, 6, 30), 1),
    ("MD", "", "Maryland Wage Range Transparency Act", datetime.date(2024, 10, 1), 1),
    ("IL", "", "Illinois Equal Pay Act of 2003, as amended by HB 3129", datetime.date(2025, 1, 1), 15),
    ("MN", "", "Minnesota Statutes § 181.173", datetime.date(2025, 1, 1), 30),
    ("NJ", "", "New Jersey Pay Transparency Act", datetime.date(2025, 6, 1), 10),
    ("VT", "", "Vermont Act 155 (2024)", datetime.date(2025, 7, 1), 5),
    ("MA", "", "Massachusetts Frances Perkins Workplace Equity Act", datetime.date(2025, 10, 29), 26),
    ("OH", "Cleveland", "Cleveland Ordinance No. 104-2025", datetime.date(2025, 10, 27), 15),
]


def seed_rules(apps, schema_editor):
    PayTransparencyRule = apps.get_model("postings", "PayTransparencyRule")
    for state, city, law, in_force_from, min_employees in RULES:
        PayTransparencyRule.objects.get_or_create(
            state=state,
            city=city,
            law=law,
            defaults={"in_force_from": in_force_from, "min_employees": min_employees},
        )


class Migration(migrations.Migration):
    dependencies = [("postings", "0017_add_pay_transparency_rules")]

    operations = [migrations.RunPython(seed_rules, migrations.RunPython.noop)]
