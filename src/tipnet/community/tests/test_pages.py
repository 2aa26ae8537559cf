"""The register's pages in Khmer (the default) and English: who gets what, names masked for
the counting roles, the forms writing through the services, bad input refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tipnet.community import services
from tipnet.community.models import MigrantContact, MigrationRecord
from tipnet.community.tests.conftest import actor, migrant_data
from tipnet.testing import login

pytestmark = pytest.mark.django_db


def client_of(user: Any, language: str = "km") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.cookies["tipnet_language"] = language
    login(client, user)
    return client


@pytest.fixture
def record(register: Any) -> MigrationRecord:
    return services.register_migrant(actor(register.users["volunteer"]),
                                     migrant_data(register.village))  # fmt: skip


def _form(village: Any, **changes: Any) -> dict[str, Any]:
    data = migrant_data(village, **changes)
    out = {k: "" if v is None else v for k, v in data.items()}
    out["place"] = village.code
    out["destination_country"] = "TH"
    out["date_of_birth"] = data["date_of_birth"].isoformat() if data["date_of_birth"] else ""
    out["departed_on"] = data["departed_on"].isoformat()
    return out


def test_the_volunteer_reads_her_village_register_in_khmer_by_risk(
    register: Any, record: MigrationRecord
) -> None:
    safe = services.register_migrant(
        actor(register.users["volunteer"]),
        migrant_data(
            register.village,
            name_latin="Sok Safe",
            name_km="សុខ",
            date_of_birth=None,
            estimated_age=30,
            arranged_by="self",
            paid_by="self",
            contract="written_readable",
        ),
    )
    client = client_of(register.users["volunteer"])
    page = client.get(reverse("community:home"), follow=True)
    html = page.content.decode()
    assert page.redirect_chain[-1][0] == reverse("community:village", args=[register.village.code])
    assert html.index("Srey Pov") < html.index("Sok Safe")  # the riskier first
    assert "១៥០" in html  # her score, 150, in Khmer digits
    assert "មេខ្យល់គ្មានអាជ្ញាប័ណ្ណ" in html  # "broker without a licence", the Khmer label
    assert 'lang="km"' in html and safe.risk_score == 0


def test_the_migrant_page_shows_flags_weights_contacts_and_what_only_the_village_sees(
    register: Any, record: MigrationRecord
) -> None:
    services.add_contact(actor(register.users["volunteer"]), record, {
        "contacted_on": timezone.localdate(), "reached": True, "situation": "problem",
        "note": "Boss keeps her wages"})  # fmt: skip
    url = reverse("community:migrant", args=[record.pk])
    named = client_of(register.users["focalpoint"], "en").get(url).content.decode()
    for shown in (
        "Srey Pov",
        "016 555 0101",
        "Sea Star Seafood",
        "Mother Neang",
        "Boss keeps her wages",
        "Broker without a licence",
        "Has a problem",
    ):
        assert shown in named, shown
    masked = client_of(register.users["analyst"], "en").get(url).content.decode()
    assert f"Person #{record.person_id}" in masked and "Broker without a licence" in masked
    for hidden in ("Srey Pov", "ស្រី ពៅ", "016 555", "Sea Star", "Mother Neang", "Boss keeps"):
        assert hidden not in masked, hidden
    assert "data-add-contact" not in masked and "data-edit-migrant" not in masked


@pytest.mark.parametrize("name", ["police", "prosecutor", "socialworker", "prevention", "admin"])
def test_roles_without_the_register_get_403(register: Any, record: MigrationRecord,
                                            name: str) -> None:  # fmt: skip
    client = client_of(register.users[name])
    for url in (reverse("community:home"), reverse("community:village", args=[record.place_id]),
                reverse("community:migrant", args=[record.pk]),
                reverse("community:migrant_new")):  # fmt: skip
        assert client.get(url).status_code == 403, url


def test_a_volunteer_of_another_village_gets_403_and_counting_roles_no_forms(
    register: Any, record: MigrationRecord
) -> None:
    other = client_of(register.users["volunteer_other"])
    assert other.get(reverse("community:village", args=[register.village.code])).status_code == 403
    assert other.get(reverse("community:migrant", args=[record.pk])).status_code == 403
    assert other.get(reverse("community:contact_new", args=[record.pk])).status_code == 403
    analyst = client_of(register.users["analyst"])
    assert analyst.get(reverse("community:migrant_edit", args=[record.pk])).status_code == 403
    assert analyst.get(reverse("community:migrant_new")).status_code == 403
    english = client_of(register.users["analyst"], "en")
    commune = english.get(reverse("community:commune", args=["011002"])).content.decode()
    assert f"Person #{record.person_id}" in commune and "Srey Pov" not in commune


def test_the_form_records_a_migrant_and_bad_input_writes_nothing(register: Any) -> None:
    client = client_of(register.users["volunteer"])
    url = reverse("community:migrant_new")
    assert client.get(url).status_code == 200
    late = (timezone.localdate() + timedelta(days=400)).isoformat()
    refused = client.post(url, _form(register.village) | {"departed_on": late})
    assert refused.status_code == 200 and not MigrationRecord.objects.exists()
    assert "ពិនិត្យឆ្នាំ" in refused.content.decode() or "data-form-errors" in refused.content.decode()
    outside = client.post(url, _form(register.other_village))
    assert outside.status_code == 200 and not MigrationRecord.objects.exists()  # not a choice
    saved = client.post(url, _form(register.village))
    record = MigrationRecord.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse(
        "community:migrant", args=[record.pk]
    )
    assert record.person.name_latin == "Srey Pov" and record.risk_score == 150


def test_contact_return_and_a_stale_edit_through_the_pages(
    register: Any, record: MigrationRecord
) -> None:
    client = client_of(register.users["volunteer"], "en")
    today = timezone.localdate().isoformat()
    url = reverse("community:contact_new", args=[record.pk])
    bad = client.post(url, {"contacted_on": today, "reached": "on", "situation": ""})
    assert "Say how the migrant is" in bad.content.decode() and not MigrantContact.objects.exists()
    assert client.post(url, {"contacted_on": today, "situation": ""}).status_code == 302
    record.refresh_from_db()
    assert record.last_contact_on == timezone.localdate() and record.last_reached_on is None
    edit = reverse("community:migrant_edit", args=[record.pk])
    services.update_migrant(
        actor(register.users["focalpoint"]),
        record,
        migrant_data(register.village, destination_city="Bangkok"),
        1,
    )
    stale = client.post(edit, _form(register.village, destination_city="Chonburi") | {"version": 1})
    assert "Someone else saved this record" in stale.content.decode()
    assert MigrationRecord.objects.get().destination_city == "Bangkok"
    back = client.post(
        reverse("community:return_new", args=[record.pk]),
        {"returned_on": today, "how": "deported", "situation": "problem", "note": ""},
    )
    assert back.status_code == 302 and MigrationRecord.objects.get().status == "returned"
    assert client.get(url).status_code == 404  # home: no more contacts to record


def test_the_menu_shows_the_register_to_the_roles_that_list_it(register: Any) -> None:
    from tipnet.core.navigation import items_for

    for name, shown in (("volunteer", True), ("focalpoint", True), ("analyst", True),
                        ("police", False), ("prevention", False)):  # fmt: skip
        keys = {item.key for item in items_for(register.users[name])}
        assert ("community" in keys) is shown, name
