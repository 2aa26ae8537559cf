"""The reach page: for a period (and optionally a type or province), how many people the
activities the user may see reached: unique known participants, attendances and participants
known only as counts, each labelled, never added together into "people reached"; by province,
activity type, sex, age band and role, each group's unique reach computed on its own."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Action, Resource, can, require
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.spreadsheets import csv_response, safe_cell
from tipnet.geo.models import Area, AreaLevel
from tipnet.prevention import queries, reach, reach_sql
from tipnet.prevention.codes import AgeBand, ParticipantRole, Sex
from tipnet.prevention.models import Activity, ActivityType, Topic
from tipnet.prevention.views import _filters

BREAKDOWNS = [
    ("province", _("By province")),
    ("district", _("By district")),
    ("commune", _("By commune")),
    ("kind", _("By activity type")),
    ("topic", _("By topic")),
    ("sex", _("By sex")),
    ("age_band", _("By age band")),
    ("role", _("By role")),
]


def _labels(groups: dict[str, dict[str, reach.Reach]]) -> dict[str, Any]:
    codes = set(groups["district"]) | set(groups["commune"])
    places = {a.code: a.name for a in Area.objects.filter(code__in=codes - {""})}
    places[""] = str(_("Place given only above this level"))
    return {
        "province": {a.code: a.name for a in Area.objects.filter(level=AreaLevel.PROVINCE)},
        "district": places,
        "commune": places,
        "kind": {t.code: str(t) for t in ActivityType.objects.all()},
        "topic": {"": str(_("No topic recorded"))} | {t.code: str(t) for t in Topic.objects.all()},
        "sex": {k: str(v) for k, v in Sex.choices},
        "age_band": {k: str(v) for k, v in AgeBand.choices},
        "role": {k: str(v) for k, v in ParticipantRole.choices},
    }


def _tables(qs: QuerySet[Activity], keys: list[str] | None = None) -> list[dict[str, Any]]:
    """The breakdowns (all, or these keys) of these activities' reach, computed by the
    database (reach_sql)."""
    wanted = [key for key, _title in BREAKDOWNS if keys is None or key in keys]
    return _tables_of({key: reach_sql.by(key, qs) for key in wanted})


def _tables_of(found: dict[str, dict[str, reach.Reach]]) -> list[dict[str, Any]]:
    labels = _labels({"district": {}, "commune": {}, **found})
    return [
        {"key": key, "title": title,
         "rows": [(labels[key].get(value, value), figures)
                  for value, figures in found[key].items()]}
        for key, title in BREAKDOWNS if key in found
    ]  # fmt: skip


def _breakdown_links(request: AuthenticatedRequest, chosen: str) -> list[dict[str, Any]]:
    links = []
    for key, title in BREAKDOWNS:
        query = request.GET.copy()
        query["by"] = key
        links.append({"key": key, "title": title, "query": query.urlencode(),
                      "current": key == chosen})  # fmt: skip
    return links


@login_required
def reach_view(request: AuthenticatedRequest) -> HttpResponse:
    """The totals and one breakdown (``?by=``, by province unless asked): each breakdown is
    its own set of queries, and a phone shows one table at a time. The export holds them all."""
    require(request, Action.LIST, Resource.PREVENTION)
    form, filters = _filters(request)
    keys = [key for key, _title in BREAKDOWNS]
    by = request.GET.get("by", "")
    by = by if by in keys else "province"
    qs = queries.activities(request.user, filters)
    whole, groups = reach_sql.total_and_by(by, qs)
    query = request.GET.copy()
    query.pop("by", None)
    return render(request, "prevention/reach.html", {
        "form": form, "total": whole, "tables": _tables_of({by: groups}),
        "query": query.urlencode(), "by": by, "breakdowns": _breakdown_links(request, by),
        "may_export": can(request.user, Action.EXPORT, Resource.PREVENTION),
    })  # fmt: skip


@login_required
def reach_export(request: AuthenticatedRequest) -> HttpResponse:
    """The reach page as a spreadsheet (XLSX, or CSV with ``?as=csv``): the same figures for
    the same filters, through the same permission check, audited as every export."""
    require(request, Action.EXPORT, Resource.PREVENTION)
    _form, filters = _filters(request)
    qs = queries.activities(request.user, filters, Action.EXPORT)
    as_csv = request.GET.get("as") == "csv"
    record_event(
        request, AuditAction.EXPORT, object_type="prevention.activity",
        detail=f"reach of {qs.count()} activities, {'CSV' if as_csv else 'XLSX'}",
        changes={"filters": sorted(k for k in request.GET if request.GET[k])},
    )  # fmt: skip
    header = [_("Breakdown"), _("Group"), _("Unique reach"), _("Attendances"),
              _("Counted only"), _("Activities")]  # fmt: skip
    total = reach_sql.total(qs)
    rows: list[list[Any]] = [[_("Total"), "", total.unique, total.attendances,
                              total.counted_only, total.activities]]  # fmt: skip
    for table in _tables(qs):
        for label, r in table["rows"]:
            rows.append([str(table["title"]), label, r.unique, r.attendances, r.counted_only,
                         r.activities])  # fmt: skip
    if as_csv:
        return csv_response("tipnet-prevention-reach.csv", header, rows)
    return xlsx_response("tipnet-prevention-reach.xlsx", str(_("Reach")), header, rows)


def xlsx_response(filename: str, title: str, header: list[Any], rows: list[list[Any]]) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([v if isinstance(v, int) else safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
