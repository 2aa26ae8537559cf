"""Printed documents of the prosecution side: the case summary (the court return of a case:
case and court file numbers, each suspect's charges, steps, verdicts and sentences, the
victims) and a court's calendar, as PDF in the user's language.

What a user sees is decided as on the case page and the court calendar page
(:mod:`tipnet.accounts.seen`): the case through ``seen``, its people, charges and steps with
the case's decision (a restricted person only by their owner organisation), so a user who may
only count gets numbers, stages and dates, no names and no free text. Every print is audited
as an export of the case (or of the court's calendar, with the cases on it)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tipnet.accounts.access import Action, Resource, require
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.models import Organisation
from tipnet.accounts.seen import Seen, nested, seen, seen_children
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.cases.hearings import CALENDAR_DAYS, court_calendar
from tipnet.cases.models import Case, Charge, ProceedingStep
from tipnet.cases.views import get_case
from tipnet.core.pdf import pdf_response


def filename(*parts: Any) -> str:
    """A download's name from identifiers (case numbers are letters, digits and dashes)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(str(p) for p in parts)) + ".pdf"


def _suspect(user: Any, link: Seen, view: Seen) -> dict[str, Any]:
    record = link.record
    return {
        "link": link,
        "charges": seen_children(user, record.charges.all(), view),
        "steps": seen_children(user, record.steps.all(), view),
    }


def case_summary(user: Any, case: Case) -> dict[str, Any]:
    """The court return of ``case`` as ``user`` sees it (they may view the case: ask the
    access module first). Entries in force only: a correction's copy and withdrawn entries
    stay on the case page."""
    view = seen(user, Resource.CASE, case)
    links = case.persons.select_related("person", "case").prefetch_related(
        Prefetch("charges", queryset=Charge.objects.select_related("offence")),
        Prefetch(
            "steps",
            queryset=ProceedingStep.objects.select_related(
                "organisation", "charge__offence"
            ).order_by("date", "id"),
        ),
    )
    persons = seen_children(user, links, view)
    return {
        "case": view,
        "identify": view.identified,
        "suspects": [_suspect(user, p, view) for p in persons if p.role == "suspect"],
        "victims": [p for p in persons if p.role == "victim"],
        "others": [p for p in persons if p.role in ("witness", "complainant")],
        "hearings": [
            {"hearing": h, "suspect": h.suspect and nested(user, h.suspect, view.identified)}
            for h in case.hearings.select_related("court", "suspect__person")
        ],
        "printed_at": timezone.now(),
    }


def calendar_rows(user: Any, hearings: Any) -> list[dict[str, Any]]:
    """Each hearing with its case as the user sees it, and its suspect through that view."""
    rows = []
    for hearing in hearings.select_related("suspect__person"):
        case = seen(user, Resource.CASE, hearing.case)
        suspect = hearing.suspect and nested(user, hearing.suspect, case.identified)
        rows.append({"hearing": hearing, "case": case, "suspect": suspect})
    return rows


@login_required
def case_summary_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk)
    context = case_summary(request.user, case)
    response = pdf_response(
        request, "cases/print/case_summary.html", context, filename("case", case.number)
    )
    detail = "identified" if context["identify"] else "masked"
    record_event(request, AuditAction.EXPORT, target=case, detail=f"case summary, PDF, {detail}")
    return response


@login_required
def court_calendar_pdf(request: AuthenticatedRequest, org_id: int) -> HttpResponse:
    require(request, Action.LIST, Resource.CASE)
    court = get_object_or_404(Organisation, pk=org_id, kind="court")
    rows = calendar_rows(request.user, court_calendar(request.user, court))
    context = {"court": court, "rows": rows, "days": CALENDAR_DAYS, "printed_at": timezone.now()}
    response = pdf_response(
        request, "cases/print/court_calendar.html", context, filename("court-calendar", court.pk)
    )
    record_event(
        request,
        AuditAction.EXPORT,
        target=court,
        detail=f"court calendar, PDF, {len(rows)} hearings",
        changes={"cases": sorted({row["hearing"].case_id for row in rows})},
    )
    return response
