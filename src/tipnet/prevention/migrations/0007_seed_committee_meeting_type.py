"""The activity type of a committee, task force or multidisciplinary team meeting (issue 13)."""

from django.db import migrations

ACTIVITY_TYPES = [
    ("committee_meeting", "Committee or task force meeting",
     "កិច្ចប្រជុំគណៈកម្មាធិការ ឬក្រុមការងារ"),
]  # fmt: skip


def seed(apps, schema_editor):
    Model = apps.get_model("prevention", "ActivityType")
    for code, en, km in ACTIVITY_TYPES:
        Model.objects.get_or_create(
            code=code, defaults={"name_en": en, "name_km": km, "sort_order": 130}
        )


class Migration(migrations.Migration):
    dependencies = [("prevention", "0006_groups_committees_campaigns_photos")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
