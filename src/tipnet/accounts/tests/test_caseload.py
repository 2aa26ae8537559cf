"""Caseloads and handing a worker's cases on (accounts/caseload.py, accounts/reassign.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tipnet.accounts.roles import RoleCode as R
from tipnet.audit.models import AuditEvent
from tipnet.audit.services import unseal
from tipnet.cases import services as cases
from tipnet.cases.models import Case
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.protection import services as protection
from tipnet.protection.models import ProtectionCase
from tipnet.testing import login, make_person, make_user


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


class World:
    """The Banteay Meanchey police (two investigators, one who leaves, a head of office) with
    open and ended cases, and the Paoy Paet council (two focal points and a protection
    supervisor) with an open and a closed protection case."""

    def __init__(self, cast: Any) -> None:
        self.cast = cast
        self.police_org, self.ccwc = cast.orgs["police_bmc"], cast.orgs["ccwc"]
        self.police = cast.users["police"]
        self.police.first_name, self.police.last_name = "Sok", "Dara"
        self.police.save()
        self.police2 = make_user("police2", [R.POLICE_INVESTIGATOR], self.police_org, "01",
                                 first_name="Chan", last_name="Vibol", totp=True)  # fmt: skip
        self.leaver = make_user("leaver", [R.POLICE_INVESTIGATOR], self.police_org, "01",
                                first_name="Keo", last_name="Leaver", totp=True)  # fmt: skip
        self.chief = make_user("chief", [R.HEAD_OF_OFFICE], self.police_org, "01", totp=True,
                               first_name="Meas", last_name="Chief")  # fmt: skip
        self.chief_btb = make_user("chief_btb", [R.HEAD_OF_OFFICE], cast.orgs["police_btb"],
                                   "02", totp=True)  # fmt: skip
        self.supervisor = make_user("sup", [R.PROTECTION_SUPERVISOR], self.ccwc, "011002",
                                    totp=True)  # fmt: skip
        self.focal2 = make_user("focal2", [R.COMMUNE_FOCAL_POINT], self.ccwc, "011002",
                                first_name="Lim", last_name="Focal", totp=True)  # fmt: skip
        province = Area.objects.get(code="01")
        self.fresh = self._case("Qzfreshtitle", self.police, province)  # no step yet
        self.running = self._case("Running", self.police, province)
        suspect = self._suspect(self.running)
        cases.add_step(self._actor(self.police), suspect, "investigation", days_ago(20))
        self.ended = self._case("Ended", self.police, province)
        suspect = self._suspect(self.ended)
        for n, kind in enumerate(("investigation", "forwarded", "judicial_investigation",
                                  "dismissed")):  # fmt: skip
            cases.add_step(self._actor(self.police), suspect, kind, days_ago(20 - n))
        self.left_case = self._case("Left behind", self.leaver, province)
        self.nobody = self._case("Nobody's", None, province)
        child = make_person(self.ccwc, cast.village.code, name_latin="Qzchildname")
        focal = self._actor(cast.users["focalpoint"])
        self.pc = protection.create_case(focal, child, {
            "category": "KH_ChildAtRisk", "source": "community", "opened_on": days_ago(30),
        }, cast.village)  # fmt: skip
        closed = protection.create_case(focal, child, {
            "category": "KH_ChildAtRisk", "source": "hotline", "opened_on": days_ago(20),
        }, cast.village)  # fmt: skip
        protection.close_case(focal, closed, "not_a_victim", days_ago(10), "")
        self.leaver.is_active = False
        self.leaver.save()

    def _actor(self, user: Any) -> Actor:
        return Actor.command(user, via="test")

    def _case(self, title: str, lead: Any, place: Area) -> Case:
        data = {"title": title, "source": "hotline_117", "reported_on": days_ago(30),
                "lead_officer": lead}  # fmt: skip
        return cases.create_case(self._actor(self.police), data, place)

    def _suspect(self, case: Case) -> Any:
        person = make_person(self.police_org, "0110", name_latin=f"Suspect of {case.number}")
        return cases.add_person(self._actor(self.police), case, person, "suspect", {})

    def client(self, user: Any) -> Client:
        client = Client()
        client.cookies["tipnet_language"] = "en"
        login(client, user)
        return client


@pytest.fixture
def world(cast: Any) -> World:
    return World(cast)


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def _row(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</tr>", start)]


def _reassigned() -> Any:
    return AuditEvent.objects.filter(detail="reassigned")


def test_it_counts_each_workers_open_work_by_stage(world: World) -> None:
    html = world.client(world.chief).get(reverse("caseload")).content.decode()
    mine = _row(html, f'data-worker="{world.police.pk}"')
    # The fresh and the running case; the dismissed one has ended.
    assert 'data-kind="case" data-total="2"' in mine
    assert "Sok Dara" in mine and ">sok<" not in mine.lower()
    with translation.override("en"):
        assert "No proceedings yet: 1" in mine and "Under investigation: 1" in mine
    assert 'data-kind="case" data-total="0"' in _row(html, f'data-worker="{world.police2.pk}"')
    # Unassigned: the case nobody holds and the deactivated investigator's.
    assert 'data-kind="case" data-total="2"' in _row(html, "data-unassigned")
    assert f'data-left-worker="{world.leaver.pk}"' in html
    assert f'data-worker="{world.leaver.pk}"' not in html
    # The protection supervisor's caseload: the open protection case only.
    html = world.client(world.supervisor).get(reverse("caseload")).content.decode()
    focal = world.cast.users["focalpoint"]
    assert 'data-kind="protection" data-total="1"' in _row(html, f'data-worker="{focal.pk}"')
    assert 'data-kind="case"' not in html


def test_it_hands_the_chosen_cases_on_and_audits_each(world: World) -> None:
    client = world.client(world.chief)
    page = client.get(reverse("caseload_worker", args=[world.leaver.pk])).content.decode()
    assert "Left behind" in page and "This account is deactivated" in page
    pick = f"case:{world.left_case.pk}:{world.left_case.version}"
    response = client.post(reverse("caseload_worker", args=[world.leaver.pk]), {
        "pick": [pick], "target": str(world.police2.pk), "reason": "Left the unit in May",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(pk=world.left_case.pk)
    assert case.lead_officer_id == world.police2.pk
    assert case.version == world.left_case.version + 1
    event = _reassigned().get(object_type="cases.case", object_id=str(case.pk))
    assert event.actor_id == world.chief.pk
    assert event.changes["lead_officer"] == {
        "old": str(world.leaver.pk),
        "new": str(world.police2.pk),
    }
    assert unseal(event.changes["reason"])["new"] == "Left the unit in May"
    # The audit trail names the officers by name.
    from tipnet.audit.labels import change_rows

    rows = change_rows("cases.case", {"lead_officer": event.changes["lead_officer"]})
    assert rows == [("Lead officer", "Keo Leaver", "Chan Vibol", True)]


def test_it_hands_protection_cases_on_for_a_protection_supervisor(world: World) -> None:
    focal = world.cast.users["focalpoint"]
    client = world.client(world.supervisor)
    page = client.get(reverse("caseload_worker", args=[focal.pk])).content.decode()
    assert "Qzchildname" in page
    response = client.post(reverse("caseload_worker", args=[focal.pk]), {
        "pick": [f"protection:{world.pc.pk}:{world.pc.version}"],
        "target": str(world.focal2.pk), "reason": "On leave until June",
    })  # fmt: skip
    assert response.status_code == 302
    assert ProtectionCase.objects.get(pk=world.pc.pk).case_worker_id == world.focal2.pk
    event = _reassigned().get(object_type="protection.protectioncase")
    assert event.changes["case_worker"]["old"] == str(focal.pk)


def test_it_hands_on_the_work_nobody_holds(world: World) -> None:
    client = world.client(world.chief)
    page = client.get(reverse("caseload_unassigned")).content.decode()
    assert "Nobody&#x27;s" in page and "Left behind" not in page
    response = client.post(reverse("caseload_unassigned"), {
        "pick": [f"case:{world.nobody.pk}:{world.nobody.version}"],
        "target": str(world.police.pk), "reason": "New case to the duty officer",
    })  # fmt: skip
    assert response.status_code == 302
    assert Case.objects.get(pk=world.nobody.pk).lead_officer_id == world.police.pk
    assert _reassigned().get().changes["lead_officer"]["old"] == ""


def test_it_refuses_a_non_supervisor_and_another_organisations_supervisor(world: World) -> None:
    before = list(Case.objects.order_by("pk").values_list("pk", "lead_officer_id", "version"))
    url = reverse("caseload_worker", args=[world.leaver.pk])
    data = {"pick": [f"case:{world.left_case.pk}:{world.left_case.version}"],
            "target": str(world.police2.pk), "reason": "x"}  # fmt: skip
    police = world.client(world.police)
    assert police.get(reverse("caseload")).status_code == 403
    assert police.get(url).status_code == 403
    assert police.post(url, data).status_code == 403
    other = world.client(world.chief_btb)
    assert other.get(url).status_code == 403
    assert other.post(url, data).status_code == 403
    assert other.get(reverse("caseload_worker", args=[world.police.pk])).status_code == 403
    # A protection supervisor may not hand on criminal cases, even of a worker they see.
    sup = world.client(world.supervisor)
    assert sup.get(reverse("caseload_worker", args=[world.police.pk])).status_code == 403
    after = list(Case.objects.order_by("pk").values_list("pk", "lead_officer_id", "version"))
    assert after == before and not _reassigned().exists()
    assert AuditEvent.objects.filter(action="permission_denied").count() >= 6


def test_it_lists_a_deactivated_accounts_work_until_it_is_handed_on(world: World) -> None:
    client = world.client(world.chief)
    home = client.get(reverse("home")).content.decode()
    link = reverse("caseload") + "#left"
    assert f'href="{link}"><span class="count">1</span>' in home
    client.post(reverse("caseload_worker", args=[world.leaver.pk]), {
        "pick": [f"case:{world.left_case.pk}:{world.left_case.version}"],
        "target": str(world.police2.pk), "reason": "Left the unit",
    })  # fmt: skip
    html = client.get(reverse("caseload")).content.decode()
    assert "data-left-worker" not in html and "data-none-left" in html
    home = client.get(reverse("home")).content.decode()
    assert f'href="{link}"><span class="count">0</span>' in home
    # A worker who moved to another organisation leaves their work behind too.
    world.police.organisation = world.cast.orgs["police_btb"]
    world.police.save()
    html = client.get(reverse("caseload")).content.decode()
    assert f'data-left-worker="{world.police.pk}"' in html


@pytest.mark.parametrize("case", ["no_target", "inactive", "other_org", "no_reason", "stale",
                                  "none_picked", "wrong_role"])  # fmt: skip
def test_it_refuses_bad_input_with_a_reason_and_writes_nothing(world: World, case: str) -> None:
    target, reason = str(world.police2.pk), "Left the unit"
    version = world.left_case.version
    if case == "no_target":
        target = ""
    elif case == "inactive":
        world.police2.is_active = False
        world.police2.save()
    elif case == "other_org":
        target = str(world.cast.users["police_other"].pk)
    elif case == "wrong_role":
        target = str(world.chief.pk)  # a head of office holds no cases
    elif case == "no_reason":
        reason = "  "
    elif case == "stale":
        version -= 1 if version > 1 else -1
    picks = [] if case == "none_picked" else [f"case:{world.left_case.pk}:{version}"]
    client = world.client(world.chief)
    response = client.post(reverse("caseload_worker", args=[world.leaver.pk]),
                           {"pick": picks, "target": target, "reason": reason})  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        "no_target": "Choose the worker who takes the cases over.",
        "inactive": "The account of Chan Vibol is deactivated",
        "other_org": "does not work for Police BMC",
        "wrong_role": "does not take criminal cases",
        "no_reason": "Give the reason for handing the cases on.",
        "stale": "was changed by someone else after you opened this page",
        "none_picked": "Choose at least one case to hand on.",
    }[case]
    assert expected in html, html[html.find("<main") :][:3000]
    case_now = Case.objects.get(pk=world.left_case.pk)
    assert case_now.lead_officer_id == world.leaver.pk
    assert case_now.version == world.left_case.version
    assert not _reassigned().exists()
    # The message is translated: the same refusal in Khmer is not the English text.
    client.cookies["tipnet_language"] = "km"
    world.chief.language = "km"
    world.chief.save()
    khmer = client.post(reverse("caseload_worker", args=[world.leaver.pk]),
                        {"pick": picks, "target": target, "reason": reason})  # fmt: skip
    assert expected not in khmer.content.decode()


def test_it_shows_a_worker_their_own_open_work(world: World) -> None:
    focal = world.cast.users["focalpoint"]
    page = world.client(focal).get(reverse("caseload_worker", args=[focal.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Qzchildname" in html and 'name="pick"' not in html
    page = world.client(world.police).get(reverse("caseload_worker", args=[world.police.pk]))
    html = page.content.decode()
    assert "Qzfreshtitle" in html and "Running" in html and "Ended" not in html
    assert (
        world.client(world.police)
        .get(reverse("caseload_worker", args=[world.police2.pk]))
        .status_code
        == 403
    )
