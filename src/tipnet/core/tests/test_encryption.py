from __future__ import annotations

import base64

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tipnet.core.encryption import DecryptionError, decrypt, encrypt, parse_keyring
from tipnet.people.models import IdentityDocument, Person
from tipnet.secrets import new_aes_key_entry

OLD = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
NEW = "k2:" + base64.b64encode(bytes(range(100, 132))).decode()
SECRETS = {
    "phone": "+855 12 777 888",
    "notes": "Told police about the broker",
}
DOCUMENT = {"number": "N0988776655", "holder_name": "Chea the broker"}


def _raw_row(pk: int, table: str = "people_person") -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def _person_with_document(cast) -> tuple[Person, IdentityDocument]:
    person = Person.objects.create(
        owner_organisation=cast.orgs["police_bmc"], name_latin="X", **SECRETS
    )
    document = IdentityDocument.objects.create(
        person=person, kind="passport", holder="broker", **DOCUMENT
    )
    return person, document


def test_it_stores_no_plaintext_of_sensitive_fields(cast):
    person, document = _person_with_document(cast)
    raw = " ".join(str(v) for v in _raw_row(person.pk))
    raw_document = " ".join(str(v) for v in _raw_row(document.pk, "people_identitydocument"))
    for value in [*SECRETS.values(), *DOCUMENT.values()]:
        assert value not in raw and value not in raw_document
    assert raw.count("enc:v1:test1:") == 2 and raw_document.count("enc:v1:test1:") == 2
    again = Person.objects.get(pk=person.pk)
    assert (again.phone, again.notes) == tuple(SECRETS.values())
    document = IdentityDocument.objects.get(pk=document.pk)
    assert (document.number, document.holder_name) == tuple(DOCUMENT.values())


def test_it_binds_a_ciphertext_to_its_column():
    token = encrypt("012 345 678", "people_person.phone")
    assert decrypt(token, "people_person.phone") == "012 345 678"
    with pytest.raises(DecryptionError):
        decrypt(token, "people_person.notes")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(DecryptionError):
        decrypt(tampered, "people_person.phone")


def test_it_reads_old_keys_and_rotates_to_the_newest(cast):
    person, document = _person_with_document(cast)
    with override_settings(TIPNET_ENCRYPTION_KEYS=f"{NEW},{OLD}"):
        assert Person.objects.get(pk=person.pk).phone == SECRETS["phone"]
        call_command("rotate_keys")
        raw = " ".join(str(v) for v in _raw_row(person.pk))
        assert "enc:v1:test1:" not in raw and raw.count("enc:v1:k2:") == 2
        raw = " ".join(str(v) for v in _raw_row(document.pk, "people_identitydocument"))
        assert "enc:v1:test1:" not in raw and raw.count("enc:v1:k2:") == 2
    with override_settings(TIPNET_ENCRYPTION_KEYS=NEW):  # the old key can now be retired
        again = Person.objects.get(pk=person.pk)
        assert (again.phone, again.notes) == tuple(SECRETS.values())
        assert IdentityDocument.objects.get(pk=document.pk).number == DOCUMENT["number"]


def test_it_rejects_bad_keyrings():
    from django.core.exceptions import ImproperlyConfigured

    for bad in ("", "nokey", "a:" + base64.b64encode(b"short").decode(), f"{OLD},{OLD}"):
        with pytest.raises(ImproperlyConfigured):
            parse_keyring(bad)
    assert len(parse_keyring(f"{new_aes_key_entry()},{OLD}").keys) == 2


def test_it_finds_a_person_by_document_number_without_storing_it(cast, client):
    from tipnet.testing import login

    login(client, cast.users["police"])
    page = client.get("/people/", {"q": "0102-030-40"})
    assert f'data-person="{cast.people["bmc_poipet"].pk}"' in page.text
    assert page.text.count("data-person=") == 1
