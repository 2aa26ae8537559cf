"""Checking a whole file and importing it: the entry points the views, commands and jobs use."""

from __future__ import annotations

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
from tipnet.cases.importer.reading import read_table
from tipnet.cases.importer.rows import Lookups, parse_row
from tipnet.cases.importer.writing import write
from tipnet.core.actor import Actor

if TYPE_CHECKING:
    from tipnet.accounts.models import User

# Checking the whole file -------------------------------------------------------------------


def check_table(user: User, table: Table) -> tuple[dict[str, CaseGroup], list[RowError]]:
    """Every row, then the cases and suspects, then the proceedings after what is recorded."""
    errors = list(table.errors)
    look = Lookups.load()
    rows = [parse_row(number, cells, look, errors) for number, cells in table.rows]
    cases = group_rows(rows, errors)
    load_existing(user.organisation_id, cases)  # type: ignore[arg-type]
    check_cases(user, cases, errors)
    failed = {e.row for e in errors}
    for case in cases.values():
        for suspect in case.suspects.values():
            if any(r.number in failed for r in suspect.rows):
                continue  # the rules would only repeat what is wrong with its rows
            error = check_proceedings(suspect, look.today)
            if error is not None:
                errors.append(error)
    errors.sort(key=lambda e: (e.row, COLUMN_ORDER.get(e.column, -1), e.message))
    return cases, errors


def import_spreadsheet(actor: Actor, data: bytes) -> ImportResult:
    """Import an uploaded XLSX or CSV file (see :func:`import_table`)."""
    table = read_table(data)
    if table.errors:
        return ImportResult(rows=len(table.rows), errors=table.errors)
    return import_table(actor, table)


def import_table(actor: Actor, table: Table) -> ImportResult:
    """Check every row; if all are right write them all in one transaction with one audit
    event, else write nothing and return every problem."""
    user: User = actor.user
    result = ImportResult(rows=len(table.rows))
    if not can(user, Action.CREATE, Resource.CASE):
        result.errors.append(RowError(0, "", _("You may not register cases.")))
        return result
    if not user.organisation_id:
        message = _("Your account has no organisation, so it cannot register cases.")
        result.errors.append(RowError(0, "", message))
        return result
    with transaction.atomic():
        # One import at a time per organisation, checked against what the one before wrote:
        # two imports of one file at once must not both create its cases.
        Organisation.objects.select_for_update(no_key=True).filter(pk=user.organisation_id).get()
        cases, result.errors = check_table(user, table)
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
