"""Indexes for the case list at national scale.

- On PostgreSQL, trigram indexes on the case number and title make the search box
  (``UPPER(number) LIKE UPPER('%…%')``, Django's ``icontains``) use an index instead of
  reading every case; SQLite scans (fine at its scale).
- Everywhere: the source reference (searched exactly), the default order of the list
  (newest report first, then id), and the suspects' summary that the pipeline counts.
"""

from django.db import migrations, models

UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS cases_number_trgm ON cases_case USING gin (UPPER(number) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS cases_title_trgm ON cases_case USING gin (UPPER(title) gin_trgm_ops)",
]
DOWN = ["DROP INDEX IF EXISTS cases_number_trgm", "DROP INDEX IF EXISTS cases_title_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in UP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_suspect_summary")]
    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["source_reference"], name="case_source_reference"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["-reported_on", "-id"], name="case_newest_first"),
        ),
        migrations.AddIndex(
            model_name="caseperson",
            index=models.Index(
                fields=["case"],
                include=["stage", "decided", "convicted", "arrested_on", "first_verdict_on"],
                condition=models.Q(role="suspect"),
                name="caseperson_suspect_summary",
            ),
        ),
        # The newest-first index serves the date ranges the old one served.
        migrations.RemoveIndex(model_name="case", name="case_reported"),
    ]
