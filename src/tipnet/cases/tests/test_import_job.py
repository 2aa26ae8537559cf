"""A court import too large for a request runs as a job: its page, its access, its bounds."""

from __future__ import annotations

import re
import time

from django.core.management import call_command

from tipnet.accounts.roles import RoleCode
from tipnet.cases.importer import Bounds, import_spreadsheet
from tipnet.cases.models import Case
from tipnet.cases.tests.test_import import COLUMN_NAMES, _post, _rows, _xlsx
from tipnet.core.actor import Actor
from tipnet.jobs.models import Job, JobStatus
from tipnet.testing import login, make_user


def _run_jobs() -> None:
    call_command("worker", "--batch", "--no-schedule", "--interval", "0", verbosity=0)


def _job_url(response) -> str:
    assert response.status_code == 302, response.content[:500]
    assert re.fullmatch(r"/cases/import/jobs/[0-9a-f-]{36}/", response["Location"])
    return response["Location"]


def test_it_imports_a_large_file_as_a_job_that_its_organisation_follows(cast, client, settings):
    settings.TIPNET_IMPORT_JOB_BYTES = 1000
    police = cast.users["police"]
    login(client, police)
    url = _job_url(_post(client, _xlsx(_rows(10))))
    page = client.get(url).text
    assert 'data-job-status="queued"' in page and "Waiting to start" in page
    assert '<meta http-equiv="refresh"' in page
    assert Case.objects.count() == 0
    _run_jobs()
    page = client.get(url).text
    assert 'data-job-status="succeeded"' in page, page
    assert "40 rows imported: 10 cases created, 0 updated." in page
    assert '<meta http-equiv="refresh"' not in page
    assert Case.objects.count() == 10
    job = Job.objects.get()
    assert (job.status, job.attempts, job.result["cases_created"]) == (JobStatus.SUCCEEDED, 1, 10)

    colleague = make_user("colleague", [RoleCode.POLICE_INVESTIGATOR], police.organisation, "01",
                          totp=True)  # fmt: skip
    login(client, colleague)
    assert client.get(url).status_code == 200
    for outsider in ("police_other", "prosecutor", "pcct"):
        login(client, cast.users[outsider])
        assert client.get(url).status_code == 403, outsider


def test_it_hands_a_file_of_more_cells_than_a_request_reads_to_a_job(cast, client, settings):
    settings.TIPNET_IMPORT_JOB_ROWS = 5  # 5 rows of the template's width
    login(client, cast.users["police"])
    url = _job_url(_post(client, _xlsx(_rows(3))))
    _run_jobs()
    assert 'data-job-status="succeeded"' in client.get(url).text
    assert Case.objects.count() == 3


def test_it_refuses_a_hostile_file_within_its_bounds_and_writes_nothing(cast, client, settings):
    """Rows of 200 cells: the cells bound refuses it as soon as it is passed (20,000 such rows
    in docs/jobs.md; a tenth of the bound here, to keep the test quick)."""
    settings.TIPNET_IMPORT_JOB_BYTES = 1000
    settings.TIPNET_IMPORT_MAX_CELLS = 100_000
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    sheet.append(list(COLUMN_NAMES) + [f"x{i}" for i in range(200 - len(COLUMN_NAMES))])
    for n in range(1000):
        sheet.append([n] * 200)
    out = io.BytesIO()
    book.save(out)
    login(client, cast.users["police"])
    url = _job_url(_post(client, out.getvalue()))
    started = time.perf_counter()
    _run_jobs()
    took = time.perf_counter() - started
    page = client.get(url).text
    assert 'data-job-status="failed"' in page
    assert "The file has more than 100,000 cells: split it into several files." in page
    assert Case.objects.count() == 0
    assert took < 5, took


def test_it_refuses_a_file_that_takes_longer_than_the_time_bound(cast):
    actor = Actor.command(cast.users["police"])
    result = import_spreadsheet(actor, _xlsx(_rows(250)), Bounds(10**7, 0))
    assert [e.message for e in result.errors] == [
        "Reading and checking this file took longer than 0 seconds: split it into several files."
    ]
    assert Case.objects.count() == 0
