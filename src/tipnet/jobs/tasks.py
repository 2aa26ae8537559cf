"""The scheduled jobs (tipnet.jobs.schedule): each safe to run again after a lost run."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tipnet.jobs.models import FINISHED, Job, JobInput, ScheduledRun, WorkerBeat
from tipnet.jobs.runner import background

# Finished task rows and scheduled runs are kept this long (for the admin), the jobs users
# started (their progress pages) longer.
KEEP_TASKS = timedelta(days=30)
KEEP_JOBS = timedelta(days=180)


@background(retries=3)
def export_audit_anchor() -> dict[str, Any]:
    """Export the audit chain's head outside the database (another run only adds an anchor)."""
    return anchor(timezone.now())


def anchor(now: datetime) -> dict[str, Any]:
    from tipnet.audit.anchors import export_anchor

    exported = export_anchor(now)
    return {"sequence": exported.sequence, "exported_at": exported.exported_at.isoformat()}


@background(retries=3)
def fire_due_reminders() -> int:
    """Notify the reminders that fell due (each fires once, however often this runs)."""
    from tipnet.reminders.services import fire_due

    return fire_due(timezone.now())


@background(retries=3)
def escalate_overdue_work() -> int:
    """Overdue visits and unanswered referrals reach the supervisors (once each)."""
    from tipnet.reminders.escalations import escalate_overdue

    return escalate_overdue(timezone.now())


@background(retries=0)
def send_daily_digests() -> int:
    """Each user's morning digest (not retried: a second run would mail twice)."""
    from tipnet.reminders.digest import send_digests

    return send_digests(timezone.now())


@background(retries=3)
def prune_finished_jobs() -> dict[str, int]:
    return prune(timezone.now())


def prune(now: datetime) -> dict[str, int]:
    """Delete what is over: old finished task rows and scheduled runs, old finished jobs,
    inputs of finished jobs, and heartbeats of runners long gone."""
    old_tasks = DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_TASKS)
    return {
        "tasks": old_tasks.delete()[0],
        "runs": ScheduledRun.objects.filter(slot__lt=now - KEEP_TASKS).delete()[0],
        "jobs": Job.objects.filter(status__in=FINISHED, finished_at__lt=now - KEEP_JOBS).delete()[
            0
        ],
        "inputs": JobInput.objects.filter(Q(job__status__in=FINISHED)).delete()[0],
        "beats": WorkerBeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()[0],
    }
