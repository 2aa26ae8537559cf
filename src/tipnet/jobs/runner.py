"""The job runner: django-tasks-db's worker loop, with what tipnet needs around it.

- A heartbeat (``WorkerBeat``, from a thread with its own connection) so that a runner killed
  outright (``kill -9``, a lost server) is noticed: its running tasks are *lost*.
- Lost tasks and tasks that failed on a passing database error (locked, connection gone) run
  again when their task was declared with ``retries`` (:func:`background`): only work that is
  safe to run twice is (all-or-nothing, or idempotent); the others are marked failed.
- The scheduler (:mod:`tipnet.jobs.schedule`) enqueues the scheduled jobs that fall due.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from tipnet.jobs.models import WorkerBeat

logger = logging.getLogger("tipnet.jobs")

# How many runs in all each task may have (1: never run again), by the task's module path.
RUNS: dict[str, int] = {}
# Called with (task result row, will run again) when a task is lost or fails for good.
ON_GIVE_UP: list[Callable[[DBTaskResult, bool], None]] = []
TRANSIENT = (OperationalError, InterfaceError)


def background(*, retries: int = 0, priority: int = 0, takes_context: bool = False) -> Any:
    """``django_tasks.task``, and how often the runner may run it again after a lost run or a
    passing database error. Give ``retries`` only to work that is safe to run twice."""

    def declare(func: Callable[..., Any]) -> Any:
        # Two calls, not ``takes_context=takes_context``: the stubs overload on Literal[True/False].
        declared = (
            task(priority=priority, takes_context=True)(func)
            if takes_context
            else task(priority=priority, takes_context=False)(func)
        )
        RUNS[declared.module_path] = 1 + retries
        return declared

    return declare


def heartbeat_seconds() -> float:
    return settings.TIPNET_JOB_HEARTBEAT_SECONDS


def runs_again(task_path: str, attempts: int, error: BaseException | None) -> bool:
    """Whether a task that ran ``attempts`` times and was lost (``error`` None) or raised
    ``error`` runs again."""
    if error is not None and not isinstance(error, TRANSIENT):
        return False  # a mistake in the data or the code: running again changes nothing
    if task_path not in RUNS:
        try:
            import_string(task_path)  # declaring the task registers how often it may run
        except ImportError:
            return False
    return attempts < RUNS.get(task_path, 1)


def is_alive(beat: WorkerBeat | None, now: datetime, host: str) -> bool:
    if beat is None:
        return False
    if beat.host == host:
        try:
            os.kill(beat.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
    return beat.seen_at >= now - timedelta(seconds=3 * heartbeat_seconds())


def recover_lost(now: datetime | None = None) -> list[str]:
    """Tasks whose runner died under them: ready to run again if they may, else failed. The
    ids of the tasks recovered."""
    now = now or timezone.now()
    host = socket.gethostname()
    beats = {b.worker_id: b for b in WorkerBeat.objects.all()}
    recovered = []
    for result in DBTaskResult.objects.running():
        worker = result.worker_ids[-1] if result.worker_ids else None
        if is_alive(beats.get(worker) if worker is not None else None, now, host):
            continue
        if (
            worker not in beats
            and result.started_at
            and result.started_at > now - timedelta(seconds=3 * heartbeat_seconds())
        ):
            continue  # a runner that has only just started and not yet written its beat
        again = runs_again(result.task_path, len(result.worker_ids), None)
        claimed = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        if again:
            changed = claimed.update(status=TaskResultStatus.READY, run_after=now)
        else:
            changed = claimed.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="tipnet.jobs.runner.RunnerLost",
                traceback=f"The runner {worker} stopped while running this task.",
            )
        if changed:
            logger.warning("task %s lost with runner %s (runs again: %s)", result.pk, worker, again)
            for hook in ON_GIVE_UP:
                hook(result, again)
            recovered.append(str(result.pk))
    return recovered


class RunnerLost(Exception):
    """The runner process stopped while the task ran."""


class Runner(Worker):
    """The worker loop of django-tasks-db, with heartbeats, recovery and the scheduler."""

    def __init__(self, *, schedule: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schedule = schedule
        self.beating = threading.Event()
        self.next_housekeeping = 0.0

    def run(self) -> None:
        self._register()
        beat = threading.Thread(target=self._beat, name="tipnet-heartbeat", daemon=True)
        beat.start()
        try:
            self._loop()
        finally:
            self.beating.set()
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()

    def _register(self) -> None:
        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": socket.gethostname(), "pid": os.getpid(), "started_at": now,
                      "seen_at": now},
        )  # fmt: skip

    def _beat(self) -> None:
        while not self.beating.wait(heartbeat_seconds()):
            # SQLite busy with a long write: the next beat will do.
            with contextlib.suppress(*TRANSIENT):
                WorkerBeat.objects.filter(worker_id=self.worker_id).update(seen_at=timezone.now())
        connection.close()

    def housekeeping(self) -> None:
        from tipnet.jobs import services  # noqa: F401  (its hook for lost jobs)
        from tipnet.jobs.schedule import enqueue_due

        recover_lost()
        if self.schedule:
            enqueue_due()

    def _loop(self) -> None:
        logger.info("runner %s started", self.worker_id)
        while self.running:
            if not connection.in_atomic_block:  # (inside one in tests: keep the connection)
                close_old_connections()
            if time.monotonic() >= self.next_housekeeping:
                try:
                    self.housekeeping()
                except TRANSIENT as exc:
                    logger.warning("housekeeping postponed: %s", exc)
                self.next_housekeeping = time.monotonic() + heartbeat_seconds()
            found = self._claim()
            if found is not None:
                self.run_task(found)
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.batch and found is None:
                return
            if self.running and found is None:
                time.sleep(self.interval)

    def _claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        with exclusive_transaction(tasks.db):
            try:
                found = tasks.get_locked()
                if found is not None:
                    found.claim(self.worker_id)
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
                return None
        return found

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status != TaskResultStatus.FAILED:
            return
        error = _raised(db_task_result)
        if runs_again(db_task_result.task_path, len(db_task_result.worker_ids), error):
            delay = timedelta(seconds=5 * len(db_task_result.worker_ids))
            DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                status=TaskResultStatus.READY, run_after=timezone.now() + delay, finished_at=None
            )
            logger.warning("task %s failed on %s: runs again", db_task_result.pk, error)


def _raised(result: DBTaskResult) -> BaseException | None:
    """The kind of error a failed task raised, as far as telling transient ones matters."""
    path = result.exception_class_path
    for kind in TRANSIENT:
        if path.endswith(f".{kind.__name__}"):
            return kind()
    return Exception(path)
