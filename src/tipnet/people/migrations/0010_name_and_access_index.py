"""On PostgreSQL, one GIN index over the name key's trigrams and the access keys replaces the
two single-column ones (0004, 0009): a name search of the people a user may see is then one
index scan that intersects both conditions inside the index, so only the rows that match both
are read (a common given name alone matches 50,000 people of 2.6 million, a police unit sees
300,000: the planner, underestimating the name matches, used the name index alone and read all
50,000). The index still answers a search by name alone and a condition on the keys alone."""

from django.db import migrations

UP = [
    "CREATE INDEX IF NOT EXISTS people_name_access ON people_person "
    "USING gin (name_key gin_trgm_ops, string_to_array(access_keys, ' '))",
    "DROP INDEX IF EXISTS people_name_key_trgm",
    "DROP INDEX IF EXISTS people_access_keys",
]
DOWN = [
    "CREATE INDEX IF NOT EXISTS people_name_key_trgm ON people_person "
    "USING gin (name_key gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS people_access_keys ON people_person "
    "USING gin (string_to_array(access_keys, ' '))",
    "DROP INDEX IF EXISTS people_name_access",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("people", "0009_person_access_keys")]
    operations = [migrations.RunPython(forwards, backwards)]
