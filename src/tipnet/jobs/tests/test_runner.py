"""The job runner and the scheduler, with a fixed clock."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tipnet.jobs import tasks
from tipnet.jobs.models import Job, JobInput, JobStatus, ScheduledRun, WorkerBeat
from tipnet.jobs.runner import background, recover_lost
from tipnet.jobs.schedule import SCHEDULE, Every, enqueue_due

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=PHNOM_PENH)


@background()
def not_safe_to_repeat() -> None:
    """A task declared without retries (for the tests)."""


def test_it_puts_each_time_in_its_slot_in_cambodian_time():
    daily = Every("x", "x", timedelta(days=1), at=timedelta(hours=3))
    assert daily.slot(datetime(2026, 3, 10, 2, 59, tzinfo=PHNOM_PENH)) == datetime(
        2026, 3, 9, 3, 0, tzinfo=PHNOM_PENH
    )
    assert daily.slot(datetime(2026, 3, 9, 20, 0, tzinfo=ZoneInfo("UTC"))) == datetime(
        2026, 3, 10, 3, 0, tzinfo=PHNOM_PENH
    )
    five = Every("y", "y", timedelta(minutes=5))
    assert five.slot(NOON + timedelta(minutes=7, seconds=3)) == NOON + timedelta(minutes=5)


def test_it_enqueues_each_scheduled_job_once_per_slot(db):
    assert enqueue_due(NOON) == [e.name for e in SCHEDULE]
    assert enqueue_due(NOON + timedelta(minutes=4)) == []  # same slots: nothing twice
    assert enqueue_due(NOON + timedelta(minutes=5)) == ["due_reminders"]
    assert enqueue_due(NOON + timedelta(hours=1)) == ["audit_anchor", "due_reminders"]
    queued = DBTaskResult.objects.ready().values_list("task_path", flat=True)
    assert sorted(queued) == sorted(
        [e.task for e in SCHEDULE] + [tasks.fire_due_reminders.module_path] * 2
        + [tasks.export_audit_anchor.module_path]
    )  # fmt: skip
    assert ScheduledRun.objects.count() == len(SCHEDULE) + 3


def test_it_runs_the_scheduled_jobs_in_the_runner(db):
    enqueue_due()
    call_command("worker", "--batch", "--no-schedule", "--interval", "0")
    results = DBTaskResult.objects.all()
    assert {r.status for r in results} == {TaskResultStatus.SUCCESSFUL}, [
        r.traceback for r in results
    ]
    assert not WorkerBeat.objects.exists()  # a runner that stops says so


def test_it_exports_the_audit_anchor_with_a_fixed_clock(db):
    from tipnet.audit.anchors import anchor_file

    before = anchor_file().read_text().splitlines() if anchor_file().exists() else []
    exported = tasks.anchor(NOON)
    lines = anchor_file().read_text().splitlines()
    assert len(lines) == len(before) + 1
    assert json.loads(lines[-1])["exported_at"] == NOON.isoformat() == exported["exported_at"]


def _lost(task, worker_id: str) -> DBTaskResult:
    result = DBTaskResult.objects.get(pk=task.enqueue().id)
    _claim(result, worker_id)
    return result


def _claim(result: DBTaskResult, worker_id: str) -> None:
    """Claimed by a runner that never wrote a heartbeat, ten minutes ago."""
    result.refresh_from_db()
    result.claim(worker_id)
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - timedelta(minutes=10)
    )


def test_it_runs_a_lost_task_again_if_it_is_safe_and_fails_it_otherwise(db):
    WorkerBeat.objects.create(worker_id="gone", host="elsewhere", pid=1,
                              seen_at=timezone.now() - timedelta(minutes=5))  # fmt: skip
    WorkerBeat.objects.create(worker_id="alive", host="elsewhere", pid=1)
    safe = _lost(tasks.fire_due_reminders, "gone")
    unsafe = _lost(not_safe_to_repeat, "gone")
    running = _lost(tasks.fire_due_reminders, "alive")
    assert sorted(recover_lost()) == sorted([str(safe.pk), str(unsafe.pk)])
    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses[safe.pk] == TaskResultStatus.READY
    assert statuses[unsafe.pk] == TaskResultStatus.FAILED
    assert statuses[running.pk] == TaskResultStatus.RUNNING
    assert recover_lost() == []  # nothing twice


def test_it_gives_up_a_safe_task_after_its_last_try(db):
    result = _lost(tasks.fire_due_reminders, "gone")
    for worker in ("gone2", "gone3"):  # retries=3: four runs in all
        _claim(result, worker)
        recover_lost()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY and len(result.worker_ids) == 3
    _claim(result, "gone4")
    recover_lost()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED


def test_it_prunes_what_is_over_and_keeps_what_is_not(db, cast):
    user = cast.users["police"]
    now = timezone.now()
    Job.objects.create(kind="court_import", created_by=user, status=JobStatus.SUCCEEDED,
                       finished_at=now - timedelta(days=400))  # fmt: skip
    done = Job.objects.create(kind="court_import", created_by=user, status=JobStatus.FAILED,
                              finished_at=now)  # fmt: skip
    waiting = Job.objects.create(kind="court_import", created_by=user)
    JobInput.objects.create(job=done, data=b"x")
    JobInput.objects.create(job=waiting, data=b"y")
    counts = tasks.prune(now)
    assert counts["jobs"] == 1 and counts["inputs"] == 1
    assert set(Job.objects.values_list("id", flat=True)) == {done.pk, waiting.pk}
    assert JobInput.objects.get().data == b"y"
    assert settings.TIPNET_JOB_HEARTBEAT_SECONDS > 0
