"""Several audit chains (TIPNET_AUDIT_CHAINS), so that audited writes do not all queue on one
head row. The events so far form chain 1, whose head is the existing AuditHead row (id 1)."""

from django.db import migrations, models

from tipnet.audit import guard


def reinstall_guard(apps, schema_editor):
    # SQLite rebuilds the table for these changes, which drops its append-only triggers.
    guard.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_key_the_audit_chain")]

    operations = [
        # Unapplied, the table is rebuilt again on SQLite: the triggers go back last.
        migrations.RunPython(migrations.RunPython.noop, reinstall_guard),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(verbose_name="sequence"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "sequence"), name="audit_chain_sequence"
            ),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["-id"],
                "verbose_name": "audit event",
                "verbose_name_plural": "audit events",
            },
        ),
        migrations.RunPython(reinstall_guard, migrations.RunPython.noop),
    ]
