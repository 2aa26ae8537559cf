"""On PostgreSQL, a trigram index makes the word searches on ``name_key`` (LIKE '% word%')
use an index instead of scanning every person; SQLite scans (fine at its scale)."""

from django.db import migrations

UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS people_name_key_trgm ON people_person USING gin (name_key gin_trgm_ops)",
]
DOWN = ["DROP INDEX IF EXISTS people_name_key_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_languages_nationalities_photo")]
    operations = [migrations.RunPython(forwards, backwards)]
