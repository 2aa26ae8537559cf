from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0007_move_identity_documents")]

    operations = [
        migrations.RemoveField(model_name="person", name="id_document_type"),
        migrations.RemoveField(model_name="person", name="id_number"),
        migrations.RemoveField(model_name="person", name="id_number_index"),
    ]
