"""Groups and networks: a Child Peer Group recorded, edited (a stale edit refused), members
added and leaving, bad input refused with a clear reason and nothing written, the group's reach
per year (numbers written by hand), names of children hidden from other organisations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from tipnet.accounts.access import NotAllowed
from tipnet.audit.models import AuditEvent
from tipnet.core.versioning import StaleEdit
from tipnet.geo.models import Area
from tipnet.prevention import services, services_groups
from tipnet.prevention.models import ActivityType, KnownParticipant
from tipnet.prevention.models_network import Group, GroupMember
from tipnet.prevention.rules import Refused
from tipnet.prevention.tests.test_pages import _client
from tipnet.prevention.tests.test_services import _actor

CHILD_NAME = "Srey Leak Pov"


def _ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def _group(world: Any, user: str = "prevention", **extra: Any) -> Group:
    data = {"kind": "child_peer_group", "name": "Poipet High School peer group",
            "place": Area.objects.get(code="0110"), "venue": "Poipet High School",
            "formed_on": date(timezone.localdate().year - 3, 1, 15), **extra}  # fmt: skip
    return services_groups.create_group(_actor(world, user), data)


def _child(world: Any, name: str = CHILD_NAME, user: str = "prevention") -> KnownParticipant:
    return services.add_participant(_actor(world, user), {
        "name": name, "sex": "female", "age_band": "12-17", "role": "child"})  # fmt: skip


def _session(world: Any, group: Group | None, held_on: date, cells: dict | None = None) -> Any:
    data = {"kind": ActivityType.objects.get(code="peer_group_session"), "held_on": held_on,
            "duration_minutes": 60, "place": Area.objects.get(code="0110"), "group": group}  # fmt: skip
    return services.create_activity(_actor(world), data, cells or {})


def _audits(group: Group) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(group.pk), object_type="prevention.group")
                .order_by("sequence"))  # fmt: skip


def test_it_records_edits_and_deactivates_a_group_on_its_pages(world):
    client = _client(world, "prevention")
    answer = client.post("/prevention/groups/new/", {
        "kind": "child_peer_group", "name": "Poipet High School peer group",
        "where_province": "01", "where_district": "0110", "venue": "Poipet High School",
        "formed_on": _ago(400).isoformat(),
    })  # fmt: skip
    assert answer.status_code == 302
    group = Group.objects.get()
    assert answer["Location"] == f"/prevention/groups/{group.pk}/"
    assert (group.owner_organisation, group.place_id, group.is_active, group.version) == (
        world.orgs["prevention"], "0110", True, 1)  # fmt: skip
    listing = client.get("/prevention/groups/", {"kind": "child_peer_group", "province": "01"})
    assert "Poipet High School peer group" in listing.text
    assert "Poipet High School peer group" not in client.get(
        "/prevention/groups/", {"province": "02"}).text  # fmt: skip
    assert "Poipet High School peer group" not in client.get(
        "/prevention/groups/", {"kind": "volunteer_network"}).text  # fmt: skip
    assert 'href="/prevention/groups/"' in client.get("/prevention/").text
    edit = f"/prevention/groups/{group.pk}/edit/"
    form = {"kind": "child_peer_group", "name": "Poipet peer group", "where_province": "01",
            "where_district": "0110", "venue": "Poipet High School", "version": "1"}  # fmt: skip
    assert client.post(edit, form).status_code == 302  # is_active unticked: deactivated
    group.refresh_from_db()
    assert (group.name, group.is_active, group.version) == ("Poipet peer group", False, 2)
    stale = client.post(edit, {**form, "name": "Late edit", "is_active": "on"})
    assert "Someone else saved this group" in stale.text and "data-stale-edit" in stale.text
    group.refresh_from_db()
    assert group.name == "Poipet peer group"
    # Every write audited on the group.
    events = _audits(group)
    assert [e.action for e in events if e.action != "view"] == ["create", "change"]
    assert events[-1].changes["is_active"] == {"old": "True", "new": "False"}
    # A group in another province, or without a name, is refused and nothing written.
    outside = client.post("/prevention/groups/new/", {
        "kind": "volunteer_network", "name": "Elsewhere", "where_province": "02"})  # fmt: skip
    assert outside.status_code == 200 and "outside your jurisdiction" in outside.text
    future = client.post("/prevention/groups/new/", {
        "kind": "volunteer_network", "name": "Soon", "where_province": "01",
        "where_district": "0110", "formed_on": _ago(-3).isoformat()})  # fmt: skip
    assert "the date is ahead" in future.text
    assert Group.objects.count() == 1


def test_it_refuses_a_stale_edit_and_an_edit_by_another_organisation(world):
    group = _group(world)
    services_groups.update_group(_actor(world), group, {"venue": "Pagoda hall"}, 1)
    with pytest.raises(StaleEdit):
        services_groups.update_group(_actor(world), group, {"venue": "Old school"}, 1)
    with pytest.raises(NotAllowed):
        services_groups.update_group(_actor(world, "pcct"), group, {"venue": "x"}, 2)
    with pytest.raises(NotAllowed):  # moved out of the officer's jurisdiction
        services_groups.update_group(_actor(world), group,
                                     {"place": Area.objects.get(code="0203")}, 2)  # fmt: skip
    group.refresh_from_db()
    assert (group.venue, group.version, group.place_id) == ("Pagoda hall", 2, "0110")
    pcct = _client(world, "pcct")
    assert pcct.get(f"/prevention/groups/{group.pk}/edit/").status_code == 403
    assert _client(world, "volunteer").get(f"/prevention/groups/{group.pk}/").status_code == 403
    assert _client(world, "police").get("/prevention/groups/").status_code == 403
    assert _client(world, "prevention").get("/prevention/groups/999999/").status_code == 404


def test_it_adds_members_and_records_who_left(world):
    group = _group(world)
    child = _child(world)
    client = _client(world, "prevention")
    page = f"/prevention/groups/{group.pk}/"
    assert CHILD_NAME in client.get(page).text  # a choice of the organisation's participants
    added = client.post(page, {"pick-participant": child.pk, "pick-group_role": "peer_leader",
                               "pick-joined_on": _ago(60).isoformat()})  # fmt: skip
    assert added.status_code == 302
    new = client.post(page, {"new": "1", "new-name": "Mr Sokha", "new-sex": "male",
                             "new-age_band": "25-59", "new-role": "teacher",
                             "new-group_role": "coordinator",
                             "new-joined_on": _ago(30).isoformat()})  # fmt: skip
    assert new.status_code == 302
    shown = client.get(page).text
    assert CHILD_NAME in shown and "Mr Sokha" in shown and 'data-members="2"' in shown
    member = GroupMember.objects.get(participant=child)
    assert (member.role, member.joined_on) == ("peer_leader", _ago(60))
    # The same child again: a clear message, nothing written.
    again = client.post(page, {"pick-participant": child.pk, "pick-group_role": "member",
                               "pick-joined_on": _ago(1).isoformat()})  # fmt: skip
    assert again.status_code == 200
    with pytest.raises(Refused) as twice, translation.override("en"):
        services_groups.add_member(_actor(world), group, child, "member", _ago(1))
    assert "already a member" in twice.value.message
    # Leaving: not before joining, not ahead; then recorded once.
    left = f"/prevention/groups/{group.pk}/members/{member.pk}/left/"
    early = client.post(left, {"left_on": _ago(61).isoformat()})
    assert "cannot leave before the day they joined" in early.text
    ahead = client.post(left, {"left_on": _ago(-1).isoformat()})
    assert "the date is ahead" in ahead.text
    assert client.post(left, {"left_on": _ago(5).isoformat()}).status_code == 302
    member.refresh_from_db()
    assert member.left_on == _ago(5)
    assert 'data-members="1"' in client.get(page).text
    with pytest.raises(Refused):
        services_groups.record_left(_actor(world), member, _ago(2))
    # Another group's member through this group's address: not found.
    other = _group(world, name="Ou Chrov network", kind="volunteer_network")
    assert client.get(f"/prevention/groups/{other.pk}/members/{member.pk}/left/").status_code == 404
    assert GroupMember.objects.count() == 2 and KnownParticipant.objects.count() == 2
    # Audited on the group by record number, never a name.
    changes = [e.changes for e in _audits(group) if e.action == "change"]
    assert [next(iter(c)) for c in changes] == ["member", "member", "member_left"]
    assert changes[0]["member"]["new"].startswith(f"#{child.pk} peer_leader")
    assert not any(n in str(changes) for n in (CHILD_NAME, "Sokha"))


def test_it_refuses_bad_members_and_writes_nothing(world):
    group = _group(world)
    actor = _actor(world)
    child = _child(world)
    theirs = _child(world, "Ms Kanha", user="volunteer")
    with translation.override("en"):
        with pytest.raises(Refused) as other:
            services_groups.add_member(actor, group, theirs, "member", _ago(3))
        assert "the group's organisation recorded" in other.value.message
        with pytest.raises(Refused) as ahead:
            services_groups.add_member(actor, group, child, "member", _ago(-1))
        assert "the date is ahead" in ahead.value.message
        with pytest.raises(Refused):  # before the group was formed
            services_groups.add_member(actor, group, child, "member", date(2015, 1, 1))
        with pytest.raises(Refused):
            services_groups.add_member(actor, group, child, "treasurer", _ago(3))
        with pytest.raises(Refused):  # a new participant who would join tomorrow: not recorded
            services_groups.add_new_member(actor, group, {"name": "Tomorrow", "sex": "male",
                                                          "role": "child"}, "member", _ago(-1))  # fmt: skip
    with pytest.raises(NotAllowed):  # the provincial committee changes only its own groups
        services_groups.add_member(_actor(world, "pcct"), group, child, "member", _ago(3))
    pcct = _client(world, "pcct")
    page = f"/prevention/groups/{group.pk}/"
    assert pcct.post(page, {"pick-participant": child.pk, "pick-group_role": "member",
                            "pick-joined_on": _ago(3).isoformat()}).status_code == 403  # fmt: skip
    # The participant list offers only the organisation's own participants.
    assert "Ms Kanha" not in _client(world, "prevention").get(page).text
    services_groups.update_group(actor, group, {"is_active": False}, 1)
    with pytest.raises(Refused):
        services_groups.add_member(actor, group, child, "member", _ago(3))
    assert not GroupMember.objects.exists()
    assert not KnownParticipant.objects.filter(name="Tomorrow").exists()


def test_it_counts_the_reach_of_a_group_per_year_and_over_the_period(world):
    year = timezone.localdate().year
    group = _group(world)
    actor = _actor(world)
    child, official = _child(world), services.add_participant(actor, {
        "name": "Mr Vuthy", "sex": "male", "age_band": "25-59", "role": "official"})  # fmt: skip
    pupil = _child(world, "Dara Pupil")
    first = _session(world, group, date(year - 2, 3, 10), {("male", "12-17", "child"): 5})
    second = _session(world, group, date(year - 2, 6, 10), {("female", "12-17", "child"): 3})
    third = _session(world, group, date(year - 1, 2, 1))
    _session(world, group, date(year - 1, 9, 1), {("female", "25-59", "parent"): 4})
    elsewhere = _session(world, None, date(year - 1, 9, 2), {("male", "12-17", "child"): 50})
    for activity, person in [(first, child), (first, official), (second, child),
                             (third, child), (third, pupil), (elsewhere, official)]:  # fmt: skip
        services.add_attendance(actor, activity, person)
    # The child came twice in the first year: once in its reach, twice in its attendances.
    years, period = services_groups.reach_by_year(
        services_groups.activities_of(world.users["prevention"], group)
    )
    assert [(y.year, y.sessions, y.figures.unique, y.figures.attendances,
             y.figures.counted_only) for y in years] == [
        (year - 2, 2, 2, 3, 8),
        (year - 1, 2, 2, 2, 4),
    ]  # fmt: skip
    # The whole period: three people (the child came in both years), not 2 + 2.
    assert (period.sessions, period.figures.unique, period.figures.attendances,
            period.figures.counted_only) == (4, 3, 5, 12)  # fmt: skip
    page = _client(world, "prevention").get(f"/prevention/groups/{group.pk}/").text
    assert f'data-year="{year - 2}"' in page and 'data-year="all"' in page
    assert f'data-activity="{first.pk}"' in page and f'data-activity="{elsewhere.pk}"' not in page


def test_it_hides_a_childs_name_from_other_organisations(world):
    group = _group(world)
    actor = _actor(world)
    child = _child(world)
    official = services.add_participant(actor, {"name": "Mr Vuthy", "sex": "male",
                                                "age_band": "25-59", "role": "official"})  # fmt: skip
    member = services_groups.add_member(actor, group, child, "peer_leader", _ago(20))
    services_groups.add_member(actor, group, official, "coordinator", _ago(20))
    page = f"/prevention/groups/{group.pk}/"
    own = _client(world, "prevention").get(page).text
    assert CHILD_NAME in own and "Mr Vuthy" in own
    for user in ("pcct", "analyst"):
        seen = _client(world, user).get(page)
        assert seen.status_code == 200
        assert CHILD_NAME not in seen.text and "Mr Vuthy" in seen.text
        assert "Participant (name kept by the recording organisation)" in seen.text
        assert "data-pick-member" not in seen.text and "data-record-left" not in seen.text
    assert CHILD_NAME not in _client(world, "pcct").get(
        f"/prevention/groups/{group.pk}/members/{member.pk}/left/").text  # fmt: skip
    assert AuditEvent.objects.filter(object_id=str(group.pk), action="view").exists()


def test_it_shows_the_group_pages_in_khmer(world):
    from django.test import Client

    from tipnet.testing import login

    group = _group(world)
    member = services_groups.add_member(_actor(world), group, _child(world), "member", _ago(9))
    client = Client()  # no language chosen: Khmer, the default
    login(client, world.users["prevention"])
    for url in ("/prevention/groups/", "/prevention/groups/new/", f"/prevention/groups/{group.pk}/",
                f"/prevention/groups/{group.pk}/edit/",
                f"/prevention/groups/{group.pk}/members/{member.pk}/left/",
                f"/prevention/groups/{group.pk}/members/{member.pk}/role/"):  # fmt: skip
        answer = client.get(url)
        assert answer.status_code == 200 and 'lang="km"' in answer.text, url


def test_it_corrects_a_members_role_in_place_version_checked_and_audited(world):
    group = _group(world)
    child = _child(world)
    member = services_groups.add_member(_actor(world), group, child, "member", _ago(20))
    client = _client(world, "prevention")
    url = f"/prevention/groups/{group.pk}/members/{member.pk}/role/"
    assert f'href="{url}"' in client.get(f"/prevention/groups/{group.pk}/").text
    page = client.get(url).text
    assert "data-role-form" in page and CHILD_NAME in page
    assert client.post(url, {"group_role": "peer_leader", "version": "1"}).status_code == 302
    member.refresh_from_db()
    assert (member.role, member.version, member.joined_on) == ("peer_leader", 2, _ago(20))
    last = _audits(group)[-1]  # on the group, by record number, never a name
    assert last.changes == {"member_role": {"old": f"#{child.pk} member",
                                            "new": f"#{child.pk} peer_leader"}}  # fmt: skip
    # A second editor who opened the form before that save is told, not applied.
    stale = client.post(url, {"group_role": "coordinator", "version": "1"})
    assert stale.status_code == 200 and "Someone else changed this membership" in stale.text
    assert "data-stale-edit" in stale.text
    with pytest.raises(StaleEdit):
        services_groups.change_role(_actor(world), member, "coordinator", 1)
    member.refresh_from_db()
    assert (member.role, member.version) == ("peer_leader", 2)
    # Who may not change the group: the provincial committee sees it (403), the volunteer of
    # another organisation does not (403); another group's address: 404.
    for name in ("pcct", "volunteer"):
        answer = _client(world, name).post(url, {"group_role": "member", "version": "2"})
        assert answer.status_code == 403 and CHILD_NAME not in answer.text
    with pytest.raises(NotAllowed):
        services_groups.change_role(_actor(world, "pcct"), member, "member", 2)
    other = _group(world, name="Ou Chrov network", kind="volunteer_network")
    assert client.get(f"/prevention/groups/{other.pk}/members/{member.pk}/role/").status_code == 404
    # Once they left, the membership is history: not edited (leaving changed its version).
    services_groups.record_left(_actor(world), member, _ago(1))
    member.refresh_from_db()
    assert member.version == 3
    assert f'href="{url}"' not in client.get(f"/prevention/groups/{group.pk}/").text
    page = client.get(url).text
    assert "has left the group: their role is no longer changed" in page
    assert "data-role-form" not in page
    assert "has left the group" in client.post(url, {"group_role": "member", "version": "3"}).text
    with translation.override("en"), pytest.raises(Refused, match="has left the group"):
        services_groups.change_role(_actor(world), member, "member", 3)
    member.refresh_from_db()
    assert member.role == "peer_leader"
    assert [next(iter(e.changes)) for e in _audits(group) if e.action == "change"] == [
        "member", "member_role", "member_left"]  # fmt: skip
