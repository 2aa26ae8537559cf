"""Finding 8 of the access issue: a create, or an edit that moves a record, is asked of the
record as it would be saved (its owner and place), by the service, so every door refuses alike:
a police user of Banteay Meanchey records nothing in Battambang."""

from __future__ import annotations

from datetime import date

import pytest

from tipnet.accounts.access import NotAllowed
from tipnet.audit.models import AuditEvent
from tipnet.cases.models import Case
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.people.models import Person
from tipnet.people.services import create_person
from tipnet.protection.models import ProtectionCase
from tipnet.testing import login

ELSEWHERE = {"home_country": "KH", "home_province": "02", "home_district": "0203"}
PERSON = {"name_km": "ម៉ៅ សុភី", "name_latin": "Mao Sophy", "gender": "Feminine",
          "estimated_age": "15", "nationality": "KH", "sensitivity": "standard"}  # fmt: skip


@pytest.fixture
def en(client):  # type: ignore[no-untyped-def]
    client.cookies["tipnet_language"] = "en"
    return client


def _denials() -> int:
    return AuditEvent.objects.filter(action="permission_denied").count()


def test_it_refuses_a_person_recorded_outside_the_jurisdiction(cast, en):
    login(en, cast.users["police"])
    denied = _denials()
    response = en.post("/people/new/", {**PERSON, **ELSEWHERE, "confirm_new": "1"})
    assert response.status_code == 200
    assert "is outside your jurisdiction" in response.text
    assert not Person.objects.filter(name_latin="Mao Sophy").exists()
    assert _denials() == denied + 1


def test_it_records_a_person_inside_the_jurisdiction(cast, en):
    login(en, cast.users["police"])
    inside = {"home_country": "KH", "home_province": "01", "home_district": "0110"}
    response = en.post("/people/new/", {**PERSON, **inside, "confirm_new": "1"})
    assert response.status_code == 302
    assert Person.objects.get(name_latin="Mao Sophy").place_id == "0110"


def test_it_refuses_moving_a_person_out_of_the_jurisdiction(cast, en):
    person = cast.people["bmc_ouchrov"]
    login(en, cast.users["police"])
    form = {**PERSON, "name_latin": "Chan Thida", **ELSEWHERE, "version": person.version}
    response = en.post(f"/people/{person.pk}/edit/", form)
    assert response.status_code == 200 and "is outside your jurisdiction" in response.text
    person.refresh_from_db()
    assert person.place_id == "011004" and person.name_km != PERSON["name_km"]


def test_it_refuses_a_case_registered_in_another_province(cast, en):
    login(en, cast.users["police"])
    case = {"title": "Elsewhere", "source": "hotline_117", "reported_on": "2026-03-02",
            "registered_in_province": "02", "registered_in_district": "0203",
            "exploitation_types": ["ForcedLabour"], "sensitivity": "standard"}  # fmt: skip
    response = en.post("/cases/new/", case)
    assert response.status_code == 200 and "is outside your jurisdiction" in response.text
    assert not Case.objects.exists()


def test_it_opens_neither_person_nor_case_outside_the_commune(cast, en):
    """The focal point of one commune opens a case (and records its person) there only; the
    person is not left behind when the case is refused."""
    login(en, cast.users["focalpoint"])
    inside = {"new-home_country": "KH", "new-home_province": "01", "new-home_district": "0110",
              "new-home_commune": "011002"}  # fmt: skip
    form = {"new-name_km": "ស៊ុន ស្រីពៅ", "new-name_latin": "Sun Sreypov",
            "new-gender": "Feminine", "new-date_of_birth": "2013-04-02",
            "new-sensitivity": "standard", **inside, "category": "KH_ChildAtRisk",
            "source": "community", "opened_on": "2026-01-05", "sensitivity": "standard",
            **ELSEWHERE}  # fmt: skip
    response = en.post("/protection/new/", form)
    assert response.status_code == 200 and "is outside your jurisdiction" in response.text
    assert not ProtectionCase.objects.exists()
    assert not Person.objects.filter(name_latin="Sun Sreypov").exists()


def test_it_refuses_the_same_write_through_the_service(cast):
    """A command, an import or a later API door calls the same service: the same refusal."""
    actor = Actor.command(cast.users["police"], via="test")
    data = {"name_km": "ម៉ៅ សុភី", "name_latin": "Mao Sophy", "gender": "Feminine",
            "place": Area.objects.get(code="0203")}  # fmt: skip
    with pytest.raises(NotAllowed) as refused:
        create_person(actor, data)
    assert "outside your jurisdiction" in refused.value.message
    assert not Person.objects.filter(name_latin="Mao Sophy").exists()
    # National roles without a jurisdiction and abroad addresses stay possible.
    abroad = create_person(actor, {**data, "place": None, "country_id": "TH"})
    assert abroad.pk and abroad.place is None


def test_it_gives_the_reason_in_khmer(cast, client):
    police = cast.users["police"]
    police.language = "km"
    police.save(update_fields=["language"])
    client.cookies["tipnet_language"] = "km"
    login(client, police)
    response = client.post("/people/new/", {**PERSON, **ELSEWHERE, "confirm_new": "1"})
    assert "is outside your jurisdiction" not in response.text
    assert "យុត្តាធិការ" in response.text


def test_it_refuses_an_edit_form_without_its_version(cast, en):
    login(en, cast.users["police"])
    en.post("/cases/new/", {"title": "Mine", "source": "hotline_117",
                            "reported_on": str(date(2026, 3, 2)), "registered_in_province": "01",
                            "registered_in_district": "0110", "sensitivity": "standard",
                            "exploitation_types": ["ForcedLabour"]})  # fmt: skip
    case = Case.objects.get()
    form = {"title": "Changed", "source": "hotline_117", "reported_on": "2026-03-02",
            "exploitation_types": ["ForcedLabour"], "sensitivity": "standard"}  # fmt: skip
    response = en.post(f"/cases/{case.pk}/edit/", form)
    assert "The form is incomplete" in response.text
    case.refresh_from_db()
    assert case.title == "Mine"
