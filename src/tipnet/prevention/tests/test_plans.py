"""Action plans from a workshop: priorities, two actions with owners and due dates, progress
notes, the overdue list; who may see and change them; bad input refused, nothing written."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tipnet.prevention.models_plans import ActionPlan, PlanAction, ProgressNote
from tipnet.prevention.tests.test_pages import _client
from tipnet.prevention.tests.test_services import record


def _day(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def _overdue_on_home(world, username):  # type: ignore[no-untyped-def]
    from django.utils import translation

    from tipnet.core.waiting import waiting_for

    with translation.override("en"):
        items = waiting_for(world.users[username], timezone.localdate())
        found = [w for w in items if str(w.label).startswith("Actions of your action plans")]
    assert len(found) == 1 and found[0].url == "/prevention/actions/overdue/"
    return found[0].count


def test_it_makes_a_plan_with_two_actions_and_lists_the_overdue_one(world):
    workshop = record(world, days=20)
    client = _client(world, "prevention")
    base = f"/prevention/{workshop.pk}/plan/"
    assert (
        client.post(
            base,
            {
                "priorities": "Stop brokers recruiting children",
                "local_resources": "Pagoda hall, commune budget",
            },
        ).status_code
        == 302
    )
    plan = ActionPlan.objects.get()
    ccwc = world.orgs["ccwc"]
    late = {"description": "Monthly meeting on safe migration", "owner_name": "Village chief",
            "due_on": _day(5)}  # fmt: skip
    ahead = {"description": "List the families with migrants", "owner_organisation": ccwc.pk,
             "due_on": _day(-30)}  # fmt: skip
    for data in (late, ahead):
        assert client.post(f"{base}actions/new/", data).status_code == 302
    assert plan.actions.count() == 2
    overdue = client.get("/prevention/actions/overdue/")
    assert 'data-overdue-count="1"' in overdue.text
    assert "Monthly meeting on safe migration" in overdue.text
    assert "List the families" not in overdue.text
    # The home page counts it, with a link to the list.
    assert _overdue_on_home(world, "prevention") == 1
    # Progress: the late action is done, and leaves the overdue list.
    action = PlanAction.objects.get(description__startswith="Monthly")
    update = f"{base}actions/{action.pk}/"
    answer = client.post(update, {"status": "done", "noted_on": _day(1),
                                  "note": "Held at the pagoda", "version": "1"})  # fmt: skip
    assert answer.status_code == 302
    assert ProgressNote.objects.get().text == "Held at the pagoda"
    stale = client.post(update, {"status": "planned", "noted_on": _day(1), "note": "again",
                                 "version": "1"})  # fmt: skip
    assert "Someone else saved this" in stale.text
    assert 'data-overdue-count="0"' in client.get("/prevention/actions/overdue/").text
    assert _overdue_on_home(world, "prevention") == 0
    # The provincial committee reads the plan, changes nothing.
    pcct = _client(world, "pcct")
    assert "Stop brokers recruiting children" in pcct.get(base).text
    assert pcct.post(f"{base}actions/new/", late).status_code == 403
    assert pcct.post(base, {"priorities": "x"}).status_code == 403
    assert _client(world, "police").get(base).status_code == 403


def test_it_refuses_bad_actions_and_writes_nothing(world):
    workshop = record(world, days=20)
    client = _client(world, "prevention")
    base = f"/prevention/{workshop.pk}/plan/"
    assert client.post(f"{base}actions/new/", {}).status_code == 404  # no plan yet
    assert "This field is required" in client.post(base, {"priorities": ""}).text
    client.post(base, {"priorities": "Safe migration"})
    early = client.post(f"{base}actions/new/", {"description": "x", "owner_name": "Dara",
                                                "due_on": _day(40)})  # fmt: skip
    assert "cannot be due before the activity" in early.text
    nobody = client.post(f"{base}actions/new/", {"description": "x", "due_on": _day(1)})
    assert "Name who owns the action" in nobody.text
    assert not PlanAction.objects.exists()


def test_it_shows_an_overdue_action_to_the_organisation_that_owns_it(world):
    """The NGO's workshop gives the commune council an action that is now late: the council's
    volunteer sees it on their overdue list and home page, without a link to a plan they may not
    open; the NGO sees it too; nobody else does."""
    from tipnet.prevention import services_plans
    from tipnet.prevention.tests.test_services import _actor

    workshop = record(world, days=20)
    officer = _actor(world, "prevention")
    plan = services_plans.save_plan(officer, workshop, {"priorities": "Safe migration"}, None)
    services_plans.add_action(officer, plan, {
        "description": "Post the list of licensed agencies at the commune hall",
        "owner_organisation": world.orgs["ccwc"], "due_on": timezone.localdate() - timedelta(days=3),
    })  # fmt: skip
    volunteer = _client(world, "volunteer")
    page = volunteer.get("/prevention/actions/overdue/")
    assert 'data-overdue-count="1"' in page.text
    assert "Post the list of licensed agencies" in page.text and "data-not-seen" in page.text
    assert f"/prevention/{workshop.pk}/plan/" not in page.text
    assert volunteer.get(f"/prevention/{workshop.pk}/plan/").status_code == 403
    assert _overdue_on_home(world, "volunteer") == 1
    by_commune = volunteer.get("/prevention/actions/overdue/?by=commune").text
    assert 'data-overdue-by="commune"' in by_commune and by_commune.count("data-action=") == 1
    ngo = _client(world, "prevention").get("/prevention/actions/overdue/")
    assert 'data-overdue-count="1"' in ngo.text and "data-not-seen" not in ngo.text
    # The commune focal point records no prevention work: no list, nothing on the home page.
    assert _client(world, "focalpoint").get("/prevention/actions/overdue/").status_code == 403
    from tipnet.prevention.queries import overdue_actions

    assert overdue_actions(world.users["focalpoint"], timezone.localdate()).count() == 0
    assert overdue_actions(world.users["police"], timezone.localdate()).count() == 0
