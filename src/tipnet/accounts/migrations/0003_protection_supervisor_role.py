from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.get_or_create(code="protection_supervisor")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_seed_roles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
