"""The history of an action plan: two officers of the NGO make a plan, edit it, add two actions
and move one of them twice; the history page lists each write, newest first, with who made it
(name and organisation), when, and what changed (old and new texts, old and new status, the
progress note's date). It is read from the activity's audit trail, where the plan's free text
is sealed. Whoever may see the plan sees its history, and nobody else."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from tipnet.accounts.roles import OrganisationKind as K
from tipnet.accounts.roles import RoleCode as R
from tipnet.audit.models import AuditAction, AuditEvent
from tipnet.audit.services import record_event
from tipnet.core import numbers
from tipnet.core.actor import Actor
from tipnet.prevention import services_plans
from tipnet.prevention.models_plans import ActionPlan, PlanAction
from tipnet.prevention.tests.test_pages import _client
from tipnet.prevention.tests.test_services import record
from tipnet.testing import login, make_org, make_user

FIRST = "Stop brokers recruiting children"
SECOND = "Stop brokers recruiting children and teenagers"
RESOURCES = "Pagoda hall, commune budget"


def _day(n: int) -> str:
    return (timezone.localdate() - timedelta(days=n)).isoformat()


def _rows(html: str) -> list[str]:
    """The history's lines, top to bottom, as HTML."""
    return html.split("<tr data-history-line>")[1:]


def _text(row: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


@pytest.fixture
def officers(world):  # type: ignore[no-untyped-def]
    """The NGO's officer and a colleague of the same organisation, each with a name."""
    first = world.users["prevention"]
    first.first_name, first.last_name = "Dara", "Sok"
    first.save()
    second = make_user("prevention2", [R.PREVENTION_OFFICER], world.orgs["prevention"], "01",
                       totp=True, first_name="Sophea", last_name="Chan")  # fmt: skip
    world.users["prevention2"] = second
    return first, second


@pytest.fixture
def written(world, officers):  # type: ignore[no-untyped-def]
    """The workshop's plan, written through the pages by the two officers in turn."""
    workshop = record(world, days=20)
    dara, sophea = _client(world, "prevention"), _client(world, "prevention2")
    base = f"/prevention/{workshop.pk}/plan/"

    def post(client: Client, url: str, data: dict[str, str]) -> None:
        answer = client.post(url, data)
        assert answer.status_code == 302, answer.text

    post(dara, base, {"priorities": FIRST, "local_resources": RESOURCES})
    post(sophea, base, {"priorities": SECOND, "local_resources": RESOURCES, "version": "1"})
    post(dara, f"{base}actions/new/", {"description": "Monthly meeting on safe migration",
                                       "owner_name": "Village chief", "due_on": _day(5)})  # fmt: skip
    post(sophea, f"{base}actions/new/", {"description": "List the families with migrants",
                                         "owner_organisation": str(world.orgs["ccwc"].pk),
                                         "due_on": _day(-30)})  # fmt: skip
    meeting = PlanAction.objects.get(description__startswith="Monthly")
    update = f"{base}actions/{meeting.pk}/"
    post(dara, update, {"status": "in_progress", "noted_on": _day(3), "note": "Invitations sent",
                        "version": "1"})  # fmt: skip
    post(sophea, update, {"status": "done", "noted_on": _day(1), "note": "Held at the pagoda",
                          "version": "2"})  # fmt: skip
    return workshop, meeting, PlanAction.objects.get(description__startswith="List")


def test_it_lists_who_changed_what_newest_first(world, written):
    workshop, meeting, families = written
    page = _client(world, "prevention").get(f"/prevention/{workshop.pk}/plan/history/")
    assert page.status_code == 200
    rows = [_text(row) for row in _rows(page.text)]
    m, f = meeting.pk, families.pk
    expected = [  # (who, what), newest first
        ("Sophea Chan", f"Action #{m}: In progress → Done"),
        ("Dara Sok", f"Action #{m}: Planned → In progress"),
        ("Sophea Chan", f"Action #{f} added"),
        ("Dara Sok", f"Action #{m} added"),
        ("Sophea Chan", "Priorities changed"),
        ("Dara Sok", "Action plan made"),
    ]
    assert len(rows) == len(expected)
    for row, (who, what) in zip(rows, expected, strict=True):
        assert f"{who} Awareness NGO" in row and what in row, row
    # The old and new values of each change.
    assert f"Before: {FIRST} After: {SECOND}" in rows[4]
    assert "Local resources" not in rows[4]  # unchanged, not said
    assert f"Priorities: {FIRST} Local resources identified: {RESOURCES}" in rows[5]
    day = numbers.day
    with translation.override("en"):
        assert f"Progress note of {day(_day(1))}: Held at the pagoda" in rows[0]
        assert f"Progress note of {day(_day(3))}: Invitations sent" in rows[1]
        assert "Action: Monthly meeting on safe migration" in rows[1]
        assert (f"Action: List the families with migrants Owner: CCWC Paoy Paet "
                f"Due on: {day(_day(-30))}") in rows[2]  # fmt: skip
        assert f"Owner: Village chief Due on: {day(_day(5))}" in rows[3]
        # When: the date and time of the write, in the reader's language.
        made = AuditEvent.objects.filter(object_id=str(workshop.pk),
                                         changes__has_key="action_plan").order_by("id").first()  # fmt: skip
        assert made is not None and numbers.day_time(made.timestamp) in rows[5]
    # The plan page links to it.
    plan = _client(world, "prevention2").get(f"/prevention/{workshop.pk}/plan/")
    assert f'href="/prevention/{workshop.pk}/plan/history/"' in plan.text


def test_the_trail_seals_the_plans_free_text_and_keeps_the_activity_as_target(world, written):
    workshop, meeting, _families = written
    events = list(services_plans.plan_events(workshop))
    assert len(events) == 6
    assert {(e.object_type, e.object_id) for e in events} == {
        ("prevention.activity", str(workshop.pk))
    }
    trail = json.dumps([e.changes for e in events], ensure_ascii=False)
    for text in (FIRST, RESOURCES, "Monthly meeting", "Village chief", "Held at the pagoda"):
        assert text not in trail
    status = events[0].changes
    assert status["action"] == {"old": f"#{meeting.pk} in_progress", "new": f"#{meeting.pk} done"}
    assert status["progress_note.noted_on"] == {"old": "", "new": _day(1)}
    assert set(status["progress_note.text"]) == {"changed", "sealed"}
    added = events[2].changes
    assert added["action.owner_organisation"]["new"] == str(world.orgs["ccwc"].pk)
    # Saving the plan unchanged writes nothing and says nothing.
    plan = ActionPlan.objects.get()
    actor = Actor.command(world.users["prevention"], via="test")
    services_plans.save_plan(actor, workshop, {"priorities": SECOND,
                                               "local_resources": RESOURCES}, plan.version)  # fmt: skip
    assert len(services_plans.plan_events(workshop)) == 6
    assert ActionPlan.objects.get().version == plan.version


def test_others_get_what_the_plan_page_gives_them(world, written):
    workshop, _meeting, _families = written
    plan, history = f"/prevention/{workshop.pk}/plan/", f"/prevention/{workshop.pk}/plan/history/"
    # An officer of another organisation, outside the province; and a police investigator.
    btb = make_org("Peer NGO BTB", K.NGO, "02")
    outsider = Client()
    outsider.cookies["tipnet_language"] = "en"
    login(outsider, make_user("prevention_btb", [R.PREVENTION_OFFICER], btb, "02", totp=True))
    for client in (outsider, _client(world, "police")):
        assert client.get(plan).status_code == client.get(history).status_code == 403
    nothing = f"/prevention/{workshop.pk + 999}/plan/"
    assert outsider.get(nothing).status_code == outsider.get(f"{nothing}history/").status_code
    assert outsider.get(f"{nothing}history/").status_code == 404
    # The national analyst reads the plan and its history, and may change neither.
    analyst = _client(world, "analyst")
    assert SECOND in analyst.get(plan).text
    seen = analyst.get(history)
    assert seen.status_code == 200
    assert len(_rows(seen.text)) == 6 and "Sophea Chan" in seen.text and SECOND in seen.text
    assert "Record progress" not in seen.text
    # Viewing the history is audited as viewing the plan is.
    views = AuditEvent.objects.filter(action=AuditAction.VIEW)
    before = views.count()
    analyst.get(plan)
    by_plan = views.count() - before
    analyst.get(history)
    assert views.count() - before == 2 * by_plan


def test_an_activity_without_a_plan_and_an_older_trail(world, officers):
    workshop = record(world, days=20)
    client = _client(world, "prevention")
    empty = client.get(f"/prevention/{workshop.pk}/plan/history/")
    assert empty.status_code == 200 and "No action plan was made" in empty.text
    assert "History of the plan" not in client.get(f"/prevention/{workshop.pk}/plan/").text
    # A plan whose trail is the terser one of before, and an action recorded outside the
    # services (no event): the history says what the trail and the tables know.
    actor = Actor.command(world.users["prevention"], via="test")
    plan = services_plans.save_plan(actor, workshop, {"priorities": FIRST}, None)
    record_event(actor, AuditAction.CHANGE, target=workshop,
                 changes={"action_plan": {"old": f"#{plan.pk} v1", "new": f"#{plan.pk} v2"}})  # fmt: skip
    loose = PlanAction.objects.create(plan=plan, description="Posters at the market",
                                      owner_name="Youth club", due_on=timezone.localdate(),
                                      created_by=world.users["prevention2"])  # fmt: skip
    rows = [_text(r) for r in _rows(client.get(f"/prevention/{workshop.pk}/plan/history/").text)]
    assert len(rows) == 3
    assert f"Action #{loose.pk} added" in rows[0] and "Sophea Chan" in rows[0]
    assert "Posters at the market" in rows[0] and "Youth club" in rows[0]
    assert "Priorities or local resources edited" in rows[1]
    assert "Action plan made" in rows[2] and FIRST in rows[2]


def test_the_page_is_in_khmer_for_a_khmer_reader(world, written):
    workshop, _meeting, _families = written
    reader = world.users["analyst"]
    reader.language = "km"
    reader.save()
    client = Client()
    client.cookies["tipnet_language"] = "km"
    login(client, reader)
    page = client.get(f"/prevention/{workshop.pk}/plan/history/")
    assert page.status_code == 200 and 'lang="km"' in page.text
    newest = services_plans.plan_events(workshop).first()
    with translation.override("km"):
        shown = numbers.day_time(newest.timestamp)
    assert shown in page.text and any("\u17e0" <= c <= "\u17e9" for c in shown)


@pytest.mark.browser
def test_the_history_fits_a_phone(world, written, page):
    from tipnet.testing import log_in

    workshop, _meeting, _families = written
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, world.users["prevention"])
    page.goto(f"/prevention/{workshop.pk}/plan/")
    page.click("[data-plan-history-link]")
    page.wait_for_selector("[data-plan-history]")
    assert page.locator("[data-history-line]").count() == 6
    found = page.evaluate("""() => {
      const doc = document.documentElement;
      const wide = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                     && !e.closest('.table-wrap'))
        .map(e => e.tagName + '.' + e.className);
      return {scroll: doc.scrollWidth, width: window.innerWidth, wide};
    }""")
    assert found["scroll"] <= found["width"] and not found["wide"], found


def test_the_audit_page_tells_an_auditor_that_the_priorities_changed_not_what(world, written):
    """The audit trail never shows sealed free text of a prevention record, but says it changed
    (before, a sealed change of a record that is not a case, person or protection case vanished
    from the audit page)."""
    from tipnet.audit.views import shown_changes

    workshop, _meeting, _families = written
    auditor = world.users["auditor"]
    for event in services_plans.plan_events(workshop):
        shown = shown_changes(auditor, event)
        assert set(shown) == set(event.changes)
        for name, change in event.changes.items():
            if "sealed" in change:
                assert shown[name] == {"changed": True}
    page = _client(world, "auditor").get(f"/audit/?object_id={workshop.pk}")
    assert page.status_code == 200
    for text in (FIRST, RESOURCES, "Held at the pagoda"):
        assert text not in page.text
