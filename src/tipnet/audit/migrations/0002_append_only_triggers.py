from django.db import migrations

from tipnet.audit import guard


def forwards(apps, schema_editor):
    guard.install(schema_editor.connection)


def backwards(apps, schema_editor):
    guard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_trail")]
    operations = [migrations.RunPython(forwards, backwards)]
