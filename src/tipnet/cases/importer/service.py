"""Checking a whole file and importing it: the entry points the views, commands and jobs use."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, Resource, can
from tipnet.accounts.models import Organisation
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.cases.importer.columns import (
    COLUMN_ORDER,
    ImportResult,
    RowError,
    Table,
)
from tipnet.cases.importer.grouping import CaseGroup, check_cases, group_rows, load_existing
from tipnet.cases.importer.proceedings import check_proceedings
from tipnet.cases.importer.reading import CHECK_EVERY, Bounds, OverBounds, Progress, read_table
from tipnet.cases.importer.rows import Lookups, Row, parse_row
from tipnet.cases.importer.writing import write
from tipnet.core.actor import Actor

if TYPE_CHECKING:
    from tipnet.accounts.models import User

# Writing holds the database: on SQLite every other writer waits for it. So an import reads the
# file and checks each row on its own first, outside any transaction (most of its time), and
# only then takes the organisation's lock, checks against what is recorded and writes, in one
# transaction as short as the writes allow. A file with problems never takes the lock.


def parse_rows(
    table: Table, look: Lookups, errors: list[RowError], bounds: Bounds, progress: Progress | None
) -> list[Row]:
    rows = []
    total = len(table.rows)
    for i, (number, cells) in enumerate(table.rows, start=1):
        rows.append(parse_row(number, cells, look, errors))
        if i % CHECK_EVERY == 0:
            bounds.check_time()
            if progress:
                progress("checking", i, total)
    return rows


def check_recorded(
    user: User, cases: dict[str, CaseGroup], errors: list[RowError], today: date
) -> list[RowError]:
    """The cases and suspects against what is recorded, then the proceedings rules; every
    problem, sorted as the sheet is."""
    assert user.organisation_id is not None
    load_existing(user.organisation_id, cases)
    check_cases(user, cases, errors)
    for case in cases.values():
        if case.unresolved:
            continue  # its rows were checked on their own; its proceedings are not the user's
        for suspect in case.suspects.values():
            # Rows with problems too: what they could not give is taken as there (see
            # check_proceedings), so every other problem of the file is found in this pass.
            errors.extend(check_proceedings(suspect, today))
    errors.sort(key=lambda e: (e.row, COLUMN_ORDER.get(e.column, -1), e.message))
    return errors


def check_table(
    user: User, table: Table, bounds: Bounds | None = None, progress: Progress | None = None
) -> tuple[dict[str, CaseGroup], list[RowError]]:
    """Every row, then the cases and suspects, then the proceedings after what is recorded."""
    errors = list(table.errors)
    look = Lookups.load()
    rows = parse_rows(table, look, errors, bounds or Bounds.of_settings(), progress)
    cases = group_rows(rows, errors)
    return cases, check_recorded(user, cases, errors, look.today)


def import_spreadsheet(
    actor: Actor, data: bytes, bounds: Bounds | None = None, progress: Progress | None = None
) -> ImportResult:
    """Import an uploaded XLSX or CSV file (see :func:`import_table`); a file past the bounds
    is refused whole."""
    bounds = bounds or Bounds.of_settings()
    try:
        # A table with problems (a column unknown or missing) is still checked row by row.
        return import_table(actor, read_table(data, bounds, progress), bounds, progress)
    except OverBounds as over:
        return ImportResult(rows=0, errors=[RowError(0, "", over.message)])


def import_table(
    actor: Actor, table: Table, bounds: Bounds | None = None, progress: Progress | None = None
) -> ImportResult:
    """Check every row; if all are right write them all in one transaction with one audit
    event, else write nothing and return every problem. Raises :class:`OverBounds` when
    checking takes longer than ``bounds`` allow."""
    user: User = actor.user
    result = ImportResult(rows=len(table.rows))
    if not can(user, Action.CREATE, Resource.CASE):
        result.errors.append(RowError(0, "", _("You may not register cases.")))
        return result
    if not user.organisation_id:
        message = _("Your account has no organisation, so it cannot register cases.")
        result.errors.append(RowError(0, "", message))
        return result
    errors = list(table.errors)
    look = Lookups.load()
    rows = parse_rows(table, look, errors, bounds or Bounds.of_settings(), progress)
    cases = group_rows(rows, errors)
    if errors:  # reported with what the recorded cases add, without taking the lock
        result.errors = check_recorded(user, cases, errors, look.today)
        return result
    if progress:
        progress("writing", len(rows), len(rows))
    with transaction.atomic():
        # One import at a time per organisation, checked against what the one before wrote:
        # two imports of one file at once must not both create its cases.
        Organisation.objects.select_for_update(no_key=True).filter(pk=user.organisation_id).get()
        result.errors = check_recorded(user, cases, errors, look.today)
        if result.errors:
            return result
        created, updated = write(user, cases)
        result.cases_created, result.cases_updated = len(created), len(updated)
        record_event(
            actor,
            AuditAction.CREATE,
            object_type="cases.import",
            detail=f"{result.rows} rows, {len(created)} cases created",
            changes={"cases": sorted(created + updated)},
        )
    return result
