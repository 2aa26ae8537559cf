"""A person's identity documents: several, each found by its number, held by someone, added,
corrected and removed on the person's page, audited, version-checked, masked for counting roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils.translation import override

from tipnet.accounts.access import NotAllowed
from tipnet.audit.models import AuditEvent
from tipnet.audit.services import unseal
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.people.documents import (
    RefusedDocument,
    add_document,
    change_document,
    number_index,
    remove_document,
)
from tipnet.people.models import IdentityDocument, Person
from tipnet.people.services import search_people
from tipnet.testing import login

PASSPORT = {
    "kind": "passport", "number": "N 0123 4567", "issuing_country_id": "KH",
    "issued_on": date(2019, 5, 1), "expires_on": date(2029, 4, 30), "holder": "broker",
    "holder_name": "Chea Vannak, the recruiter",
}  # fmt: skip


@pytest.fixture
def police(cast):
    return Actor(user=cast.users["police"])


def test_it_records_several_documents_each_found_by_its_number(cast, police):
    person = cast.people["bmc_poipet"]  # has a national ID card already (010203040)
    passport = add_document(police, person, PASSPORT)
    add_document(police, person, {"kind": "birth_certificate", "number": "BC-77", "holder": ""})
    kinds = list(person.documents.order_by("id").values_list("kind", flat=True))
    assert kinds == ["national_id", "passport", "birth_certificate"]
    people = Person.objects.all()
    for number in ("N01234567", "n-0123-4567", "010203040", "bc77"):
        assert list(search_people(people, number)) == [person], number
    # Khmer digits typed on a Khmer keyboard find the same number.
    assert list(search_people(people, "០១០២០៣០៤០")) == [person]
    passport.refresh_from_db()
    assert passport.holder_name == PASSPORT["holder_name"] and passport.get_holder_display()


def test_it_keeps_numbers_and_holders_encrypted(cast, police):
    document = add_document(police, cast.people["bmc_ouchrov"], PASSPORT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_identitydocument WHERE id = %s", [document.pk])
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert "0123" not in raw and "Chea" not in raw and raw.count("enc:v1:") == 2
    assert document.number_index == number_index("N01234567")


@override("en")
def test_it_refuses_impossible_documents_with_the_reason(cast, police):
    person = cast.people["bmc_ouchrov"]
    Person.objects.filter(pk=person.pk).update(date_of_birth=date(2000, 1, 1))
    person.refresh_from_db()
    cases = [
        ({"issued_on": date.today() + timedelta(days=3)}, "issued_on", "in the future"),
        ({"issued_on": date(1999, 1, 1)}, "issued_on", "before the person was born"),
        ({"issued_on": date(2020, 1, 1), "expires_on": date(2019, 1, 1)}, "expires_on",
         "expires before it was issued"),
    ]  # fmt: skip
    for data, field, message in cases:
        with pytest.raises(RefusedDocument) as refused:
            add_document(police, person, {"kind": "passport", "number": "X1", **data})
        assert message in refused.value.problems[field]
    add_document(police, person, {"kind": "passport", "number": "X1"})
    with pytest.raises(RefusedDocument) as refused:
        add_document(police, person, {"kind": "passport", "number": "x-1"})
    assert "already has this document" in refused.value.problems["number"]
    assert person.documents.count() == 1


def test_it_audits_documents_on_the_persons_trail_sealed(cast, police):
    person = cast.people["bmc_ouchrov"]
    document = add_document(police, person, PASSPORT)
    added = AuditEvent.objects.get(object_id=str(person.pk), detail=f"document {document.pk} added")
    assert added.object_type == "people.person" and added.action == "change"
    assert added.changes["document_kind"] == {"old": "", "new": "passport"}
    assert "0123" not in str(added.changes) and "Chea" not in str(added.changes)
    assert unseal(added.changes["document_number"])["new"] == "N 0123 4567"
    change_document(police, document, {"holder": "person"}, document.version)
    changed = AuditEvent.objects.get(detail=f"document {document.pk} changed")
    assert set(changed.changes) == {"document_holder", "document_holder_name"}
    remove_document(police, IdentityDocument.objects.get(pk=document.pk), 2)
    removed = AuditEvent.objects.get(detail=f"document {document.pk} removed")
    assert unseal(removed.changes["document_number"]) == {"old": "N 0123 4567", "new": None}
    assert not IdentityDocument.objects.filter(pk=document.pk).exists()


def test_it_never_loses_a_concurrent_correction(cast, police):
    document = add_document(police, cast.people["bmc_ouchrov"], PASSPORT)
    change_document(police, document, {"number": "N1"}, version=1)
    with pytest.raises(StaleEdit):
        change_document(police, document, {"number": "N2"}, version=1)
    with pytest.raises(StaleEdit):
        remove_document(police, document, version=1)
    document.refresh_from_db()
    assert document.number == "N1" and document.version == 2


def test_it_refuses_documents_to_who_may_not_change_the_person(cast, client):
    person = cast.people["bmc_ouchrov"]
    with pytest.raises(NotAllowed):
        add_document(Actor(user=cast.users["police_other"]), person, PASSPORT)
    document = add_document(Actor(user=cast.users["police"]), person, PASSPORT)
    for user in ("police_other", "analyst", "pcct"):
        login(client, cast.users[user])
        urls = [f"/people/{person.pk}/documents/new/",
                f"/people/{person.pk}/documents/{document.pk}/",
                f"/people/{person.pk}/documents/{document.pk}/remove/"]  # fmt: skip
        for url in urls:
            assert client.get(url).status_code == 403
            assert client.post(url, {"kind": "passport", "version": 1}).status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied").count() >= 18
    assert IdentityDocument.objects.get(pk=document.pk).version == 1


def test_it_adds_corrects_and_removes_a_document_on_the_persons_page(cast, client):
    person = cast.people["bmc_ouchrov"]
    login(client, cast.users["police"])
    page = client.get(f"/people/{person.pk}/")
    assert "data-add-document" in page.text and "No identity document recorded" in page.text
    form = {"kind": "work_permit", "number": "WP-123", "issuing_country": "TH",
            "issued_on": "2023-01-05", "expires_on": "2025-01-04", "holder": "employer",
            "holder_name": "Golden Fish Co."}  # fmt: skip
    response = client.post(f"/people/{person.pk}/documents/new/", form)
    assert response["Location"] == f"/people/{person.pk}/"
    document = person.documents.get()
    page = client.get(f"/people/{person.pk}/").text
    assert "WP-123" in page and "Golden Fish Co." in page and 'data-held-by="employer"' in page
    edit = f"/people/{person.pk}/documents/{document.pk}/"
    bad = client.post(edit, {**form, "expires_on": "2020-01-01", "version": 1})
    assert "expires before it was issued" in bad.text
    assert client.post(edit, {**form, "number": "WP-124", "version": 1}).status_code == 302
    stale = client.post(edit, {**form, "number": "WP-125", "version": 1})
    assert "Someone else changed this document" in stale.text and "WP-125" in stale.text
    document.refresh_from_db()
    assert document.number == "WP-124" and document.version == 2
    remove = f"/people/{person.pk}/documents/{document.pk}/remove/"
    assert "data-remove-document" in client.get(remove).text
    assert client.post(remove, {"version": "1"}).status_code == 302  # stale: asked again
    assert person.documents.exists()
    assert client.post(remove, {"version": "2"}).status_code == 302
    assert not person.documents.exists()
    other = cast.people["bmc_poipet"].documents.get()
    assert client.get(f"/people/{person.pk}/documents/{other.pk}/").status_code == 404


def test_it_shows_counting_roles_the_kinds_only(cast, client):
    person = cast.people["bmc_poipet"]
    add_document(Actor(user=cast.users["police"]), person, PASSPORT)
    login(client, cast.users["analyst"])
    page = client.get(f"/people/{person.pk}/").text
    assert "Passport" in page and "Khmer national identity card" in page
    for secret in ("010203040", "0123", "Chea", "recruiter", "2029", "data-held-by"):
        assert secret not in page
    assert "data-add-document" not in page


def test_it_records_the_first_document_with_a_new_person(cast, client):
    login(client, cast.users["police"])
    form = {"name_latin": "Keo Pich", "gender": "Masculine", "estimated_age": "30",
            "home_country": "TH", "sensitivity": "standard", "id_document_type": "passport",
            "id_number": "P998877", "confirm_new": "1"}  # fmt: skip
    assert client.post("/people/new/", form).status_code == 302
    person = Person.objects.get(name_latin="Keo Pich")
    document = person.documents.get()
    assert (document.kind, document.number, document.holder) == ("passport", "P998877", "person")
    export = client.get("/people/export.csv").content.decode("utf-8-sig")
    assert "Passport P998877" in export
