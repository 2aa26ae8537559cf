"""Offence titles shown to users lose the note "(article number unverified)": whether an
article number was checked against the law is for administrators, who see the `verified`
column in the admin (issue 11)."""

from django.db import migrations, models

NOTES = (" (article number unverified)", " (លេខមាត្រាមិនទាន់ផ្ទៀងផ្ទាត់)")


def strip_notes(apps, schema_editor):
    Offence = apps.get_model("cases", "Offence")
    for offence in Offence.objects.all():
        en, km = offence.title_en, offence.title_km
        for note in NOTES:
            en, km = en.replace(note, ""), km.replace(note, "")
        if (en, km) != (offence.title_en, offence.title_km):
            offence.title_en, offence.title_km = en, km
            offence.save(update_fields=["title_en", "title_km"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_access_check_indexes")]
    operations = [
        migrations.RunPython(strip_notes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="offence",
            name="verified",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Tick once the article number and title are checked against the law text. "
                    "Users see the offence the same way either way."
                ),
                verbose_name="verified against the law text",
            ),
        ),
    ]
