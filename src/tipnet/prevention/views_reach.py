"""The reach page: for a period (and optionally a type, province or organiser), how many people
the activities the user may see reached: unique known participants, attendances and participants
known only as counts, each labelled, never added together into "people reached"; by place,
activity type, topic, sex, age band, role and organiser, each group's unique reach computed on its
own; and the budget those activities spent, per currency.

With ``?organiser=`` it is one organisation's summary (an NGO director's, or the national
committee's look at one NGO): its figures, its spending, its projects and campaigns. The figures
are always over the activities the access module lets the user see: another organisation's
summary holds only what of its work the user may see (for a prevention officer, nothing)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Action, Resource, can, require
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.models import Organisation
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.spreadsheets import csv_response, safe_cell
from tipnet.geo.models import Area, AreaLevel
from tipnet.prevention import queries, queries_campaigns, reach, reach_sql
from tipnet.prevention.codes import AgeBand, ParticipantRole, Sex
from tipnet.prevention.forms import FilterForm
from tipnet.prevention.models import Activity, ActivityType, Topic

BREAKDOWNS = [
    ("province", _("By province")),
    ("district", _("By district")),
    ("commune", _("By commune")),
    ("kind", _("By activity type")),
    ("topic", _("By topic")),
    ("sex", _("By sex")),
    ("age_band", _("By age band")),
    ("role", _("By role")),
    ("organisation", _("By organisation")),
]


CENTS = Decimal("0.01")


class ReachFilterForm(FilterForm):
    """The activity list's filters and the organiser: one of the organisations whose
    activities the user may see (another is not a choice, and its figures are over nothing)."""

    organiser = forms.TypedChoiceField(label=_("Organiser"), required=False, coerce=int,
                                       empty_value=None)  # fmt: skip

    def __init__(self, *args: Any, organisers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone: list[tuple[Any, Any]] = [("", _("All organisations"))]
        self.fields["organiser"].choices = everyone + organisers  # type: ignore[attr-defined]


def _organisers(user: Any, action: Action) -> list[tuple[int, str]]:
    """The organisations that organised activities the user may see, by name (in the user's
    language)."""
    seen = queries.activities(user, queries.Filters(), action)
    found = Organisation.objects.filter(Exists(seen.filter(owner_organisation=OuterRef("pk"))))
    return sorted(((o.pk, str(o)) for o in found), key=lambda choice: choice[1].casefold())


def _filters(
    request: AuthenticatedRequest, action: Action
) -> tuple[ReachFilterForm, queries.Filters, int | None]:
    """The filters asked for and the organiser (``None``: every organiser). Bad input is
    shown on the form and leaves the other filters out, as on the activity list; an organiser
    asked for still applies (one that is not a choice gives nothing to count)."""
    form = ReachFilterForm(request.GET or None, organisers=_organisers(request.user, action))
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, queries.Filters(d["kind"], d["province"], d["start"], d["end"]), d["organiser"]
    asked = request.GET.get("organiser", "").strip()
    return form, queries.Filters(), (int(asked) if asked.isdecimal() else 0) if asked else None


def _activities(
    request: AuthenticatedRequest, action: Action
) -> tuple[ReachFilterForm, QuerySet[Activity], int | None]:
    form, filters, organiser = _filters(request, action)
    qs = queries.activities(request.user, filters, action)
    if organiser is not None:
        qs = qs.filter(owner_organisation_id=organiser)
    return form, qs, organiser


def _labels(groups: dict[str, dict[str, reach.Reach]]) -> dict[str, Any]:
    codes = set(groups["district"]) | set(groups["commune"])
    organisers = [int(pk) for pk in groups.get("organisation", {}) if pk.isdecimal()]
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
        "organisation": {str(o.pk): str(o) for o in Organisation.objects.filter(pk__in=organisers)},
    }


def _tables(qs: QuerySet[Activity], keys: list[str] | None = None) -> list[dict[str, Any]]:
    """The breakdowns (all, or these keys) of these activities' reach, computed by the
    database (reach_sql)."""
    wanted = [key for key, _title in BREAKDOWNS if keys is None or key in keys]
    return _tables_of({key: reach_sql.by(key, qs) for key in wanted})


def _tables_of(
    found: dict[str, dict[str, reach.Reach]], request: AuthenticatedRequest | None = None
) -> list[dict[str, Any]]:
    """Each breakdown's rows: (label, figures, link); an organiser's row links to its summary
    (the same filters, that organiser) on the page, ``link`` "" otherwise."""
    labels = _labels({"district": {}, "commune": {}, **found})
    tables = []
    for key, title in BREAKDOWNS:
        if key not in found:
            continue
        rows = [(labels[key].get(value, value), figures, _summary_link(request, key, value))
                for value, figures in found[key].items()]  # fmt: skip
        if key == "organisation":
            rows.sort(key=lambda row: str(row[0]).casefold())
        tables.append({"key": key, "title": title, "rows": rows})
    return tables


def _summary_link(request: AuthenticatedRequest | None, key: str, value: str) -> str:
    if request is None or key != "organisation":
        return ""
    query = request.GET.copy()
    query.pop("by", None)
    query["organiser"] = value
    return query.urlencode()


def _summary(request: AuthenticatedRequest, organiser: int | None, form: ReachFilterForm) -> Any:
    """One organisation's name and its projects and campaigns the user may see; ``None`` when
    no organiser (or one that is not a choice) was asked for."""
    choices = dict(form.fields["organiser"].choices)  # type: ignore[attr-defined]
    if organiser is None or organiser not in choices:
        return None
    user = request.user
    query = request.GET.copy()
    query.pop("organiser", None)
    return {
        "id": organiser, "name": choices[organiser], "all": query.urlencode(),
        "projects": queries_campaigns.projects(user).filter(owner_organisation_id=organiser)
        .order_by("name"),
        "campaigns": queries_campaigns.campaigns(user).filter(owner_organisation_id=organiser)
        .order_by("-starts_on", "name"),
    }  # fmt: skip


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
    form, qs, organiser = _activities(request, Action.LIST)
    keys = [key for key, _title in BREAKDOWNS]
    by = request.GET.get("by", "")
    by = by if by in keys else "province"
    whole, groups = reach_sql.total_and_by(by, qs)
    spent, unrecorded = queries_campaigns.spending(qs)
    query = request.GET.copy()
    query.pop("by", None)
    return render(request, "prevention/reach.html", {
        "form": form, "total": whole, "tables": _tables_of({by: groups}, request),
        "query": query.urlencode(), "by": by, "breakdowns": _breakdown_links(request, by),
        "may_export": can(request.user, Action.EXPORT, Resource.PREVENTION),
        "spent": sorted(spent.items()), "unrecorded": unrecorded,
        "organisation": _summary(request, organiser, form),
    })  # fmt: skip


@login_required
def reach_export(request: AuthenticatedRequest) -> HttpResponse:
    """The reach page as a spreadsheet (XLSX, or CSV with ``?as=csv``): the same figures for
    the same filters, through the same permission check, audited as every export."""
    require(request, Action.EXPORT, Resource.PREVENTION)
    _form, qs, _organiser = _activities(request, Action.EXPORT)
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
        for label, r, _link in table["rows"]:
            rows.append([str(table["title"]), label, r.unique, r.attendances, r.counted_only,
                         r.activities])  # fmt: skip
    spent, unrecorded = queries_campaigns.spending(qs)
    spending_header = [_("Currency"), _("Budget spent")]
    # Two decimals, as recorded (SQLite's SUM drops the trailing zeros PostgreSQL keeps).
    spending: list[list[Any]] = [[currency, Decimal(amount).quantize(CENTS)]
                                 for currency, amount in sorted(spent.items())]  # fmt: skip
    spending.append([_("Activities without a budget spent recorded"), unrecorded])
    if as_csv:
        # The spending after the reach, as a second table below a blank line.
        return csv_response("tipnet-prevention-reach.csv", header,
                            [*rows, [], spending_header, *spending])  # fmt: skip
    return xlsx_response("tipnet-prevention-reach.xlsx", str(_("Reach")), header, rows,
                         more=[(str(_("Budget spent")), spending_header, spending)])  # fmt: skip


def xlsx_response(
    filename: str, title: str, header: list[Any], rows: list[list[Any]],
    more: Sequence[tuple[str, list[Any], list[list[Any]]]] = (),
) -> Any:  # fmt: skip
    """A workbook of one sheet (``title``: ``header`` and ``rows``), and ``more`` sheets
    (title, header, rows) after it; whole numbers and amounts as numbers, text made safe."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, (name, head, body) in enumerate([(title, header, rows), *more]):
        if number:
            sheet = book.create_sheet()
        sheet.title = name[:31]
        sheet.append([safe_cell(h) for h in head])
        for row in body:
            sheet.append([v if isinstance(v, int | Decimal) else safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
