"""Committees, task forces and teams: members (users of tipnet and known participants), the end
of a membership, the members present at a meeting, who sees which committee, and names as
rules.shown_name allows; bad input refused, nothing written."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from tipnet.accounts.access import Action, NotAllowed, Resource, can
from tipnet.accounts.models import Organisation
from tipnet.accounts.roles import OrganisationKind as K
from tipnet.accounts.roles import RoleCode as R
from tipnet.audit.models import AuditEvent
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.geo.models import Area
from tipnet.prevention import services, services_plans
from tipnet.prevention import services_committees as committees
from tipnet.prevention.models import ActivityType, KnownParticipant
from tipnet.prevention.models_network import CommitteeMember
from tipnet.prevention.rules import Refused
from tipnet.prevention.tests.test_pages import _client
from tipnet.prevention.tests.test_services import record
from tipnet.testing import make_org, make_user


def _day(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def _actor(world: Any, name: str = "pcct") -> Actor:
    return Actor.command(world.users[name], via="test")


def _meeting(world: Any, committee: Organisation, days: int = 5, user: str = "pcct") -> Any:
    return services.create_activity(_actor(world, user), {
        "kind": ActivityType.objects.get(code="committee_meeting"), "held_on": _day(days),
        "duration_minutes": 120, "place": Area.objects.get(code="01"), "committee": committee,
        "decisions": "Joint checks at the border",
    }, {})  # fmt: skip


def _chief(world: Any, name: str = "Mao Sarin", role: str = "village_chief") -> KnownParticipant:
    return services.add_participant(_actor(world), {"name": name, "sex": "male",
                                                    "age_band": "60+", "role": role})  # fmt: skip


def _seat(world: Any, committee: Organisation, since: int = 90, **who: Any) -> CommitteeMember:
    return committees.add_member(_actor(world), committee,
                                 {"role": "member", "since": _day(since), **who})  # fmt: skip


def test_it_adds_a_user_and_a_participant_through_the_page(world):
    pcct = world.orgs["pcct_bmc"]
    client = _client(world, "pcct")
    base = f"/prevention/committees/{pcct.pk}/"
    police = world.users["police"]
    chosen = {"user": str(police.pk), "role": "secretary", "since": _day(30).isoformat()}
    assert client.post(f"{base}members/new/", chosen).status_code == 302
    member = CommitteeMember.objects.get(user=police)
    assert (member.role, member.agency, member.until) == ("secretary", world.orgs["police_bmc"],
                                                          None)  # fmt: skip
    new = {"new_name": "Keo Vanna", "new_sex": "female", "new_role": "village_chief",
           "new_age_band": "25-59", "role": "member", "since": _day(10).isoformat()}  # fmt: skip
    assert client.post(f"{base}members/new/", new).status_code == 302
    vanna = KnownParticipant.objects.get(name="Keo Vanna")
    assert vanna.owner_organisation == pcct
    assert CommitteeMember.objects.get(participant=vanna).since == _day(10)
    page = client.get(base).text
    assert "Keo Vanna" in page and police.display_name in page and "Secretary" in page
    # The trail: the membership's creation, by key (never the participant's name).
    event = (
        AuditEvent.objects.filter(object_type="prevention.committeemember").order_by("pk").last()
    )
    assert event is not None and "Keo Vanna" not in str(event.changes)
    # Neither, or both: the form says so and nothing is written.
    both = {**chosen, "new_name": "Someone", "new_sex": "male", "new_role": "other"}
    for data in ({"role": "member", "since": _day(1).isoformat()}, both):
        answer = client.post(f"{base}members/new/", data)
        assert "Choose one: a user of tipnet" in answer.text
    assert CommitteeMember.objects.count() == 2
    # The list: the user's own committee first.
    listed = client.get("/prevention/committees/").text
    assert f'data-committee="{pcct.pk}"' in listed and "(yours)" in listed


def test_it_refuses_a_member_added_twice_while_active(world):
    pcct = world.orgs["pcct_bmc"]
    police, chief = world.users["police"], _chief(world)
    _seat(world, pcct, user=police)
    _seat(world, pcct, participant=chief)
    with translation.override("en"):
        for who in ({"user": police}, {"participant": chief}):
            with pytest.raises(Refused, match="already a member"):
                _seat(world, pcct, since=5, **who)
        answer = _client(world, "pcct").post(
            f"/prevention/committees/{pcct.pk}/members/new/",
            {"user": str(police.pk), "role": "member", "since": _day(3).isoformat()},
        )
        assert "already a member of the committee" in answer.text
        with pytest.raises(Refused, match="ahead"):
            _seat(world, pcct, since=-3, user=world.users["prosecutor"])
    assert CommitteeMember.objects.count() == 2
    # Once the membership ended, the person may join again.
    first = CommitteeMember.objects.get(user=police)
    committees.end_membership(_actor(world), first, _day(20))
    again = _seat(world, pcct, since=10, user=police)
    assert CommitteeMember.objects.filter(user=police).count() == 2 and again.until is None


def test_it_ends_a_membership_not_before_it_began(world):
    pcct = world.orgs["pcct_bmc"]
    member = _seat(world, pcct, since=30, participant=_chief(world))
    client = _client(world, "pcct")
    url = f"/prevention/committees/{pcct.pk}/members/{member.pk}/end/"
    early = client.post(url, {"until": _day(40).isoformat()})
    assert "cannot end before it started" in early.text
    member.refresh_from_db()
    assert member.until is None
    assert client.post(url, {"until": _day(2).isoformat()}).status_code == 302
    member.refresh_from_db()
    assert member.until == _day(2)
    assert "ended already" in client.post(url, {"until": _day(1).isoformat()}).text
    assert not committees.active_on(pcct, _day(0)).exists()
    # Only the committee's own change its members: the analyst reads, the officer sees nothing.
    assert _client(world, "analyst").post(url, {"until": _day(1).isoformat()}).status_code == 403
    with translation.override("en"), pytest.raises(NotAllowed):
        committees.end_membership(_actor(world, "prevention"), member, _day(1))


def test_it_ticks_only_the_members_active_on_the_meeting_day(world):
    pcct = world.orgs["pcct_bmc"]
    on_day = _seat(world, pcct, since=90, user=world.users["police"])
    later = _seat(world, pcct, since=2, user=world.users["prosecutor"])
    gone = _seat(world, pcct, since=90, participant=_chief(world))
    committees.end_membership(_actor(world), gone, _day(10))
    meeting = _meeting(world, pcct, days=5)
    client = _client(world, "pcct")
    url = f"/prevention/{meeting.pk}/present/"
    page = client.get(url).text
    assert f'value="{on_day.pk}"' in page
    assert f'value="{later.pk}"' not in page and f'value="{gone.pk}"' not in page
    # A member who joined after the meeting cannot be ticked, on the page or in the service.
    assert client.post(url, {"present": [str(later.pk)], "shown": ""}).status_code == 200
    with translation.override("en"), pytest.raises(Refused, match="on the day of the meeting"):
        committees.set_present(_actor(world), meeting, [later])
    assert meeting.members_present.count() == 0
    assert client.post(url, {"present": [str(on_day.pk)], "shown": ""}).status_code == 302
    assert list(meeting.members_present.all()) == [on_day]
    event = AuditEvent.objects.filter(object_type="prevention.activity",
                                      object_id=str(meeting.pk)).order_by("pk").last()  # fmt: skip
    assert event is not None and event.changes["members_present"]["new"] == f"#{on_day.pk}"
    # A form opened before that save is told, not applied.
    assert "Someone else changed" in client.post(url, {"present": [], "shown": ""}).text
    assert meeting.members_present.count() == 1
    # The committee page: the meeting with one member present, its open action overdue.
    plan = services_plans.save_plan(_actor(world), meeting, {"priorities": "Border"}, None)
    services_plans.add_action(_actor(world), plan, {"description": "Checks at the crossing",
                                                    "owner_name": "Police", "due_on": _day(1)})  # fmt: skip
    committee_page = client.get(f"/prevention/committees/{pcct.pk}/").text
    assert f'data-meeting="{meeting.pk}" data-present="1"' in committee_page
    assert "Checks at the crossing" in committee_page and "data-overdue" in committee_page
    assert f"/prevention/{meeting.pk}/plan/" in committee_page
    # An activity of no committee has nobody to tick.
    assert _client(world, "prevention").get(f"/prevention/{record(world).pk}/present/"
                                            ).status_code == 404  # fmt: skip


def test_it_hides_a_committee_from_another_provinces_committee(world):
    pcct = world.orgs["pcct_bmc"]
    _seat(world, pcct, participant=_chief(world, "Chan Dara"))
    meeting = _meeting(world, pcct)
    btb = make_org("PCCT BTB", K.PROVINCIAL_COMMITTEE, "02")
    other = make_user("pcct_btb", [R.PROVINCIAL_COMMITTEE], btb, "02", totp=True)
    world.users["pcct_btb"] = other
    assert list(committees.committees(other)) == [btb]
    assert not committees.meetings(other, pcct).exists()
    client = _client(world, "pcct_btb")
    assert f'data-committee="{pcct.pk}"' not in client.get("/prevention/committees/").text
    assert client.get(f"/prevention/committees/{pcct.pk}/").status_code == 403
    assert client.get(f"/prevention/{meeting.pk}/present/").status_code == 403
    assert client.get(f"/prevention/committees/{btb.pk}/").status_code == 200
    # Not an organisation of a committee kind: no committee page.
    ngo = world.orgs["prevention"]
    assert _client(world, "analyst").get(f"/prevention/committees/{ngo.pk}/").status_code == 404


def test_it_names_known_members_as_shown_name_allows(world):
    pcct = world.orgs["pcct_bmc"]
    _seat(world, pcct, participant=_chief(world, "Qzchiefname"))
    _seat(world, pcct, participant=_chief(world, "Qzofficialname", role="official"))
    _meeting(world, pcct)
    own = _client(world, "pcct").get(f"/prevention/committees/{pcct.pk}/").text
    assert "Qzchiefname" in own and "Qzofficialname" in own
    seen = _client(world, "analyst").get(f"/prevention/committees/{pcct.pk}/").text
    assert "Qzchiefname" not in seen and "Qzofficialname" in seen
    assert "name kept by the recording organisation" in seen


def test_it_lists_the_committees_whose_members_the_access_module_lets_one_see(world):
    """The list's condition (services_committees.seen_condition) and access.can agree."""
    pcct = world.orgs["pcct_bmc"]
    task_force = make_org("BMC task force", K.TASK_FORCE, "01", parent=pcct)
    make_org("Poipet MDT", K.MULTIDISCIPLINARY_TEAM, "0110", parent=pcct)
    make_org("BTB task force", K.TASK_FORCE, "02")
    kinds = ("national_committee", "provincial_committee", "commune_council", "task_force",
             "multidisciplinary_team")  # fmt: skip
    everyone = Organisation.objects.filter(kind__in=kinds)
    for name, user in world.users.items():
        listed = set(committees.committees(user))
        allowed = {c for c in everyone
                   if can(user, Action.LIST, Resource.PREVENTION,
                          committees.scoped(CommitteeMember(committee=c)))}  # fmt: skip
        assert listed == allowed, name
    # The provincial committee: its own first, then its task force and team, then the rest.
    order = list(committees.committees(world.users["pcct"]))
    assert order[0] == pcct and order[1].parent_id == pcct.pk
    # It records its task force's members and meetings.
    _seat(world, task_force, user=world.users["police"])
    assert _meeting(world, task_force).owner_organisation_id == pcct.pk


def test_it_lets_an_administrator_create_a_task_force_under_a_committee(world):
    admin = _client(world, "admin")
    answer = admin.post("/admin/accounts/organisation/add/", {
        "name_en": "Banteay Meanchey task force", "name_km": "ក្រុមការងារ", "kind": "task_force",
        "parent": str(world.orgs["pcct_bmc"].pk), "coverage": "01", "is_active": "on",
    })  # fmt: skip
    assert answer.status_code == 302, answer.text[:3000]
    made = Organisation.objects.get(name_en="Banteay Meanchey task force")
    assert (made.kind, made.parent, made.coverage_id) == ("task_force", world.orgs["pcct_bmc"],
                                                          "01")  # fmt: skip


def test_it_gives_the_demo_a_provincial_task_force_with_a_meeting(gazetteer, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    task_force = Organisation.objects.get(kind="task_force", is_synthetic=True)
    assert task_force.parent is not None and task_force.parent.kind == "provincial_committee"
    assert committees.members(task_force).count() == 2
    meeting = committees.meetings(task_force.parent.users.get(), task_force).get()
    assert meeting.present == 2 and meeting.plan.actions.count() == 1


def test_it_corrects_a_members_role_in_place_version_checked_and_audited(world):
    pcct = world.orgs["pcct_bmc"]
    member = _seat(world, pcct, since=30, participant=_chief(world))
    client = _client(world, "pcct")
    url = f"/prevention/committees/{pcct.pk}/members/{member.pk}/role/"
    assert f'href="{url}"' in client.get(f"/prevention/committees/{pcct.pk}/").text
    assert "data-role-form" in client.get(url).text
    assert client.post(url, {"role": "secretary", "version": "1"}).status_code == 302
    member.refresh_from_db()
    assert (member.role, member.version, member.since) == ("secretary", 2, _day(30))
    event = AuditEvent.objects.filter(object_type="prevention.committeemember",
                                      object_id=str(member.pk)).order_by("pk").last()  # fmt: skip
    assert event is not None and event.action == "change"
    assert event.changes == {"role": {"old": "member", "new": "secretary"}}
    # A second editor who opened the form before that save is told, not applied.
    stale = client.post(url, {"role": "chair", "version": "1"})
    assert stale.status_code == 200 and "Someone else changed this membership" in stale.text
    assert "data-stale-edit" in stale.text and 'value="2"' in stale.text
    with pytest.raises(StaleEdit):
        committees.change_role(_actor(world), member, "chair", 1)
    with translation.override("en"), pytest.raises(Refused, match="role from the list"):
        committees.change_role(_actor(world), member, "treasurer", 2)
    member.refresh_from_db()
    assert (member.role, member.version) == ("secretary", 2)
    # A membership ending ahead is still current; ending it changed its version.
    committees.end_membership(_actor(world), member, _day(-10))
    with pytest.raises(StaleEdit):
        committees.change_role(_actor(world), member, "member", 2)
    committees.change_role(_actor(world), member, "member", 3)
    member.refresh_from_db()
    assert (member.role, member.version) == ("member", 4)


def test_it_keeps_an_ended_membership_and_other_committees_members_as_they_are(world):
    pcct = world.orgs["pcct_bmc"]
    member = _seat(world, pcct, since=30, user=world.users["police"])
    committees.end_membership(_actor(world), member, _day(2))
    client = _client(world, "pcct")
    url = f"/prevention/committees/{pcct.pk}/members/{member.pk}/role/"
    assert f'href="{url}"' not in client.get(f"/prevention/committees/{pcct.pk}/").text
    page = client.get(url)
    assert page.status_code == 200 and "data-role-form" not in page.text
    assert "This membership has ended: its role is no longer changed." in page.text
    refused = client.post(url, {"role": "chair", "version": "2"})
    assert "This membership has ended" in refused.text
    with translation.override("en"), pytest.raises(Refused, match="has ended"):
        committees.change_role(_actor(world), member, "chair", 2)
    member.refresh_from_db()
    assert member.role == "member"
    # Who may not change the committee's members: the analyst sees them (403), another
    # province's committee sees nothing of it (403); a member through another committee: 404.
    current = _seat(world, pcct, since=1, user=world.users["prosecutor"])
    url = f"/prevention/committees/{pcct.pk}/members/{current.pk}/role/"
    btb = make_org("PCCT BTB", K.PROVINCIAL_COMMITTEE, "02")
    world.users["pcct_btb"] = make_user("pcct_btb", [R.PROVINCIAL_COMMITTEE], btb, "02",
                                        totp=True)  # fmt: skip
    for name in ("analyst", "pcct_btb", "prevention"):
        assert _client(world, name).post(url, {"role": "chair", "version": "1"}).status_code == 403
    with translation.override("en"), pytest.raises(NotAllowed):
        committees.change_role(_actor(world, "analyst"), current, "chair", 1)
    elsewhere = f"/prevention/committees/{btb.pk}/members/{current.pk}/role/"
    assert _client(world, "pcct_btb").get(elsewhere).status_code == 404
    current.refresh_from_db()
    assert (current.role, current.version) == ("member", 1)
