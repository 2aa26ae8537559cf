"""Reach per organisation: the breakdown by organiser (a person at activities of two
organisations counts once in each, and once in the whole), one organisation's summary
(``?organiser=``) with its budget spent per currency, on the page and in both exports, and only
ever over the activities the user may see. Every expected number is written out by hand.

The world: the Awareness NGO (the prevention officer's) held three activities in Banteay
Meanchey, the provincial committee (PCCT BMC) one:

| activity | organiser | counted cells | known participants | budget spent |
|---|---|---|---|---|
| peer group session, 9 days ago | NGO | 4 | Srey, Dara | 150.50 USD |
| school session, 6 days ago | NGO | 3 | Srey | 400,000 riel |
| VSN workshop, 4 days ago | NGO | 5 | | not recorded |
| VSN workshop, 2 days ago | PCCT | 6 | Srey | 80.00 USD |

NGO: unique 2 (Srey, Dara), attendances 3, counted 12, activities 3.
PCCT: unique 1 (Srey), attendances 1, counted 6, activities 1.
Both: unique 2 (Srey once, not 2 + 1), attendances 4, counted 18, activities 4; spent
230.50 USD and 400,000 riel (never added together), one activity without spending recorded.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tipnet.audit.models import AuditEvent
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.prevention import services
from tipnet.prevention.models import Activity, ActivityType, Attendance
from tipnet.testing import login


def _client(cast: Any, name: str) -> Client:
    client = Client()
    client.cookies["tipnet_language"] = "en"
    login(client, cast.users[name])
    return client


def _activity(cast: Any, user: str, kind: str, days: int, cells: dict, spent: str | None = None,
              currency: str = "USD") -> Activity:  # fmt: skip
    data = {"kind": ActivityType.objects.get(code=kind), "duration_minutes": 90,
            "held_on": timezone.localdate() - timedelta(days=days),
            "place": Area.objects.get(code="0110"), "venue": "Poipet commune hall",
            "budget_spent": Decimal(spent) if spent else None, "budget_currency": currency}  # fmt: skip
    return services.create_activity(Actor.command(cast.users[user], via="test"), data, cells)


@pytest.fixture
def two(world: Any) -> Any:
    """The two organisations' work of the table above; ``two.ngo`` and ``two.pcct`` are their
    ids."""
    session = _activity(world, "prevention", "peer_group_session", 9,
                        {("male", "12-17", "child"): 4}, "150.50")  # fmt: skip
    school = _activity(world, "prevention", "school_session", 6,
                       {("female", "25-59", "teacher"): 3}, "400000", "KHR")  # fmt: skip
    _activity(world, "prevention", "vsn_workshop", 4, {("male", "25-59", "police"): 5})
    meeting = _activity(world, "pcct", "vsn_workshop", 2,
                        {("female", "18-24", "volunteer"): 6}, "80.00")  # fmt: skip
    officer = Actor.command(world.users["prevention"], via="test")
    srey = services.add_participant(officer, {"name": "Srey Pov", "sex": "female",
                                              "age_band": "12-17", "role": "child"})  # fmt: skip
    dara = services.add_participant(officer, {"name": "Dara Kim", "sex": "male",
                                              "age_band": "25-59", "role": "teacher"})  # fmt: skip
    services.add_attendance(officer, session, srey)
    services.add_attendance(officer, session, dara)
    services.add_attendance(officer, school, srey)
    # Srey at the committee's workshop too: the pages' attendance service keeps each list to the
    # organiser's own participants, an import may not; the figures must count her right.
    Attendance.objects.create(activity=meeting, participant=srey)
    world.ngo = world.orgs["prevention"].pk
    world.pcct = world.orgs["pcct_bmc"].pk
    return world


def _figures(text: str) -> tuple[int, ...]:
    found = [int(re.search(rf'data-figure="{name}"><span class="count">([\d,]+)<', text)
                 .group(1).replace(",", ""))  # type: ignore[union-attr]
             for name in ("unique", "attendances", "counted_only", "activities")]  # fmt: skip
    return tuple(found)


def _row(text: str, label: str) -> tuple[str, tuple[int, ...]] | None:
    """The link and the four figures of a breakdown's row labelled ``label``."""
    found = re.search(
        r'<th scope="row">(?:<a href="\?([^"]*)" data-summary>)?' + re.escape(label)
        + r"(?:</a>)?</th><td data-unique>(\d+)</td><td data-attendances>(\d+)</td>"
        r"<td data-counted>(\d+)</td><td>(\d+)</td>", text)  # fmt: skip
    if found is None:
        return None
    return found.group(1) or "", tuple(int(found.group(n)) for n in range(2, 6))


def _spent(text: str) -> dict[str, str]:
    return dict(re.findall(r'<li data-currency="(\w+)">([^<]*)</li>', text))


def test_it_breaks_reach_down_by_organisation_counting_a_person_once_in_each(two):
    page = _client(two, "analyst").get("/prevention/reach/?by=organisation")
    assert page.status_code == 200
    text = page.text
    assert 'data-breakdown="organisation"' in text and 'data-by="organisation" aria-current' in text
    assert _row(text, "Awareness NGO") == (f"organiser={two.ngo}", (2, 3, 12, 3))
    assert _row(text, "PCCT BMC") == (f"organiser={two.pcct}", (1, 1, 6, 1))
    # Srey counts in both organisations' reach and once in the whole: 2, not 2 + 1.
    assert _figures(text) == (2, 4, 18, 4)
    assert "Srey" not in text and "Dara" not in text
    # Spending per currency, never added together.
    assert _spent(text) == {"KHR": "400,000 riel", "USD": "230.50 US dollars"}
    assert 'data-unrecorded="1"' in text
    assert "1 activity has no budget spent recorded." in text


def test_it_labels_organisations_in_the_users_language(two):
    analyst = two.users["analyst"]
    analyst.language = "km"  # the pages come in the language the user chose last
    analyst.save(update_fields=["language"])
    text = _client(two, "analyst").get("/prevention/reach/?by=organisation").text
    # (Python's \d and int() read the Khmer digits the page writes the figures in.)
    assert _row(text, "Awareness NGO (ខ្មែរ)") == (f"organiser={two.ngo}", (2, 3, 12, 3))
    assert _row(text, "PCCT BMC (ខ្មែរ)") == (f"organiser={two.pcct}", (1, 1, 6, 1))
    assert "<td data-counted>១២</td>" in text
    assert ">Awareness NGO</a>" not in text


def test_it_shows_one_organisations_summary_with_its_spending(two):
    from tipnet.prevention import services_campaigns

    province = Area.objects.get(code="01")
    project = services_campaigns.create_project(
        Actor.command(two.users["prevention"], via="test"),
        {"name": "Safe schools", "place": province, "currency": "USD"},
    )
    campaign = services_campaigns.create_campaign(
        Actor.command(two.users["pcct"], via="test"),
        {"name": "Twelfth of December", "place": province,
         "starts_on": timezone.localdate() - timedelta(days=30),
         "ends_on": timezone.localdate()},
    )  # fmt: skip
    client = _client(two, "analyst")
    text = client.get(f"/prevention/reach/?organiser={two.ngo}").text
    assert f'data-organisation="{two.ngo}"' in text
    assert "Organised by Awareness NGO" in text
    # Its projects and campaigns, whose pages are its reports to donors.
    assert f'<li data-project="{project.pk}">' in text and "Safe schools" in text
    assert "Twelfth of December" not in text
    assert _figures(text) == (2, 3, 12, 3)
    assert _spent(text) == {"KHR": "400,000 riel", "USD": "150.50 US dollars"}
    assert 'data-unrecorded="1"' in text
    assert _row(text, "Banteay Meanchey") == ("", (2, 3, 12, 3))
    committee = client.get(f"/prevention/reach/?organiser={two.pcct}&by=organisation").text
    assert _figures(committee) == (1, 1, 6, 1)
    assert _spent(committee) == {"USD": "80.00 US dollars"}
    assert f'<li data-campaign="{campaign.pk}">' in committee and "Safe schools" not in committee
    assert "data-unrecorded" not in committee  # its one activity has its spending
    assert _row(committee, "PCCT BMC")[1] == (1, 1, 6, 1)  # type: ignore[index]
    assert _row(committee, "Awareness NGO") is None
    # With the other filters: the NGO's school sessions only.
    school = client.get(f"/prevention/reach/?organiser={two.ngo}&kind=school_session").text
    assert _figures(school) == (1, 1, 3, 1)
    assert _spent(school) == {"KHR": "400,000 riel"}
    # The select offers the organisers of the activities the analyst may see, by name.
    assert re.search(rf'<option value="{two.ngo}" selected>Awareness NGO</option>', text)
    assert f'<option value="{two.pcct}">PCCT BMC</option>' in text


def test_it_keeps_a_prevention_officer_to_their_own_organisations_figures(two):
    client = _client(two, "prevention")
    own = client.get("/prevention/reach/?by=organisation").text
    assert _figures(own) == (2, 3, 12, 3)
    assert _row(own, "Awareness NGO") == (f"organiser={two.ngo}", (2, 3, 12, 3))
    assert "PCCT BMC" not in own  # not a row, not a choice
    # Asking for the committee's summary gives figures over nothing, not the committee's.
    other = client.get(f"/prevention/reach/?organiser={two.pcct}")
    assert other.status_code == 200
    assert _figures(other.text) == (0, 0, 0, 0)
    assert _spent(other.text) == {} and "No spending recorded." in other.text
    assert "data-organisation=" not in other.text and "PCCT BMC" not in other.text
    garbage = client.get("/prevention/reach/?organiser=x&by=organisation").text
    assert _figures(garbage) == (0, 0, 0, 0)
    # The provincial committee sees every activity in its province: both organisations.
    pcct = _client(two, "pcct").get(f"/prevention/reach/?organiser={two.ngo}").text
    assert _figures(pcct) == (2, 3, 12, 3)


def _xlsx(response: Any) -> tuple[list[list[Any]], list[list[Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Reach", "Budget spent"]
    return ([list(r) for r in book["Reach"].iter_rows(values_only=True)],
            [list(r) for r in book["Budget spent"].iter_rows(values_only=True)])  # fmt: skip


def test_it_exports_the_breakdown_by_organisation_and_the_spending(two):
    client = _client(two, "analyst")
    response = client.get("/prevention/reach/export/")
    assert response.status_code == 200
    reach_rows, spending = _xlsx(response)
    assert reach_rows[1] == ["Total", None, 2, 4, 18, 4]
    assert ["By organisation", "Awareness NGO", 2, 3, 12, 3] in reach_rows
    assert ["By organisation", "PCCT BMC", 1, 1, 6, 1] in reach_rows
    assert ["By province", "Banteay Meanchey", 2, 4, 18, 4] in reach_rows
    assert spending == [["Currency", "Budget spent"], ["KHR", 400000], ["USD", 230.5],
                        ["Activities without a budget spent recorded", 1]]  # fmt: skip
    assert "Srey" not in str(reach_rows)
    text = client.get(f"/prevention/reach/export/?as=csv&organiser={two.pcct}")
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert rows[1] == ["Total", "", "1", "1", "6", "1"]
    assert ["By organisation", "PCCT BMC", "1", "1", "6", "1"] in rows
    assert not any(r[:2] == ["By organisation", "Awareness NGO"] for r in rows)
    blank = rows.index([])
    assert rows[blank + 1:] == [["Currency", "Budget spent"], ["USD", "80.00"],
                                ["Activities without a budget spent recorded", "0"]]  # fmt: skip
    events = AuditEvent.objects.filter(action="export", object_type="prevention.activity")
    assert events.count() == 2
    assert [e.changes["filters"] for e in events.order_by("pk")] == [[], ["as", "organiser"]]
    assert _client(two, "police").get(f"/prevention/reach/export/?organiser={two.ngo}")\
        .status_code == 403  # fmt: skip


def test_it_exports_nothing_of_another_organisation_to_a_prevention_officer(two):
    client = _client(two, "prevention")
    reach_rows, spending = _xlsx(client.get(f"/prevention/reach/export/?organiser={two.pcct}"))
    assert reach_rows[1] == ["Total", None, 0, 0, 0, 0]
    assert not any(r[0] == "By organisation" for r in reach_rows[2:])
    assert spending == [["Currency", "Budget spent"],
                        ["Activities without a budget spent recorded", 0]]  # fmt: skip
    own = client.get("/prevention/reach/export/?as=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(own)))
    assert rows[1] == ["Total", "", "2", "3", "12", "3"]
    assert [r[1] for r in rows if r[:1] == ["By organisation"]] == ["Awareness NGO"]
    assert ["USD", "150.50"] in rows and ["KHR", "400000.00"] in rows
    exports = AuditEvent.objects.filter(action="export", object_type="prevention.activity")
    assert exports.count() == 2
