"""Scheduled jobs: each runs once per time slot of its period (in Cambodia's time), enqueued by
whichever runner sees the slot first (``ScheduledRun`` holds one row per job and slot). A runner
that was down for several slots runs the job once, for the slot it wakes up in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from tipnet.jobs.models import ScheduledRun

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Every:
    """A job run every ``period`` (which divides a day, or is a day), from ``at`` after local
    midnight."""

    name: str
    task: str
    period: timedelta
    at: timedelta = timedelta(0)

    def slot(self, now: datetime) -> datetime:
        """The start of the slot ``now`` falls in."""
        local = timezone.localtime(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        since = local - midnight - self.at
        return midnight + self.at + (since // self.period) * self.period


SCHEDULE: tuple[Every, ...] = (
    # The audit chain's head, exported outside the database (tipnet.audit.anchors).
    Every("audit_anchor", "tipnet.jobs.tasks.export_audit_anchor", timedelta(hours=1)),
    Every("due_reminders", "tipnet.jobs.tasks.fire_due_reminders", timedelta(minutes=5)),
    # Overdue visits and unanswered referrals climb to the supervisors (before the digest).
    Every("escalations", "tipnet.jobs.tasks.escalate_overdue_work", DAY, at=timedelta(hours=6)),
    # What waits for each user, by email, at 7 in the morning (tipnet.reminders.digest).
    Every("daily_digest", "tipnet.jobs.tasks.send_daily_digests", DAY, at=timedelta(hours=7)),
    Every("prune_jobs", "tipnet.jobs.tasks.prune_finished_jobs", DAY, at=timedelta(hours=3)),
)


def enqueue_due(now: datetime | None = None, schedule: tuple[Every, ...] = SCHEDULE) -> list[str]:
    """Enqueue each job whose current slot has no run yet; the names of those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for entry in schedule:
        slot = entry.slot(now)
        if ScheduledRun.objects.filter(name=entry.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=entry.name, slot=slot, task_id="")
                result = import_string(entry.task).enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another runner enqueued it first
        enqueued.append(entry.name)
    return enqueued
