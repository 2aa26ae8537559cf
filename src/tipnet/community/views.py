"""Pages of the village migration register: the register of a village by risk, a commune's
villages, a migrant's page, and the forms. Every page asks the access module first
(Resource.MIGRANT); what shows of a record goes through accounts/seen.py (names masked for
the counting roles)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import (
    Action,
    NotAllowed,
    Resource,
    can,
    deny,
    fetch,
    may_identify,
    require,
    require_identify,
    visible,
)
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.seen import seen, seen_all, seen_children
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.community import forms as f
from tipnet.community import rules, services
from tipnet.community.codes import Status
from tipnet.community.models import MigrationRecord, RiskWeight
from tipnet.core.actor import Actor
from tipnet.core.pagination import page_of
from tipnet.core.versioning import Stale, refuse, save_versioned
from tipnet.geo.models import Area, AreaLevel, prefetch_ancestors


def _records() -> Any:
    return MigrationRecord.objects.select_related(
        "person", "place", "destination_country", "owner_organisation"
    )


def _labels() -> dict[str, RiskWeight]:
    return {w.code: w for w in RiskWeight.objects.all()}


def _inside(user: Any, area: Area) -> bool:
    if user.jurisdiction_id is None:
        return True
    path = user.jurisdiction.path
    return area.path == path or area.path.startswith(path + ".")


def _area(request: AuthenticatedRequest, code: str, level: int) -> Area:
    require(request, Action.LIST, Resource.MIGRANT)
    area = get_object_or_404(Area, code=code, level=level)
    if not _inside(request.user, area):
        deny(request, f"list {Resource.MIGRANT} of {area.code}")
    prefetch_ancestors([area])
    return area


def _rows(user: Any, records: list[MigrationRecord]) -> list[dict[str, Any]]:
    """Each record as its viewer sees it, with its flags' labels and days since last reach."""
    labels, today = _labels(), timezone.localdate()
    lost_after = services.lost_contact_days()
    rows = []
    for record, view in zip(records, seen_all(user, Resource.MIGRANT, records), strict=True):
        since = record.last_reached_on or record.departed_on
        days = (today - since).days if since and record.status == Status.AWAY else None
        rows.append({
            "record": view, "person": view.person,
            "flags": [labels[c] for c in record.risk_flags if c in labels],
            "unreached_days": days, "lost": days is not None and days > lost_after,
        })  # fmt: skip
    return rows


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The user's register: their village's, their commune's, else the communes inside their
    jurisdiction that have records (with counts)."""
    require(request, Action.LIST, Resource.MIGRANT)
    area = request.user.jurisdiction
    if area is not None and area.level == AreaLevel.VILLAGE:
        return redirect("community:village", code=area.code)
    if area is not None and area.level == AreaLevel.COMMUNE:
        return redirect("community:commune", code=area.code)
    records = visible(request.user, Resource.MIGRANT, MigrationRecord.objects.all())
    counts = list(
        records.values("place__parent_id")
        .annotate(
            n=Count("id"), away=Count("id", filter=Q(status=Status.AWAY)), top=Max("risk_score")
        )
        .order_by("-top", "place__parent_id")[:200]
    )
    codes = [c["place__parent_id"] for c in counts]
    communes = {a.code: a for a in Area.objects.filter(code__in=codes)}
    prefetch_ancestors(communes.values())
    rows = [{**c, "commune": communes[c["place__parent_id"]]} for c in counts
            if c["place__parent_id"] in communes]  # fmt: skip
    return render(request, "community/home.html", {"rows": rows})


@login_required
def village(request: AuthenticatedRequest, code: str) -> HttpResponse:
    area = _area(request, code, AreaLevel.VILLAGE)
    status = request.GET.get("status", Status.AWAY)
    status = status if status in Status.values else Status.AWAY
    qs = visible(request.user, Resource.MIGRANT, _records().filter(place=area, status=status))
    page = page_of(qs.order_by("-risk_score", "id"), request.GET.get("page"))
    record_event(request, AuditAction.VIEW, object_type="community.register",
                 object_id=area.code, detail="village register")  # fmt: skip
    return render(request, "community/village.html", {
        "area": area, "page": page, "rows": _rows(request.user, list(page.object_list)),
        "status": status, "statuses": Status.choices, "query": f"status={status}",
        "may_record": can(request.user, Action.CREATE, Resource.MIGRANT)
        and may_identify(request.user, Resource.MIGRANT),
    })  # fmt: skip


@login_required
def commune(request: AuthenticatedRequest, code: str) -> HttpResponse:
    area = _area(request, code, AreaLevel.COMMUNE)
    records = visible(request.user, Resource.MIGRANT, MigrationRecord.objects.filter(
        place__parent=area))  # fmt: skip
    lost_cutoff = timezone.localdate() - timedelta(days=services.lost_contact_days())
    counts = {
        c["place_id"]: c
        for c in records.values("place_id").annotate(
            away=Count("id", filter=Q(status=Status.AWAY)),
            returned=Count("id", filter=Q(status=Status.RETURNED)),
            flagged=Count("id", filter=Q(status=Status.AWAY, risk_score__gt=0)),
            lost=Count("id", filter=Q(status=Status.AWAY, risk_flags__contains="|lost_contact|")),
            top=Max("risk_score", filter=Q(status=Status.AWAY)),
        )
    }
    villages = [{"area": v, **counts.get(v.code, {})}
                for v in area.children.order_by("code")]  # fmt: skip
    top = list(visible(request.user, Resource.MIGRANT, _records().filter(
        place__parent=area, status=Status.AWAY)).order_by("-risk_score", "id")[:20])  # fmt: skip
    record_event(request, AuditAction.VIEW, object_type="community.register",
                 object_id=area.code, detail="commune register")  # fmt: skip
    return render(request, "community/commune.html", {
        "area": area, "villages": villages, "rows": _rows(request.user, top),
        "lost_cutoff": lost_cutoff,
    })  # fmt: skip


@login_required
def migrant(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = fetch(request, Resource.MIGRANT, _records(), pk)
    view = seen(request.user, Resource.MIGRANT, record)
    prefetch_ancestors([record.place])
    labels = _labels()
    flags = [(labels[c], labels[c].weight) for c in record.risk_flags if c in labels]
    homecoming = getattr(record, "homecoming", None)
    record_event(request, AuditAction.VIEW, target=record,
                 detail="identified" if view.identified else "masked")  # fmt: skip
    may_change = view.identified and can(request.user, Action.CHANGE, Resource.MIGRANT, record)
    return render(request, "community/migrant.html", {
        "record": view, "person": view.person, "row": _rows(request.user, [record])[0],
        "flags": flags,
        "contacts": seen_children(request.user, record.contacts.all(), view),
        "homecoming": seen_children(request.user, [homecoming], view)[0] if homecoming else None,
        "may_change": may_change and record.status == Status.AWAY,
        "may_edit": may_change,
    })  # fmt: skip


def _form_page(request: AuthenticatedRequest, form: Any, record: Any, **extra: Any) -> HttpResponse:
    title = _("Record a migrant") if record is None else _("Edit the migration record")
    return render(request, "community/migrant_form.html",
                  {"form": form, "record": record, "title": title, **extra})  # fmt: skip


@login_required
def migrant_new(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.MIGRANT)
    if not may_identify(request.user, Resource.MIGRANT):
        deny(request, f"create {Resource.MIGRANT}: identifies nobody")
    initial = {"departed_on": timezone.localdate(), "destination_country": "TH"}
    form = f.MigrantForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.register_migrant(Actor.of(request), form.cleaned_data)
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            refuse(request, form, refused, "place")
        else:
            messages.success(request, _("The migrant was recorded."))
            return redirect("community:migrant", pk=record.pk)
    return _form_page(request, form, None)


@login_required
def migrant_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = fetch(request, Resource.MIGRANT, _records(), pk, Action.CHANGE)
    require_identify(request, Resource.MIGRANT, record)
    form = f.MigrantForm(
        request.POST or None, initial=f.MigrantForm.initial_of(record), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        actor = Actor.of(request)
        try:
            result = save_versioned(
                request, form,
                lambda v: services.update_migrant(actor, record, form.cleaned_data, v),
                _("Someone else saved this record while you were editing it. Your changes were "
                  "not saved: the form shows their version, with your entries beside it."),
                place_field="place",
            )  # fmt: skip
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        else:
            if isinstance(result, Stale):
                current = _records().get(pk=record.pk)
                fresh = f.MigrantForm(initial=f.MigrantForm.initial_of(current), user=request.user)
                return _form_page(request, fresh, current, yours=result.yours)
            if result:
                messages.success(request, _("The migration record was saved."))
                return redirect("community:migrant", pk=record.pk)
    return _form_page(request, form, record)


def _entry_page(
    request: AuthenticatedRequest, pk: int, form_class: Any, save: Any, title: str, done: str
) -> HttpResponse:
    record = fetch(request, Resource.MIGRANT, _records(), pk, Action.CHANGE)
    require_identify(request, Resource.MIGRANT, record)
    if record.status != Status.AWAY:
        raise Http404  # came back: no contacts or second return to record
    form = form_class(
        request.POST or None,
        initial={"contacted_on": timezone.localdate(), "returned_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            save(Actor.of(request), record, form.cleaned_data)
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            refuse(request, form, refused)
        else:
            messages.success(request, done)
            return redirect("community:migrant", pk=record.pk)
    return render(request, "community/entry_form.html", {
        "form": form, "record": record, "person": seen(request.user, Resource.MIGRANT,
                                                       record).person, "title": title,
    })  # fmt: skip


@login_required
def contact_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _entry_page(request, pk, f.ContactForm, services.add_contact,
                       _("Record a contact"), _("The contact was recorded."))  # fmt: skip


@login_required
def return_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _entry_page(request, pk, f.ReturnForm, services.record_return,
                       _("Record the return"), _("The return was recorded."))  # fmt: skip
