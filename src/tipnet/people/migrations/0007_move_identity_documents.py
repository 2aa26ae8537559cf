"""Each person's one document (``Person.id_document_type`` / ``id_number``) becomes their
first identity document, held by the person. The number is read decrypted and written
encrypted under the document's own column; its keyed hash keeps its purpose (``id_number``,
one for every document) and is computed again with Khmer digits read as Western ones. Reversible: the first document of each
person goes back to the person's columns (the others are lost on the way back)."""

from django.db import migrations

from tipnet.core.encryption import blind_index

BATCH = 2000
KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def _index(number):
    number = (number or "").strip().translate(KHMER_DIGITS)
    return blind_index(number, "id_number") if number else ""


def forwards(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    IdentityDocument = apps.get_model("people", "IdentityDocument")
    with_document = (
        Person.objects.exclude(id_document_type="", id_number="")
        .order_by("pk")
        .only("pk", "id_document_type", "id_number", "created_by_id")
    )
    batch = []
    for person in with_document.iterator(chunk_size=BATCH):
        batch.append(
            IdentityDocument(
                person_id=person.pk,
                kind=person.id_document_type or "other",
                number=(person.id_number or "").strip(),
                number_index=_index(person.id_number),
                holder="person",
                created_by_id=person.created_by_id,
            )
        )
        if len(batch) >= BATCH:
            IdentityDocument.objects.bulk_create(batch)
            batch = []
    IdentityDocument.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    IdentityDocument = apps.get_model("people", "IdentityDocument")
    done = set()
    for document in IdentityDocument.objects.order_by("person_id", "id").iterator():
        if document.person_id in done:
            continue
        done.add(document.person_id)
        Person.objects.filter(pk=document.person_id).update(
            id_document_type=document.kind,
            id_number=document.number,
            id_number_index=document.number_index,
        )
    IdentityDocument.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0006_identity_documents")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
