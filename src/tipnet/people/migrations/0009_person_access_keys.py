"""People store their access keys (people/keys.py). On PostgreSQL a GIN index on the keys as
an array answers "shares a key with the user" (``access_keys__has_any``), and combines with
the trigram name index. The keys of existing people are computed after the migrations
(``people.apps``: every person whose keys are empty), when every table they read exists."""

from django.db import migrations

import tipnet.people.models

UP = (
    "CREATE INDEX IF NOT EXISTS people_access_keys ON people_person "
    "USING gin (string_to_array(access_keys, ' '))"
)
DOWN = "DROP INDEX IF EXISTS people_access_keys"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DOWN)


class Migration(migrations.Migration):
    dependencies = [("people", "0008_remove_person_single_document")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="access_keys",
            field=tipnet.people.models.AccessKeysField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(forwards, backwards),
    ]
