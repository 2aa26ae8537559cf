"""The header search: one box, one results page, each section from what the access module lets
the user see, each record found only by what the user may see of it."""

from __future__ import annotations

from datetime import date

import pytest

from tipnet.cases import services as cases
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.testing import login


@pytest.fixture
def world(cast):  # type: ignore[no-untyped-def]
    police = cast.users["police"]
    actor = Actor.command(police, via="test")
    case = cases.create_case(actor, {
        "title": "Karaoke bar in Poipet", "source": "hotline_117", "reported_on": date(2026, 2, 1),
        "source_reference": "BMC-CRIM-2026/117",
    }, Area.objects.get(code="0110"))  # fmt: skip
    cases.add_person(actor, case, cast.people["bmc_poipet"], "victim", {})
    cast.case = case
    return cast


def _results(client, q):  # type: ignore[no-untyped-def]
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.text


def test_it_finds_a_case_by_its_court_file_number_and_a_person_by_a_variant(world, client):
    login(client, world.users["police"])
    page = _results(client, "bmc-crim-2026/117")
    assert f'data-case="{world.case.pk}"' in page
    # "Srei Neang" is a variant spelling of Sok Sreyneang; she is found, and so is her case.
    page = _results(client, "Srei Neang")
    assert f'data-person="{world.people["bmc_poipet"].pk}"' in page
    assert f'data-case="{world.case.pk}"' in page
    assert "Sok Sreyneang" in page


def test_it_finds_by_number_but_never_by_title_or_name_for_counting_roles(world, client):
    login(client, world.users["analyst"])
    by_number = _results(client, world.case.number)
    assert f'data-case="{world.case.pk}"' in by_number and "Karaoke" not in by_number
    for q in ("Karaoke", "BMC-CRIM-2026/117", "Sreyneang"):
        page = _results(client, q)
        assert "data-case=" not in page and "data-person=" not in page, q
        assert "Nothing found" in page
    # The case list's own search box follows the same rule.
    listing = client.get("/cases/", {"q": "Karaoke"}).text
    assert f'data-case="{world.case.pk}"' not in listing


def test_it_does_not_find_a_case_through_a_restricted_person_of_another_organisation(world, client):
    hidden = world.people["bmc_restricted"]
    prosecutor = world.users["prosecutor"]
    cases.add_person(Actor.command(world.users["police"]), world.case, hidden, "witness", {})
    world.case.prosecution_organisation_id = prosecutor.organisation_id
    world.case.save(update_fields=["prosecution_organisation"])
    login(client, prosecutor)
    assert "data-case=" not in _results(client, "Hidden Child")
    assert f'data-case="{world.case.pk}"' in _results(client, world.case.number)


def test_it_offers_only_the_sections_a_role_may_list(world, client):
    login(client, world.users["police"])
    page = _results(client, "zzz")
    assert "Nothing found" in page
    login(client, world.users["volunteer"])
    assert client.get("/search/", {"q": "Sok"}).status_code == 403
    login(client, world.users["police"])
    assert "data-header-search" in client.get("/").text


def test_it_finds_a_protection_case_by_its_reference(cast, client):
    from tipnet.people.services import create_person
    from tipnet.protection import services as protection

    focal = cast.users["focalpoint"]
    actor = Actor.command(focal)
    person = create_person(actor, {"name_km": "ស៊ុន ស្រីពៅ", "name_latin": "Sun Sreypov",
                                   "gender": "Feminine", "place": Area.objects.get(code="011002")})  # fmt: skip
    pc = protection.create_case(actor, person, {"category": "KH_ChildAtRisk", "source": "community",
                                                "opened_on": date(2026, 1, 5)},
                                Area.objects.get(code="011002"))  # fmt: skip
    login(client, focal)
    for q in (pc.reference, f"p{pc.pk}", "Sreypov"):
        assert f'data-protection-case="{pc.pk}"' in _results(client, q), q
