from django.db import migrations

# The seeded letter broke a sentence over two lines ("...the position / requires."), which the letter keeps as a
# line break. Mend it where the letter is still as seeded; an admin's own wording is left alone.
BROKEN = "the other credentials the position\nrequires. Please accept"
MENDED = "the other credentials the position requires.\nPlease accept"


def mend(apps, schema_editor):
    OfferLetterTemplate = apps.get_model("hiring", "OfferLetterTemplate")
    for letter in OfferLetterTemplate.objects.filter(name="Standard offer", body__contains=BROKEN):
        letter.body = letter.body.replace(BROKEN, MENDED)
        letter.save(update_fields=["body"])


def unmend(apps, schema_editor):
    OfferLetterTemplate = apps.get_model("hiring", "OfferLetterTemplate")
    for letter in OfferLetterTemplate.objects.filter(name="Standard offer", body__contains=MENDED):
        letter.body = letter.body.replace(MENDED, BROKEN)
        letter.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("hiring", "0010_add_interview_scorecards")]
    operations = [migrations.RunPython(mend, unmend)]
