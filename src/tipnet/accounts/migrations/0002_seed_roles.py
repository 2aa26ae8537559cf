from django.db import migrations

ROLES = [
    "system_admin", "national_analyst", "provincial_committee", "police_investigator", "prosecutor",
    "social_worker", "commune_focal_point", "village_volunteer", "prevention_officer", "auditor",
]


def seed(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code in ROLES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_organisations_users_roles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
