"""The answer to a referral is free text about a victim: stored encrypted like its twin field
(``outcome``). Values written in clear before are encrypted in place."""

from django.db import migrations

from tipnet.core.encryption import encrypt

import tipnet.core.encryption

CONTEXT = "protection_referral.answer_note"


def encrypt_existing(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, answer_note FROM protection_referral WHERE answer_note <> ''"
        )
        rows = cursor.fetchall()
        for pk, text in rows:
            cursor.execute(
                "UPDATE protection_referral SET answer_note = %s WHERE id = %s",
                [encrypt(text, CONTEXT), pk],
            )


class Migration(migrations.Migration):
    dependencies = [("protection", "0002_list_indexes")]

    operations = [
        migrations.AlterField(
            model_name="referral",
            name="answer_note",
            field=tipnet.core.encryption.EncryptedTextField(blank=True, verbose_name="answer"),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
