"""The court import as a background job, for files too large to import while the user waits."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils import translation

from tipnet.cases.importer import Bounds, import_spreadsheet
from tipnet.core.actor import Actor
from tipnet.jobs import services as jobs
from tipnet.jobs.models import Job, JobKind
from tipnet.jobs.runner import background, runs_again

# Shown on the job page; the rest is counted.
ERRORS_KEPT = 500


def start_import(actor: Actor, data: bytes) -> Job:
    return jobs.start(actor, JobKind.COURT_IMPORT, run_court_import, data)


# Safe to run again: the import writes all or nothing, and a file imported twice adds nothing.
@background(retries=2, takes_context=True)
def run_court_import(context: Any, job_id: str) -> dict[str, Any]:
    attempt = len(context.task_result.worker_ids)
    job, data = jobs.begin(job_id, attempt)
    user = job.created_by
    bounds = Bounds(settings.TIPNET_IMPORT_MAX_CELLS, settings.TIPNET_IMPORT_MAX_SECONDS)
    try:
        # The problems are written in the uploader's language, as the import page would.
        with translation.override(user.language or settings.LANGUAGE_CODE):
            result = import_spreadsheet(
                Actor.command(user, via="job"), data, bounds, jobs.Progress(job.pk)
            )
    except BaseException as exc:
        if runs_again(context.task_result.task.module_path, attempt, exc):
            jobs.requeue(job)
        else:
            jobs.finish(job, False, {"crashed": True})
        raise
    summary = {
        "rows": result.rows,
        "cases_created": result.cases_created,
        "cases_updated": result.cases_updated,
        "error_count": len(result.errors),
    }
    report = json.dumps(
        # The values quoted are the uploader's data: kept here encrypted, never in the trail.
        [[e.row, e.column, e.message, e.value] for e in result.errors[:ERRORS_KEPT]],
        ensure_ascii=False,
    )
    jobs.finish(job, result.ok, summary, report if result.errors else "")
    return summary
