"""Demo data of committees (``make run``, through prevention/demo.py): the Banteay Meanchey
provincial task force under the demo provincial committee, with two members (the demo police
investigator, a user of tipnet, and an official of the provincial social affairs department,
a known participant) and one meeting with both present and an action plan; recorded through
the services by the provincial committee's user."""

from __future__ import annotations

from datetime import date, timedelta

from tipnet.accounts.models import Organisation, User
from tipnet.accounts.roles import OrganisationKind
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.prevention import services, services_plans
from tipnet.prevention import services_committees as committees
from tipnet.prevention.models import Activity, ActivityType, KnownParticipant


def build_demo_committee(today: date) -> list[Activity]:
    """The task force and its meeting; nothing without the demo committee's user."""
    recorder = User.objects.filter(username="pcct", is_synthetic=True).first()
    police = User.objects.filter(username="police", is_synthetic=True).first()
    province = Area.objects.filter(code="01").first()
    kind = ActivityType.objects.filter(code="committee_meeting").first()
    if recorder is None or recorder.organisation is None or province is None or kind is None:
        return []
    task_force = Organisation.objects.create(
        name_en="Banteay Meanchey provincial task force (demo)",
        name_km="ក្រុមការងារខេត្តបន្ទាយមានជ័យ (សាកល្បង)",
        kind=OrganisationKind.TASK_FORCE, parent=recorder.organisation, coverage=province,
        is_synthetic=True,
    )  # fmt: skip
    actor = Actor.command(recorder, via="demo")
    official = services.add_participant(actor, {
        "name": "Ros Sokunthea", "sex": "female", "age_band": "25-59", "role": "official",
        "affiliation": "Provincial Department of Social Affairs",
    })  # fmt: skip
    KnownParticipant.objects.filter(pk=official.pk).update(is_synthetic=True)
    since = today - timedelta(days=200)
    chair = {"participant": official, "role": "chair", "since": since}
    seats = [committees.add_member(actor, task_force, chair)]
    if police is not None:
        member = {"user": police, "role": "member", "since": since}
        seats.append(committees.add_member(actor, task_force, member))
    meeting = services.create_activity(actor, {
        "kind": kind, "held_on": today - timedelta(days=12), "duration_minutes": 150,
        "place": province, "venue": "Provincial hall", "committee": task_force,
        "decisions": "Joint checks of recruitment agencies in Poipet before the dry season.",
    }, {})  # fmt: skip
    committees.set_present(actor, meeting, seats)
    plan = services_plans.save_plan(actor, meeting, {
        "priorities": "Unlicensed recruitment agencies in Poipet.",
        "local_resources": "The police unit, the labour department's inspectors.",
    }, None)  # fmt: skip
    services_plans.add_action(actor, plan, {
        "description": "List the recruitment agencies of Poipet with their licences",
        "owner_name": "Provincial labour department", "due_on": today + timedelta(days=20),
    })  # fmt: skip
    return [meeting]
