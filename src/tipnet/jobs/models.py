"""Background jobs: the work a user started that runs in the job runner (its progress and
result, for the user's page), the runner's processes (their heartbeats) and the runs of the
scheduled jobs. The queue itself is django-tasks-db's table (docs/jobs.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipnet.core.encryption import EncryptedBinaryField, EncryptedTextField


class JobKind(models.TextChoices):
    COURT_IMPORT = "court_import", _("Court spreadsheet import")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Job(models.Model):
    """Work a user started that runs in the background: who may follow it, how far it got and
    what came of it. ``result`` holds counts only; what may name people (the problems found in
    an imported file) is in ``report``, encrypted."""

    # Pages name a job by this, not by its id (which tells how many jobs there were).
    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=JobKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    # What the job is doing (a code of the job's kind), and how far: ``done`` of ``total``.
    phase = models.CharField(max_length=32, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    report = EncryptedTextField(blank=True)
    # The django-tasks-db row of the run under way (the last one).
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


class JobInput(models.Model):
    """The file a job works on, encrypted, until the job is over."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, primary_key=True, related_name="+")
    data = EncryptedBinaryField()

    def __str__(self) -> str:
        return str(self.pk)


class WorkerBeat(models.Model):
    """A job runner process: where it runs and when it last said it was alive."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"


class ScheduledRun(models.Model):
    """One run of a scheduled job, by its time slot: the unique key lets only one of several
    runners enqueue it."""

    name = models.CharField(max_length=64)
    slot = models.DateTimeField()
    task_id = models.CharField(max_length=64)
    enqueued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="one_run_per_slot")]

    def __str__(self) -> str:
        return f"{self.name} {self.slot:%Y-%m-%d %H:%M}"
