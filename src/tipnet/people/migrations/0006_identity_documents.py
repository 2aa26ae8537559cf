import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import tipnet.core.encryption


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_gazetteer"),
        ("people", "0005_people_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IdentityDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("national_id", "Khmer national identity card"), ("passport", "Passport"), ("birth_certificate", "Birth certificate"), ("family_book", "Family book"), ("work_permit", "Work permit"), ("residence_book", "Residence book"), ("foreign_id", "Foreign identity document"), ("other", "Other document")], max_length=32, verbose_name="document")),
                ("number", tipnet.core.encryption.EncryptedTextField(blank=True, verbose_name="document number")),
                ("number_index", models.CharField(blank=True, db_index=True, editable=False, max_length=64)),
                ("issued_on", models.DateField(blank=True, null=True, verbose_name="issued on")),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="expires on")),
                ("holder", models.CharField(choices=[("person", "The person themselves"), ("broker", "A broker or recruiter"), ("employer", "An employer"), ("other", "Someone else")], default="person", max_length=16, verbose_name="who holds it")),
                ("holder_name", tipnet.core.encryption.EncryptedTextField(blank=True, verbose_name="name of who holds it")),
                ("version", models.PositiveIntegerField(default=1)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("created_by", models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("issuing_country", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="geo.country", verbose_name="issuing country")),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="documents", to="people.person")),
            ],
            options={
                "verbose_name": "identity document",
                "verbose_name_plural": "identity documents",
                "ordering": ["person", "id"],
            },
        ),
    ]
