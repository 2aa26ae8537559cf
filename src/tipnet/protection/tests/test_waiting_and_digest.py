"""What waits for a user: on the home page, and by email each morning as counts and links,
never names, under a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail

from tipnet.jobs.schedule import SCHEDULE, enqueue_due
from tipnet.protection import services
from tipnet.reminders.digest import send_digests
from tipnet.reminders.services import fire_due, remind
from tipnet.testing import login

MORNING = datetime(2026, 3, 10, 7, 5, tzinfo=ZoneInfo("Asia/Phnom_Penh"))


def _referred(pworld):  # type: ignore[no-untyped-def]
    pworld.consent()
    return services.send_referral(pworld.request(), pworld.case, {
        "kind": "referral", "to_organisation": pworld.shelter, "offering": pworld.offering,
        "reason": "AdditionalServicesRequired", "shared": ["identity"],
    })  # fmt: skip


def test_it_counts_incoming_referrals_on_the_receivers_home_page(pworld, client):
    _referred(pworld)
    login(client, pworld.cast.users["socialworker"])
    home = client.get("/").text
    assert "Referrals to your organisation waiting for an answer" in home
    assert '<span class="count">1</span> Referrals to your organisation' in home


def test_it_mails_each_morning_counts_and_links_but_no_names(pworld):
    worker = pworld.cast.users["socialworker"]
    worker.email = "sreymom@example.org"
    worker.save(update_fields=["email"])
    _referred(pworld)
    mail.outbox.clear()
    assert send_digests(MORNING) == 1
    (message,) = mail.outbox
    assert message.to == ["sreymom@example.org"]
    assert "things wait for you" in message.subject  # the referral, people without an age
    assert "- 1 · Referrals to your organisation waiting for an answer: http" in message.body
    assert "/protection/referrals/" in message.body
    for identifying in ("Sun Srey Leak", "ស៊ុន", pworld.case.reference, "Keo Sokha"):
        assert identifying not in message.body + message.subject
    # Nobody without an address, nobody with nothing waiting.
    assert all(m.to == ["sreymom@example.org"] for m in mail.outbox)


def test_it_mails_in_the_users_language(pworld):
    worker = pworld.cast.users["socialworker"]
    worker.email, worker.language = "sreymom@example.org", "km"
    worker.save(update_fields=["email", "language"])
    _referred(pworld)
    mail.outbox.clear()
    send_digests(MORNING)
    assert "tipnet" in mail.outbox[0].subject and "waits" not in mail.outbox[0].subject
    assert "- ១ · " in mail.outbox[0].body  # counted in Khmer digits, as the pages count


def test_it_schedules_the_digest_once_a_morning(db):
    digest = next(e for e in SCHEDULE if e.name == "daily_digest")
    assert digest.slot(MORNING) == MORNING.replace(minute=0)
    assert "daily_digest" in enqueue_due(MORNING, (digest,))
    assert enqueue_due(MORNING + timedelta(hours=3), (digest,)) == []  # same day: done
    assert "daily_digest" in enqueue_due(MORNING + timedelta(days=1), (digest,))


def test_it_lists_a_fired_reminder_until_read(pworld, client):
    from tipnet.core.actor import Actor

    focal = pworld.focalpoint
    remind(Actor.command(focal), focal, MORNING - timedelta(hours=1), "followup", "Visit due")
    fire_due(MORNING)
    login(client, focal)
    assert "Reminders that fell due" in client.get("/").text
    page = client.get("/notifications/")
    assert "Visit due" in page.text and "data-unread" in page.text
    client.post("/notifications/")
    assert "Reminders that fell due" not in client.get("/").text


def test_it_escalates_overdue_work_to_the_supervisors_once(pworld):
    from tipnet.accounts.roles import RoleCode
    from tipnet.protection.models import FollowUp
    from tipnet.reminders.escalations import escalate_overdue
    from tipnet.reminders.models import Notification, Reminder
    from tipnet.testing import make_user

    shelter_boss = make_user("shelter_boss", [RoleCode.PROTECTION_SUPERVISOR], pworld.shelter)
    ccwc_boss = make_user("ccwc_boss", [RoleCode.PROTECTION_SUPERVISOR], pworld.ccwc)
    referral = _referred(pworld)
    visit = FollowUp.objects.create(case=pworld.case, due_on=referral.requested_on)
    soon = datetime.combine(referral.requested_on, MORNING.timetz()) + timedelta(days=3)
    assert escalate_overdue(soon) == 0  # not late enough yet
    late = soon + timedelta(days=20)
    assert escalate_overdue(late) == 2
    assert escalate_overdue(late + timedelta(days=1)) == 0  # once per supervisor and record
    to_shelter = Reminder.objects.get(recipient=shelter_boss)
    assert (to_shelter.kind, to_shelter.target_id) == ("escalation.referral", str(referral.pk))
    to_ccwc = Reminder.objects.get(recipient=ccwc_boss)
    assert (to_ccwc.kind, to_ccwc.target_id) == ("escalation.follow_up", str(visit.pk))
    assert pworld.case.reference in to_ccwc.text and "Sun" not in to_ccwc.text
    fire_due(late)
    assert Notification.objects.filter(recipient__in=[shelter_boss, ccwc_boss]).count() == 2
