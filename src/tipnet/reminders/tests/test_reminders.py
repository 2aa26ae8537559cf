"""Reminders fall due and fire, once each, under a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tipnet.core.actor import Actor
from tipnet.reminders.models import Notification, Reminder
from tipnet.reminders.services import fire_due, remind, reminder_fired

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=ZoneInfo("Asia/Phnom_Penh"))


def test_it_fires_a_due_reminder_once_and_not_one_that_is_not_due(cast):
    worker = cast.users["socialworker"]
    actor = Actor.command(worker)
    due = remind(actor, worker, NOW - timedelta(minutes=1), "followup", "Follow-up visit due")
    later = remind(actor, worker, NOW + timedelta(days=1), "followup", "Next visit")
    heard = []
    reminder_fired.connect(lambda sender, **kw: heard.append(kw["reminder"].pk), weak=False)
    try:
        assert fire_due(NOW) == 1
        assert fire_due(NOW) == 0  # once
        assert fire_due(NOW + timedelta(hours=1)) == 0
    finally:
        reminder_fired.receivers.clear()
    notification = Notification.objects.get()
    assert (notification.recipient, notification.text, notification.reminder) == (
        worker, "Follow-up visit due", due
    )  # fmt: skip
    assert Reminder.objects.get(pk=due.pk).fired_at == NOW
    assert Reminder.objects.get(pk=later.pk).fired_at is None
    assert fire_due(NOW + timedelta(days=1)) == 1
    assert Notification.objects.count() == 2
