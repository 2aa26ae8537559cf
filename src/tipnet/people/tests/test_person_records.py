"""A person's page lists their cases and protection cases: only those the viewer may see,
each as the viewer sees it."""

from __future__ import annotations

from datetime import date

from tipnet.cases import services as cases
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.protection import services as protection
from tipnet.testing import login


def test_it_lists_the_cases_and_protection_cases_the_viewer_may_see(cast, client):
    person = cast.people["ccwc_poipet"]  # of the commune council, in Poipet
    police = Actor(user=cast.users["police"])
    case = cases.create_case(police, {
        "title": "Qzt karaoke bar", "source": "hotline_117", "reported_on": date(2026, 2, 1),
    }, Area.objects.get(code="0110"))  # fmt: skip
    cases.add_person(police, case, person, "victim", {})
    focal = Actor(user=cast.users["focalpoint"])
    pc = protection.create_case(focal, person, {
        "category": "KH_ChildAtRisk", "source": "community", "opened_on": date(2026, 2, 3),
    }, Area.objects.get(code="011002"))  # fmt: skip

    login(client, cast.users["police"])  # sees the case (theirs), not the council's care
    page = client.get(f"/people/{person.pk}/").text
    assert f'data-case="{case.pk}"' in page and "Qzt karaoke bar" in page and "Victim" in page
    assert f'data-protection-case="{pc.pk}"' not in page

    login(client, cast.users["focalpoint"])  # the council's protection case, not the police case
    page = client.get(f"/people/{person.pk}/").text
    assert f'data-protection-case="{pc.pk}"' in page and pc.reference in page
    assert f'data-case="{case.pk}"' not in page

    login(client, cast.users["pcct"])  # counts both: the case number, not its title
    page = client.get(f"/people/{person.pk}/").text
    assert f'data-case="{case.pk}"' in page and case.number in page
    assert "Qzt karaoke bar" not in page
    assert f'data-protection-case="{pc.pk}"' in page

    login(client, cast.users["prevention"])  # no people at all
    assert client.get(f"/people/{person.pk}/").status_code == 403
