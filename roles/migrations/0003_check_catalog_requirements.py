"""Mark the catalog items a profile answers (degree, NBCOT, license, CPR/BLS, years, specialty) as checked.

Matched by their text as roles/catalog.json ships it; an item an admin reworded is left to the admin.
Postings already published keep their own copy, as they were answered.
"""

from django.db import migrations

CHECKS = {
    "Master’s degree in Occupational Therapy required": ("masters", 0, 0, ""),
    "Doctor of Occupational Therapy (OTD) is recommended for leadership and advanced roles": ("doctorate", 0, 0, ""),
    "National Board for Certification in Occupational Therapy (NBCOT) required": ("nbcot", 0, 0, ""),
    "State licensure required in all states": ("license", 0, 0, ""),
    "CPR/BLS certification often required by employers": ("cpr_bls", 0, 0, ""),
    "1–3 years of clinical experience in a relevant setting (e.g., inpatient rehab, pediatrics, SNF)": (
        "experience",
        1,
        0,
        "",
    ),
    "Specialized training in neuro rehab, hand therapy, pediatrics, or geriatrics": (
        "specialty",
        0,
        0,
        "neuro-rehab,hand-therapy,pediatrics,geriatrics",
    ),
    "Master’s degree in Occupational Therapy": ("masters", 0, 0, ""),
    "NBCOT certification and active state OT license required": ("nbcot_license", 0, 0, ""),
    "CPR certification may be required depending on setting": ("cpr_bls", 0, 0, ""),
    "NBCOT certification and state licensure required": ("nbcot_license", 0, 0, ""),
    "CPR certification as required by facility": ("cpr_bls", 0, 0, ""),
    "2–4 years of occupational therapy experience": ("experience", 2, 0, ""),
    "Exposure to specialty areas such as neuro, ortho, or geriatrics": (
        "specialty",
        0,
        0,
        "neuro-rehab,orthopedics,geriatrics",
    ),
    "Master’s degree required; Doctorate in Occupational Therapy (OTD) recommended": ("masters", 0, 0, ""),
    "NBCOT certification and active state license required": ("nbcot_license", 0, 0, ""),
    "5+ years of occupational therapy experience": ("experience", 5, 0, ""),
    "Master’s degree required; OTD preferred": ("masters", 0, 0, ""),
    "Active NBCOT certification and state OT license required": ("nbcot_license", 0, 0, ""),
    "6+ years of OT experience with 2+ years in a leadership or supervisory role": ("experience", 6, 2, ""),
    "NBCOT certification and active OT license required": ("nbcot_license", 0, 0, ""),
    "8+ years of clinical experience with 3+ years in rehab leadership": ("experience", 8, 3, ""),
}


def mark_checked_items(apps, schema_editor):
    Requirement = apps.get_model("roles", "Requirement")
    for text, (kind, years, leadership, specialties) in CHECKS.items():
        Requirement.objects.filter(text=text, check_kind="").update(
            check_kind=kind, min_years=years, min_leadership_years=leadership, specialties=specialties
        )


class Migration(migrations.Migration):
    dependencies = [("roles", "0002_add_requirement_checks")]

    operations = [migrations.RunPython(mark_checked_items, migrations.RunPython.noop)]
