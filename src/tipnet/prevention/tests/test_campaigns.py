"""Projects and campaigns with their targets: the progress of their activities against the
targets (in their period, per province), the budget spent per currency, the pages and exports
as each role may see them. Every expected number is worked out by hand in the comments."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from tipnet.accounts.access import NotAllowed
from tipnet.accounts.roles import RoleCode
from tipnet.audit.models import AuditEvent
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.geo.models import Area
from tipnet.prevention import progress, queries_campaigns, services, services_campaigns
from tipnet.prevention.models import ActivityType
from tipnet.prevention.models_campaigns import Campaign, Project, Target
from tipnet.prevention.rules import Refused
from tipnet.testing import login, make_user


def _actor(user: Any) -> Actor:
    return Actor.command(user, via="test")


def _day(days_ago: int) -> Any:
    return timezone.localdate() - timedelta(days=days_ago)


def _client(user: Any) -> Client:
    client = Client()
    client.cookies["tipnet_language"] = "en"
    login(client, user)
    return client


def _activity(user: Any, place: str, days: int, cells: dict, **extra: Any) -> Any:
    data = {"kind": ActivityType.objects.get(code="awareness_session"), "held_on": _day(days),
            "duration_minutes": 90, "place": Area.objects.get(code=place), **extra}  # fmt: skip
    return services.create_activity(_actor(user), data, cells)


def _attend(user: Any, activity: Any, person: Any) -> None:
    services.add_attendance(_actor(user), activity, person)


def _target(user: Any, owner: Any, measure: str, number: int, province: str = "",
            **who: str) -> Target:  # fmt: skip
    data = {"measure": measure, "number": number, **who,
            "province": Area.objects.get(code=province) if province else None}  # fmt: skip
    return services_campaigns.add_target(_actor(user), owner, data)


@pytest.fixture
def project_world(world: Any) -> Any:
    """The Awareness NGO's project (1,000 USD, 60 to 10 days ago) with four targets, and its
    activities: three in its period (two in Banteay Meanchey, one in Battambang recorded by
    the NGO's officer there), one after its period, one of no project."""
    officer = world.users["prevention"]  # jurisdiction: Banteay Meanchey (01)
    battambang = make_user("prevention_btb", [RoleCode.PREVENTION_OFFICER],
                           world.orgs["prevention"], "02", totp=True)  # fmt: skip
    project = services_campaigns.create_project(_actor(officer), {
        "name": "Safe schools", "donor": "A donor", "starts_on": _day(60), "ends_on": _day(10),
        "budget": Decimal("1000.00"), "currency": "USD",
    })  # fmt: skip
    world.targets = [
        _target(officer, project, "sessions", 4),
        _target(officer, project, "people", 50, "01"),
        _target(officer, project, "people", 10, "01", sex="female", age_band="12-17"),
        _target(officer, project, "sessions", 2, "02"),
    ]
    p1 = services.add_participant(_actor(officer), {"name": "Srey Leak", "sex": "female",
                                                   "age_band": "12-17", "role": "child"})  # fmt: skip
    p2 = services.add_participant(_actor(officer), {"name": "Sok Dara", "sex": "male",
                                                   "age_band": "25-59", "role": "teacher"})  # fmt: skip
    girls, boys = ("female", "12-17", "child"), ("male", "12-17", "child")
    a1 = _activity(officer, "0110", 30, {girls: 6, boys: 4}, project=project,
                   budget_spent=Decimal("100.50"), budget_currency="USD")  # fmt: skip
    _attend(officer, a1, p1)
    _attend(officer, a1, p2)
    a2 = _activity(officer, "0110", 20, {girls: 3}, project=project,
                   budget_spent=Decimal("200000"), budget_currency="KHR")  # fmt: skip
    _attend(officer, a2, p1)  # the same girl again: one person in the unique reach
    _activity(officer, "0110", 5, {girls: 20}, project=project,  # after the period
              budget_spent=Decimal("999"), budget_currency="USD")  # fmt: skip
    _activity(battambang, "0203", 25, {("female", "25-59", "parent"): 7}, project=project)
    _activity(officer, "0110", 30, {girls: 50})  # of no project
    world.project = project
    return world


def _rows(report: Any) -> list[tuple[int, int, int | None, int, int]]:
    return [(t.number, p.achieved, p.percent, p.unique, p.counted_only)
            for t, p in report.targets]  # fmt: skip


def test_it_computes_a_projects_progress_in_its_period_and_provinces(project_world):
    w = project_world
    report = queries_campaigns.report(w.users["analyst"], w.project)
    assert _rows(report) == [
        (4, 3, 75, 0, 0),  # sessions anywhere: three in the period; 3 of 4 = 75 %
        (50, 15, 30, 2, 13),  # people in 01: 2 known (the girl once) + 10 + 3 counted = 15
        (10, 10, 100, 1, 9),  # girls 12-17 in 01: the girl + 6 + 3 counted = 10
        (2, 1, 50, 0, 0),  # sessions in 02: the Battambang officer's one
    ]
    assert report.outside == 1 and report.sessions == 3
    by_province = {r.province: r for r in report.provinces}
    assert by_province["01"] == progress.ProvinceReach("01", 2, 2, 3, 13)
    assert by_province["02"] == progress.ProvinceReach("02", 1, 0, 0, 7)
    assert report.spent == {"KHR": Decimal("200000.00"), "USD": Decimal("100.50")}
    assert report.unrecorded == 1
    assert queries_campaigns.remaining(w.project, report.spent) == Decimal("899.50")
    # The officer of Banteay Meanchey does not see the Battambang session: 0 of 2 there.
    seen = queries_campaigns.report(w.users["prevention"], w.project)
    assert _rows(seen)[3] == (2, 0, 0, 0, 0)
    assert _rows(seen)[0] == (4, 2, 50, 0, 0)


def test_it_shows_the_progress_and_the_budget_on_the_project_page(project_world):
    w = project_world
    page = _client(w.users["analyst"]).get(f"/prevention/projects/{w.project.pk}/")
    assert page.status_code == 200
    text = page.text
    assert f'data-target="{w.targets[1].pk}" data-measure="people"' in text
    assert "<td data-achieved>15 <small>participants</small>" in text
    assert "<td data-percent>30%</td>" in text
    assert "899.50" in text and "100.50" in text and "200,000" in text
    assert "1 activity held outside the period is not counted." in text
    assert "Srey Leak" not in text and "Sok Dara" not in text


def test_it_adds_and_removes_a_target_on_the_page_with_audit(project_world):
    w = project_world
    client = _client(w.users["prevention"])
    url = f"/prevention/projects/{w.project.pk}/"
    response = client.post(url, {"province": "01", "measure": "sessions", "sex": "female",
                                 "number": "3"})  # fmt: skip
    assert response.status_code == 200
    assert "A target of sessions is for everyone" in response.text
    response = client.post(url, {"province": "", "measure": "sessions", "number": "9"})
    assert "This target is set already" in response.text  # the whole's sessions: 4 already
    response = client.post(url, {"province": "01", "measure": "sessions", "number": "3"})
    assert response.status_code == 302
    added = Target.objects.get(project=w.project, province="01", measure="sessions")
    assert added.number == 3
    remove = f"{url}targets/{added.pk}/remove/"
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    assert not Target.objects.filter(pk=added.pk).exists()
    trail = AuditEvent.objects.filter(object_type="prevention.project",
                                      object_id=str(w.project.pk), action="change")  # fmt: skip
    assert trail.count() == 6  # four targets of the fixture, this one added and removed


def test_it_refuses_a_second_project_of_the_same_name(project_world):
    w = project_world
    with translation.override("en"), pytest.raises(Refused) as refused:
        services_campaigns.create_project(_actor(w.users["prevention"]), {"name": "safe schools"})
    with translation.override("en"):
        assert "already has a project named “safe schools”" in refused.value.message
    response = _client(w.users["prevention"]).post(
        "/prevention/projects/new/", {"name": "Safe schools", "currency": "USD"}
    )
    assert response.status_code == 200
    assert "Your organisation already has a project named" in response.text
    assert Project.objects.count() == 1
    # Another organisation may have a project of that name.
    other = services_campaigns.create_project(_actor(w.users["pcct"]), {"name": "Safe schools"})
    assert other.owner_organisation_id == w.orgs["pcct_bmc"].pk


def test_it_refuses_a_stale_edit_of_a_project(project_world):
    w = project_world
    actor = _actor(w.users["prevention"])
    data = {"name": "Safe schools 2026", "currency": "USD", "starts_on": _day(60)}
    services_campaigns.update_project(actor, w.project, data, 1)
    with pytest.raises(StaleEdit):
        services_campaigns.update_project(actor, w.project, {**data, "donor": "Late"}, 1)
    client = _client(w.users["prevention"])
    response = client.post(f"/prevention/projects/{w.project.pk}/edit/", {
        "name": "Another name", "currency": "USD", "version": "1",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Someone else saved this while you were editing it" in response.text
    assert "data-stale-edit" in response.text
    w.project.refresh_from_db()
    saved = (w.project.name, w.project.version, w.project.donor)
    assert saved == ("Safe schools 2026", 2, "A donor")
    ok = client.post(f"/prevention/projects/{w.project.pk}/edit/", {
        "name": "Another name", "currency": "USD", "version": "2",
        "starts_on": _day(10).isoformat(), "ends_on": _day(60).isoformat(),
    })  # fmt: skip
    assert "The period ends before it starts." in ok.text


def test_it_keeps_a_project_from_other_organisations(project_world):
    w = project_world
    btb = make_user("btb_officer", [RoleCode.PREVENTION_OFFICER], w.orgs["ngo_btb"], "02",
                    totp=True)  # fmt: skip
    client = _client(btb)
    assert client.get(f"/prevention/projects/{w.project.pk}/").status_code == 403
    assert client.get(f"/prevention/projects/{w.project.pk}/export/").status_code == 403
    assert client.get(f"/prevention/projects/{w.project.pk + 999}/").status_code == 404
    assert "Safe schools" not in client.get("/prevention/projects/").text
    pcct = _client(w.users["pcct"])  # sees the work of Banteay Meanchey, changes none of it
    assert pcct.get(f"/prevention/projects/{w.project.pk}/edit/").status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied").count() >= 2


def test_it_exports_the_project_report_with_the_same_numbers_and_audits_it(project_world):
    from openpyxl import load_workbook

    w = project_world
    client = _client(w.users["analyst"])
    response = client.get(f"/prevention/projects/{w.project.pk}/export/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    targets = [r[3:8] for r in rows if r[0] == "Target"]
    assert targets == [[4, 3, 75, 0, 0], [50, 15, 30, 2, 13], [10, 10, 100, 1, 9],
                       [2, 1, 50, 0, 0]]  # fmt: skip
    assert [r[1:2] + r[6:8] for r in rows if r[0] == "Reach by province"] == [
        ["Banteay Meanchey", 2, 13], ["Battambang", 0, 7]]  # fmt: skip
    assert sorted(r[1] for r in rows if r[0] == "Budget spent") == ["KHR", "USD"]
    assert len([r for r in rows if r[0] == "Activity"]) == 3
    assert not any("Srey Leak" in str(c) for r in rows for c in r)
    event = AuditEvent.objects.get(action="export", object_type="prevention.project")
    assert event.object_id == str(w.project.pk) and "XLSX" in event.detail
    as_csv = client.get(f"/prevention/projects/{w.project.pk}/export/?as=csv")
    assert as_csv.status_code == 200 and "text/csv" in as_csv["Content-Type"]
    assert "Safe schools" not in as_csv.content.decode("utf-8-sig").split("\n")[0]
    assert AuditEvent.objects.filter(action="export", detail__contains="CSV").count() == 1


def test_it_reports_a_campaign_per_province_across_two_organisations(world):
    btb = make_user("btb_officer", [RoleCode.PREVENTION_OFFICER], world.orgs["ngo_btb"], "02",
                    totp=True)  # fmt: skip
    pcct, ngo = world.users["pcct"], world.users["prevention"]
    campaign = services_campaigns.create_campaign(_actor(pcct), {
        "name": "Safe migration month", "starts_on": _day(40), "ends_on": _day(1),
    })  # fmt: skip
    assert campaign.place_id is None  # the whole country
    for measure, number, province in [("people", 40, "01"), ("people", 30, "02"),
                                       ("sessions", 2, "01"), ("sessions", 1, "02"),
                                       ("sessions", 5, "")]:  # fmt: skip
        _target(pcct, campaign, measure, number, province)
    parents = ("female", "25-59", "parent")
    _activity(pcct, "01", 30, {parents: 12}, campaign=campaign)
    c2 = _activity(ngo, "0110", 20, {parents: 8}, campaign=campaign)
    person = services.add_participant(_actor(ngo), {"name": "Chan Sophea", "sex": "female",
                                                    "age_band": "25-59", "role": "parent"})  # fmt: skip
    _attend(ngo, c2, person)
    _activity(btb, "0203", 10, {parents: 25}, campaign=campaign)
    _activity(btb, "0203", 50, {parents: 100}, campaign=campaign)  # before the campaign
    report = queries_campaigns.report(world.users["analyst"], campaign)
    assert _rows(report) == [
        (5, 3, 60, 0, 0),  # the whole: three sessions in the period, 3 of 5 = 60 %
        (40, 21, 52, 1, 20),  # 01: Chan Sophea + 12 + 8 counted = 21 of 40 = 52 %
        (2, 2, 100, 0, 0),  # 01: two sessions
        (30, 25, 83, 0, 25),  # 02: 25 counted of 30 = 83 %
        (1, 1, 100, 0, 0),  # 02: one session
    ]
    assert [(r.province, r.sessions, r.participants) for r in report.provinces] == [
        ("01", 2, 21), ("02", 1, 25)]  # fmt: skip
    # The Battambang NGO sees the campaign of the whole country, and only its own activity.
    page = _client(btb).get(f"/prevention/campaigns/{campaign.pk}/")
    assert page.status_code == 200
    seen = _rows(queries_campaigns.report(btb, campaign))
    assert (seen[1], seen[3]) == ((40, 0, 0, 0, 0), (30, 25, 83, 0, 25))
    assert campaign in queries_campaigns.campaigns(world.users["volunteer"])
    assert "Safe migration month" in _client(world.users["volunteer"]).get(
        "/prevention/campaigns/").text  # fmt: skip
    assert _client(btb).get(f"/prevention/campaigns/{campaign.pk}/edit/").status_code == 403
    export = _client(world.users["analyst"]).get(f"/prevention/campaigns/{campaign.pk}/export/")
    assert export.status_code == 200
    assert AuditEvent.objects.filter(action="export", object_type="prevention.campaign").exists()


def test_it_keeps_a_provincial_campaign_in_its_province(world):
    pcct = world.users["pcct"]
    client = _client(pcct)
    response = client.post("/prevention/campaigns/new/", {
        "name": "Border week", "starts_on": _day(5).isoformat(), "ends_on": _day(1).isoformat(),
        "place": "01",
    })  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
    campaign = Campaign.objects.get(name="Border week")
    btb = make_user("btb_officer", [RoleCode.PREVENTION_OFFICER], world.orgs["ngo_btb"], "02",
                    totp=True)  # fmt: skip
    assert campaign not in queries_campaigns.campaigns(btb)
    assert _client(btb).get(f"/prevention/campaigns/{campaign.pk}/").status_code == 403
    assert _client(world.users["analyst"]).get("/prevention/campaigns/new/").status_code == 403
    refused = client.post("/prevention/campaigns/new/", {
        "name": "Elsewhere", "starts_on": _day(5).isoformat(), "ends_on": _day(1).isoformat(),
        "place": "02",
    })  # fmt: skip
    assert refused.status_code == 200 and "outside your jurisdiction" in refused.text
    assert not Campaign.objects.filter(name="Elsewhere").exists()


def test_it_deletes_a_project_with_its_targets_once_its_activities_are_moved_out(project_world):
    w = project_world
    client = _client(w.users["prevention"])
    url = f"/prevention/projects/{w.project.pk}/delete/"
    assert f'href="{url}"' in client.get(f"/prevention/projects/{w.project.pk}/").text
    # Four activities belong to it; the officer of Banteay Meanchey cannot open the Battambang
    # one: refused with the reason on the page and on a sent form, nothing written.
    asked = client.get(url)
    assert asked.status_code == 200 and "data-confirm-delete" not in asked.text
    assert "4 activities belong to this project: move them out of the project first" in asked.text
    assert "1 of them is one you may not open" in asked.text
    assert asked.text.count("data-activity=") == 3
    refused = client.post(url, {"version": "1"})
    assert refused.status_code == 200 and "4 activities belong to this project" in refused.text
    with translation.override("en"), pytest.raises(Refused, match="4 activities belong"):
        services_campaigns.delete_project(_actor(w.users["prevention"]), w.project, 1)
    assert Project.objects.filter(pk=w.project.pk).exists()
    assert not AuditEvent.objects.filter(action="delete").exists()
    w.project.activities.update(project=None)  # as the activity form does, one by one
    asked = client.get(url)
    assert "data-confirm-delete" in asked.text
    assert "Its 4 targets are deleted with it." in asked.text
    # Changed since the page was opened: not deleted, the user is shown it as it is now.
    services_campaigns.update_project(_actor(w.users["prevention"]), w.project,
                                      {"donor": "Another donor"}, 1)  # fmt: skip
    stale = client.post(url, {"version": "1"})
    assert stale.status_code == 302 and stale["Location"] == f"/prevention/projects/{w.project.pk}/"
    assert "Someone else changed this project" in client.get(stale["Location"]).text
    assert "The form is incomplete" in client.post(url, {}).text
    assert Project.objects.filter(pk=w.project.pk).exists()
    done = client.post(url, {"version": "2"})
    assert done.status_code == 302 and done["Location"] == "/prevention/projects/"
    assert not Project.objects.filter(pk=w.project.pk).exists()
    assert not Target.objects.exists()
    event = AuditEvent.objects.get(action="delete")
    assert (event.object_type, event.object_id) == ("prevention.project", str(w.project.pk))
    assert event.changes["name"] == {"old": "Safe schools", "new": ""}
    assert event.changes["donor"]["old"] == "Another donor"
    assert "all sessions: 4" in event.changes["target"]["old"]
    assert client.get(url).status_code == 404


def test_it_lets_only_the_owner_delete_a_project(project_world):
    w = project_world
    w.project.activities.update(project=None)
    url = f"/prevention/projects/{w.project.pk}/delete/"
    btb = make_user("btb_officer", [RoleCode.PREVENTION_OFFICER], w.orgs["ngo_btb"], "02",
                    totp=True)  # fmt: skip
    for user in (w.users["pcct"], w.users["analyst"], btb):
        client = _client(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"version": "1"}).status_code == 403
    assert _client(btb).get(f"/prevention/projects/{w.project.pk + 999}/delete/").status_code == 404
    with translation.override("en"), pytest.raises(NotAllowed, match="may not delete"):
        services_campaigns.delete_project(_actor(w.users["pcct"]), w.project, 1)
    assert Project.objects.filter(pk=w.project.pk).exists()
    assert AuditEvent.objects.filter(action="permission_denied").count() >= 6


def test_it_deletes_a_campaign_once_no_organisers_activity_belongs_to_it(world):
    btb = make_user("btb_officer", [RoleCode.PREVENTION_OFFICER], world.orgs["ngo_btb"], "02",
                    totp=True)  # fmt: skip
    pcct, ngo = world.users["pcct"], world.users["prevention"]
    campaign = services_campaigns.create_campaign(_actor(pcct), {
        "name": "Safe migration month", "starts_on": _day(40), "ends_on": _day(1),
    })  # fmt: skip
    _target(pcct, campaign, "sessions", 5)
    parents = ("female", "25-59", "parent")
    _activity(ngo, "0110", 20, {parents: 8}, campaign=campaign)  # seen by the committee
    _activity(btb, "0203", 10, {parents: 25}, campaign=campaign)  # not seen by it
    url = f"/prevention/campaigns/{campaign.pk}/delete/"
    client = _client(pcct)
    asked = client.get(url).text
    assert "2 activities belong to this campaign: move them out of the campaign first" in asked
    assert "1 of them is one you may not open: its organiser moves it." in asked
    # A campaign of the whole country is seen by every organiser, deleted by its own only.
    assert _client(ngo).get(f"/prevention/campaigns/{campaign.pk}/").status_code == 200
    assert _client(ngo).post(url, {"version": "1"}).status_code == 403
    campaign.activities.filter(owner_organisation=world.orgs["ngo_btb"]).update(campaign=None)
    with translation.override("en"), pytest.raises(Refused, match=r"^1 activity belongs to this"):
        services_campaigns.delete_campaign(_actor(pcct), campaign, 1)
    campaign.activities.update(campaign=None)
    with pytest.raises(StaleEdit):
        services_campaigns.delete_campaign(_actor(pcct), campaign, 0)
    assert "Its 1 target is deleted with it." in client.get(url).text
    done = client.post(url, {"version": "1"})
    assert done.status_code == 302 and done["Location"] == "/prevention/campaigns/"
    assert not Campaign.objects.exists() and not Target.objects.exists()
    event = AuditEvent.objects.get(action="delete", object_type="prevention.campaign")
    assert event.object_id == str(campaign.pk) and event.actor_id == pcct.pk
    assert event.changes["target"] == {"old": "all sessions: 5", "new": ""}
