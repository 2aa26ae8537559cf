"""Demo data for prevention (``make run``): the demo NGO's Village Safety Net workshop with an
action plan, two Child Peer Group sessions with an attendance list (one girl came to both), an
Anti-Human Trafficking Day parade, a training of two volunteers with their test scores (due for
a refresher), the village volunteer's monthly meeting, and a meeting of the provincial task
force with its members present (demo_committees.py); all recorded
through the prevention services (and their rules), so the reach page has something to say."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from tipnet.accounts.models import User
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.prevention import services, services_plans, trainings
from tipnet.prevention.models import Activity, ActivityType, KnownParticipant, Project, Topic


def _kind(code: str) -> ActivityType:
    return ActivityType.objects.get(code=code)


def _topics(*codes: str) -> list[Topic]:
    return list(Topic.objects.filter(code__in=codes))


@transaction.atomic
def build_demo_prevention() -> int:
    """Create the demo once; returns the number of activities created."""
    officer_user = User.objects.filter(username="prevention", is_synthetic=True).first()
    if (
        officer_user is None
        or Activity.objects.filter(owner_organisation_id=officer_user.organisation_id).exists()
    ):
        return 0
    poipet = Area.objects.filter(code="0110").first()  # Poipet district, Banteay Meanchey
    if poipet is None:
        return 0
    officer = Actor.command(officer_user, via="demo")
    today = timezone.localdate()
    day = today - timedelta(days=40)
    project, _made = Project.objects.get_or_create(
        owner_organisation_id=officer_user.organisation_id, name="Safe villages (demo donor)",
        defaults={"donor": "Demo donor", "starts_on": today - timedelta(days=300),
                  "ends_on": today + timedelta(days=400), "created_by": officer_user},
    )  # fmt: skip
    workshop = services.create_activity(officer, {
        "kind": _kind("vsn_workshop"), "held_on": day, "duration_minutes": 240,
        "place": poipet, "venue": "Commune hall", "project": project,
        "target_group": "Village chiefs and commune councillors",
        "facilitators": "Pich Dalin", "topics": _topics("safe_migration", "referral_pathways"),
        "decisions": "Each village keeps a migration register and reports brokers to the police.",
    }, {
        ("male", "25-59", "village_chief"): 9, ("female", "25-59", "village_chief"): 3,
        ("male", "25-59", "commune_council"): 4, ("female", "25-59", "commune_council"): 2,
        ("male", "25-59", "police"): 2, ("female", "60+", "religious_leader"): 1,
    })  # fmt: skip
    plan = services_plans.save_plan(officer, workshop, {
        "priorities": "Safe migration information in every village before the dry season.",
        "local_resources": "Commune hall, two volunteers per village, the district police post.",
    }, None)  # fmt: skip
    services_plans.add_action(officer, plan, {
        "description": "Monthly village meetings on safe migration", "owner_name": "Village chiefs",
        "due_on": today + timedelta(days=30),
    })  # fmt: skip
    services_plans.add_action(officer, plan, {
        "description": "List of licensed recruitment agencies posted at the commune hall",
        "owner_name": "Commune council", "due_on": today - timedelta(days=5),
    })  # fmt: skip
    sessions = [
        services.create_activity(officer, {
            "kind": _kind("peer_group_session"), "held_on": day + timedelta(days=7 * n),
            "duration_minutes": 90, "place": poipet, "venue": "Poipet secondary school",
            "topics": _topics("online_scams", "child_rights"),
        }, {("male", "12-17", "child"): 6 + n, ("female", "25-59", "teacher"): 1})
        for n in (1, 2)
    ]  # fmt: skip
    born = date(today.year - 14, 1, 1).year
    children = [
        services.add_participant(officer, {"name": name, "sex": sex, "birth_year": born,
                                           "age_band": "12-17", "role": "child"})
        for name, sex in (("Sokha Dara", "female"), ("Vichea Rith", "male"),
                          ("Sreymom Chan", "female"))
    ]  # fmt: skip
    for child in children:
        services.add_attendance(officer, sessions[0], child)
    services.add_attendance(officer, sessions[1], children[0])  # she came to both
    parade = services.create_activity(officer, {
        "kind": _kind("public_event"), "held_on": date(today.year - 1, 12, 12),
        "duration_minutes": 180, "place": poipet, "venue": "Poipet market road",
        "target_group": "The public", "topics": _topics("signs_of_trafficking"),
    }, {
        ("female", "18-24", "other"): 320, ("male", "18-24", "other"): 280,
        ("female", "25-59", "other"): 410, ("male", "25-59", "other"): 390,
        ("female", "12-17", "child"): 60, ("male", "12-17", "child"): 40,
    })  # fmt: skip
    # Volunteers trained on safe migration a hundred days ago, with their test scores: past the
    # three months of seed 000, so they show as due for a refresher on the officer's home page.
    training = services.create_activity(officer, {
        "kind": _kind("training"), "held_on": today - timedelta(days=100),
        "duration_minutes": 360, "place": poipet, "venue": "District office",
        "target_group": "Safe-migration volunteers", "facilitators": "Pich Dalin",
        "topics": _topics("safe_migration", "trafficking_law", "documents_before_departure"),
    }, {})  # fmt: skip
    volunteers = [
        services.add_participant(officer, {"name": name, "sex": sex, "age_band": "25-59",
                                           "role": "volunteer"})
        for name, sex in (("Chea Sokunthea", "female"), ("Nov Piseth", "male"))
    ]  # fmt: skip
    for person, (pre, post) in zip(volunteers, ((45, 80), (60, 85)), strict=True):
        attendance = services.add_attendance(officer, training, person)
        trainings.record_scores(officer, attendance, pre, post)
    children += volunteers
    created = [workshop, *sessions, parade, training]
    volunteer = User.objects.filter(username="volunteer", is_synthetic=True).first()
    if volunteer is not None and volunteer.jurisdiction_id:
        created.append(services.create_activity(Actor.command(volunteer, via="demo"), {
            "kind": _kind("village_meeting"), "held_on": today - timedelta(days=10),
            "duration_minutes": 60, "place": volunteer.jurisdiction,
            "topics": _topics("safe_migration"),
        }, {("female", "25-59", "parent"): 11, ("male", "25-59", "parent"): 7}))  # fmt: skip
    from tipnet.prevention.demo_committees import build_demo_committee
    from tipnet.prevention.demo_photos import add_demo_photos

    add_demo_photos(officer, parade, sessions[0])

    created += build_demo_committee(today)  # the provincial task force's meeting
    Activity.objects.filter(pk__in=[a.pk for a in created]).update(is_synthetic=True)
    KnownParticipant.objects.filter(pk__in=[c.pk for c in children]).update(is_synthetic=True)
    return len(created)
