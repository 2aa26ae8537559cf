"""Import of existing court spreadsheets: the upload page and the template download."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tipnet.accounts.access import Action, Resource, can_follow_job, deny, require
from tipnet.cases.importer import (
    COLUMNS,
    Bounds,
    OverBounds,
    RowError,
    import_table,
    read_table,
    template_workbook,
)
from tipnet.cases.jobs import start_import
from tipnet.core.actor import Actor
from tipnet.jobs.models import Job, JobKind, JobStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A file with thousands of problems is wrong throughout: the first ones show how.
ERRORS_SHOWN = 500
# What the page imports while the user waits; a larger file becomes a job (docs/jobs.md).
REQUEST_SECONDS = 10


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV in UTF-8)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.TIPNET_MAX_UPLOAD_MB
        self.fields["file"].help_text = _("At most %(mb)s MB.") % {"mb": limit}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.TIPNET_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit})
        return upload


@login_required
def import_cases(request: HttpRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.CASE)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        actor = Actor.of(request)
        data = form.cleaned_data["file"].read()
        if len(data) > settings.TIPNET_IMPORT_JOB_BYTES:
            return redirect("cases:import_job", start_import(actor, data).uuid)
        # Read here only what a request can carry: past it, the file goes to the job runner.
        bounds = Bounds(settings.TIPNET_IMPORT_JOB_ROWS * len(COLUMNS), REQUEST_SECONDS)
        try:
            # A table with problems is still checked row by row: every problem in one pass.
            result = import_table(actor, read_table(data, bounds), bounds)
        except OverBounds:
            return redirect("cases:import_job", start_import(actor, data).uuid)
        if result.ok:
            messages.success(request, _imported(result.rows, result.cases_created,
                                                result.cases_updated))  # fmt: skip
            return redirect("cases:list")
        errors = result.errors
    return render(
        request,
        "cases/import.html",
        {"form": form, "errors": errors[:ERRORS_SHOWN], "error_count": len(errors)},
    )


def _imported(rows: int, created: int, updated: int) -> str:
    return ngettext(
        "%(rows)s row imported: %(created)s cases created, %(updated)s updated.",
        "%(rows)s rows imported: %(created)s cases created, %(updated)s updated.",
        rows,
    ) % {"rows": rows, "created": created, "updated": updated}


def _phases() -> dict[str, str]:
    return {
        "": _("Waiting for the job runner"),
        "reading": _("Reading the file"),
        "checking": _("Checking the rows"),
        "writing": _("Writing the cases"),
    }


@login_required
def import_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """The progress and the result of an import that runs as a job."""
    require(request, Action.CREATE, Resource.CASE)
    job = Job.objects.filter(uuid=job_id, kind=JobKind.COURT_IMPORT).first()
    if job is None or not can_follow_job(request.user, job, Action.CREATE, Resource.CASE):  # type: ignore[arg-type]
        deny(request, f"follow job {job_id}")
    assert job is not None
    errors = [RowError(*e) for e in json.loads(job.report)] if job.report else []
    result = job.result or {}
    context = {
        "job": job,
        "phase": _phases().get(job.phase, job.phase) if job.status == JobStatus.RUNNING else "",
        "errors": errors,
        "error_count": result.get("error_count", len(errors)),
        "imported": _imported(result.get("rows", 0), result.get("cases_created", 0),
                              result.get("cases_updated", 0)) if job.status == JobStatus.SUCCEEDED
        else "",
    }  # fmt: skip
    return render(request, "cases/import_job.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.CASE)
    response = HttpResponse(template_workbook(request.user), content_type=XLSX_TYPE)  # type: ignore[arg-type]
    response["Content-Disposition"] = 'attachment; filename="tipnet-court-cases-import.xlsx"'
    return response
