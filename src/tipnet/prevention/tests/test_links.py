"""An activity linked to its project, campaign, group or committee, with the budget spent: the
form offers only what the organiser may choose, the services refuse the rest with a reason,
and the activity page shows the links and the amount in the page's language."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tipnet.accounts.roles import OrganisationKind as K
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.prevention import rules, services
from tipnet.prevention.models import Activity, ActivityType, Campaign, Group, Project
from tipnet.prevention.tests.test_pages import _client, _post
from tipnet.testing import make_org


def _world_links(world):
    ngo = world.orgs["prevention"]
    project = Project.objects.create(owner_organisation=ngo, name="Safe villages")
    other = Project.objects.create(owner_organisation=world.orgs["ngo_btb"], name="Not ours")
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        owner_organisation=world.orgs["ncct"], name="National information campaign",
        starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30),
    )  # fmt: skip
    group = Group.objects.create(kind="child_peer_group", name="Poipet school peer group",
                                 owner_organisation=ngo, place_id="0110", venue="Poipet school")  # fmt: skip
    return project, other, campaign, group


def test_it_offers_only_what_the_organiser_may_choose(world):
    _world_links(world)
    page = _client(world, "prevention").get("/prevention/new/").text
    assert "Safe villages" in page and "Not ours" not in page
    assert "National information campaign" in page and "Poipet school peer group" in page
    # No committee to choose for an NGO: no empty select.
    assert 'name="committee"' not in page
    pcct = _client(world, "pcct").get("/prevention/new/").text
    assert 'name="committee"' in pcct and "PCCT BMC" in pcct
    assert "Safe villages" not in pcct and "Poipet school peer group" not in pcct


def test_it_records_the_links_and_the_budget_spent(world):
    project, _, campaign, group = _world_links(world)
    client = _client(world, "prevention")
    response = client.post("/prevention/new/", _post(
        world, project=str(project.pk), campaign=str(campaign.pk), group=str(group.pk),
        budget_spent="១,២៥០.៥០", budget_currency="USD",
    ))  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get()
    assert (activity.project, activity.campaign, activity.group) == (project, campaign, group)
    assert activity.budget_spent == Decimal("1250.50") and activity.budget_currency == "USD"
    page = client.get(f"/prevention/{activity.pk}/").text
    assert "Safe villages" in page and "Poipet school peer group" in page
    assert "1,250.50" in page
    # Each link leads to a page the reader may open; otherwise the name alone.
    assert f'href="/prevention/projects/{project.pk}/"' in page
    assert f'href="/prevention/groups/{group.pk}/"' in page
    assert f'href="/prevention/campaigns/{campaign.pk}/"' in page
    pcct = _client(world, "pcct")
    theirs = pcct.get(f"/prevention/{activity.pk}/").text
    assert "Safe villages" in theirs and f'href="/prevention/projects/{project.pk}/"' not in theirs
    for link in ("/prevention/groups/", "/prevention/campaigns/"):
        for href in (h for h in theirs.split('href="')[1:] if h.startswith(link)):
            assert pcct.get(href.split('"')[0]).status_code == 200, href
    officer = world.users["prevention"]
    officer.language = "km"
    officer.save(update_fields=["language"])
    assert "១,២៥០.៥០" in client.get(f"/prevention/{activity.pk}/").text


def test_it_refuses_a_project_of_another_organisation_and_writes_nothing(world):
    _, other, _, _ = _world_links(world)
    response = _client(world, "prevention").post(
        "/prevention/new/", _post(world, project=str(other.pk))
    )
    assert response.status_code == 200 and "Select a valid choice" in response.text
    actor = Actor.command(world.users["prevention"], via="test")
    kind = ActivityType.objects.get(code="vsn_workshop")
    data = {"kind": kind, "held_on": timezone.localdate(), "duration_minutes": 60,
            "place": Area.objects.get(pk="0110"), "project": other}  # fmt: skip
    with translation.override("en"), pytest.raises(rules.Refused, match="another organisation"):
        services.create_activity(actor, data, {})
    assert not Activity.objects.exists()


def test_it_lets_a_committee_record_its_task_forces_meetings_only(world):
    pcct = world.orgs["pcct_bmc"]
    task_force = make_org("BMC task force", K.TASK_FORCE, "01")
    task_force.parent = pcct
    task_force.save()
    elsewhere = make_org("BTB task force", K.TASK_FORCE, "02")
    meeting = ActivityType.objects.get(code="committee_meeting")
    actor = Actor.command(world.users["pcct"], via="test")
    data = {"kind": meeting, "held_on": timezone.localdate(), "duration_minutes": 90,
            "place": Area.objects.get(pk="0110"), "committee": task_force}  # fmt: skip
    activity = services.create_activity(actor, data, {})
    assert activity.committee == task_force and activity.owner_organisation == pcct
    with translation.override("en"), pytest.raises(rules.Refused, match="belongs to"):
        services.create_activity(actor, {**data, "committee": elsewhere}, {})
    with translation.override("en"), pytest.raises(rules.Refused, match="task force or team"):
        services.create_activity(actor, {**data, "committee": world.orgs["prevention"]}, {})
    assert Activity.objects.count() == 1


def test_it_opens_a_new_activity_linked_to_the_group_it_came_from(world):
    _, _, _, group = _world_links(world)
    page = _client(world, "prevention").get(f"/prevention/new/?group={group.pk}").text
    assert f'<option value="{group.pk}" selected>' in page
    assert 'value="Poipet school"' in page
    # Another organisation's group is not offered, nor preselected.
    theirs = Group.objects.create(kind="volunteer_network", name="Their network",
                                  owner_organisation=world.orgs["ngo_btb"], place_id="0203")  # fmt: skip
    page = _client(world, "prevention").get(f"/prevention/new/?group={theirs.pk}").text
    assert "Their network" not in page


def test_it_lists_for_an_officer_without_jurisdiction_what_they_may_open(world):
    """An officer of the NGO with no jurisdiction set: the list holds every activity of the
    organisation, as the per-record check allows (an empty "inside" condition once reduced the
    list to the records without a place)."""
    from tipnet.accounts.access import Action, Resource, can, visible
    from tipnet.prevention.tests.test_services import record

    activity = record(world, place="0110")
    officer = world.users["prevention"]
    officer.jurisdiction = None
    officer.save(update_fields=["jurisdiction"])
    assert can(officer, Action.VIEW, Resource.PREVENTION, activity)
    listed = visible(officer, Resource.PREVENTION, Activity.objects.all())
    assert list(listed) == [activity]


def test_it_reads_a_projects_budget_in_khmer_digits_with_separators():
    from tipnet.prevention.forms_campaigns import ProjectForm

    form = ProjectForm({"name": "Safe villages", "budget": "១២,៥០០.៥០", "currency": "USD"})
    form.is_valid()
    assert form.cleaned_data.get("budget") == Decimal("12500.50"), form.errors


def test_each_page_links_to_recording_its_own_activity(world):
    """The group, project, campaign and committee pages start a new activity linked to them,
    for whoever may link it; a committee's starts as a meeting of the committee, where it works;
    a meeting's page leads to its members present."""
    project, _other, campaign, group = _world_links(world)
    officer = _client(world, "prevention")
    for url, link in ((f"/prevention/groups/{group.pk}/", f"/prevention/new/?group={group.pk}"),
                      (f"/prevention/projects/{project.pk}/", f"/prevention/new/?project={project.pk}"),
                      (f"/prevention/campaigns/{campaign.pk}/",
                       f"/prevention/new/?campaign={campaign.pk}")):  # fmt: skip
        assert link in officer.get(url).text, url
    # The provincial committee sees the NGO's group and project, and may not link them.
    pcct = _client(world, "pcct")
    assert "?group=" not in pcct.get(f"/prevention/groups/{group.pk}/").text
    assert "?project=" not in pcct.get(f"/prevention/projects/{project.pk}/").text
    committee = world.orgs["pcct_bmc"]
    page = pcct.get(f"/prevention/committees/{committee.pk}/").text
    assert f"/prevention/new/?committee={committee.pk}" in page
    form = pcct.get(f"/prevention/new/?committee={committee.pk}").text
    meeting = ActivityType.objects.get(code="committee_meeting")
    assert f'<option value="{meeting.pk}" selected>' in form
    assert f'<option value="{committee.pk}" selected>' in form
    actor = Actor.command(world.users["pcct"], via="test")
    held = services.create_activity(actor, {
        "kind": meeting, "held_on": timezone.localdate(), "duration_minutes": 60,
        "place": Area.objects.get(pk="0110"), "committee": committee}, {})  # fmt: skip
    assert f"/prevention/{held.pk}/present/" in pcct.get(f"/prevention/{held.pk}/").text
