"""Starting a user's job and keeping its state: the task body calls :func:`begin`, reports
through :class:`Progress` and ends with :func:`finish`; the runner's recovery calls
:func:`on_give_up` for a run lost with its runner."""

from __future__ import annotations

import time
from typing import Any, cast

from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tipnet.core.actor import Actor
from tipnet.jobs.models import Job, JobInput, JobStatus
from tipnet.jobs.runner import ON_GIVE_UP


def start(actor: Actor, kind: str, task: Any, data: bytes) -> Job:
    """A job of ``kind`` on ``data`` (kept encrypted until the job is over), queued for
    ``task``: the job row, its input and the queue entry are written together."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, created_by=actor.user, organisation_id=actor.organisation_id
        )
        JobInput.objects.create(job=job, data=data)
        job.task_id = str(task.enqueue(str(job.pk)).id)
        job.save(update_fields=["task_id"])
    return job


def begin(job_id: str, attempt: int) -> tuple[Job, bytes]:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    # EncryptedBinaryField.from_db_value gives bytes, never the memoryview of a BinaryField.
    data = cast(bytes, JobInput.objects.get(job=job).data)
    job.status, job.started_at, job.attempts = JobStatus.RUNNING, timezone.now(), attempt
    job.phase, job.done, job.total = "", 0, 0
    job.save(update_fields=["status", "started_at", "attempts", "phase", "done", "total"])
    return job, data


def finish(job: Job, ok: bool, result: dict[str, Any], report: str = "") -> None:
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED if ok else JobStatus.FAILED,
            finished_at=timezone.now(),
            result=result,
            report=report,
        )
        JobInput.objects.filter(job=job).delete()


def requeue(job: Job) -> None:
    """The run failed on a passing error and the task runs again."""
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, phase="")


class Progress:
    """Tells how far a job got, at most twice a second, each in its own short write (never
    from inside the job's own transaction, which would hold it back until the commit)."""

    def __init__(self, job_id: Any, every: float = 0.5) -> None:
        self.job_id = job_id
        self.every = every
        self.phase = ""
        self.next = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if (phase == self.phase and now < self.next) or connection.in_atomic_block:
            return
        self.phase, self.next = phase, now + self.every
        Job.objects.filter(pk=self.job_id).update(phase=phase, done=done, total=total)


def on_give_up(result: DBTaskResult, again: bool) -> None:
    jobs = Job.objects.filter(task_id=str(result.pk)).exclude(
        status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]
    )
    if again:
        jobs.update(status=JobStatus.QUEUED, phase="")
    else:
        jobs.update(status=JobStatus.FAILED, finished_at=timezone.now(), result={"lost": True})
        JobInput.objects.filter(job__task_id=str(result.pk)).delete()


ON_GIVE_UP.append(on_give_up)
