"""A photo's caption and consent can name the people in it (children, their parents): stored
encrypted like the image itself. Values written in clear before are encrypted in place."""

from django.db import migrations

import tipnet.core.encryption
from tipnet.core.encryption import encrypt

TABLE = "prevention_activityphoto"


def encrypt_existing(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for column in ("caption", "consent"):
            cursor.execute(f"SELECT id, {column} FROM {TABLE} WHERE {column} <> ''")
            for pk, text in cursor.fetchall():
                cursor.execute(
                    f"UPDATE {TABLE} SET {column} = %s WHERE id = %s",
                    [encrypt(text, f"{TABLE}.{column}"), pk],
                )


class Migration(migrations.Migration):
    dependencies = [("prevention", "0008_member_versions")]

    operations = [
        migrations.AlterField(
            model_name="activityphoto",
            name="caption",
            field=tipnet.core.encryption.EncryptedTextField(blank=True, verbose_name="caption"),
        ),
        migrations.AlterField(
            model_name="activityphoto",
            name="consent",
            field=tipnet.core.encryption.EncryptedTextField(
                blank=True,
                help_text="Who gave consent, and how (for example: parents signed the form).",
                verbose_name="consent recorded",
            ),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
