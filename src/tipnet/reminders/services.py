"""Setting reminders, and firing those that fall due (the scheduled job ``due_reminders``)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from tipnet.core.actor import Actor
from tipnet.reminders.models import Notification, Reminder

# Sent once per reminder, after the notification is committed: escalations and digests hook in
# here (``reminder`` is the Reminder, ``notification`` the Notification).
reminder_fired = Signal()
BATCH = 500


def remind(
    actor: Actor,
    recipient: Any,
    due_at: datetime,
    kind: str,
    text: str,
    target: Any = None,
) -> Reminder:
    """A reminder for ``recipient`` at ``due_at``; ``text`` in their language, naming nobody."""
    return Reminder.objects.create(
        recipient=recipient,
        due_at=due_at,
        kind=kind,
        text=text[:300],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
    )


def fire_due(now: datetime | None = None) -> int:
    """Turn every reminder due by ``now`` and not fired yet into a notification, once each
    (several runners at once: each reminder is taken by one, ``SKIP LOCKED`` on PostgreSQL, the
    write lock on SQLite). The number fired."""
    now = now or timezone.now()
    fired = 0
    while True:
        with transaction.atomic():
            due = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(fired_at=None, due_at__lte=now)
                .order_by("due_at", "id")[:BATCH]
            )
            if not due:
                return fired
            notifications = [
                Notification(recipient_id=r.recipient_id, reminder=r, text=r.text, created_at=now)
                for r in due
            ]
            Notification.objects.bulk_create(notifications)
            for reminder in due:
                reminder.fired_at = now
            Reminder.objects.bulk_update(due, ["fired_at"])
            pairs = list(zip(due, notifications, strict=True))
            transaction.on_commit(partial(_announce, pairs))
        fired += len(due)


def _announce(pairs: list[tuple[Reminder, Notification]]) -> None:
    for reminder, notification in pairs:
        reminder_fired.send(Reminder, reminder=reminder, notification=notification)
