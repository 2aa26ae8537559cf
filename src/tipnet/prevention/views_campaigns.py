"""Pages of projects and campaigns, which are the reports NGOs give their donors: the list,
creating and editing one (version-checked), its page with its targets and the progress of its
activities against them (in its period, per province), its activities and the budget spent;
its export (XLSX, or CSV with ``?as=csv``) through the export permission, audited; deleting
one (asked first, version-checked, refused while activities belong to it). Projects and
campaigns share the pages; a campaign of the whole country is open to every user who may list
prevention work (queries_campaigns.campaigns)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipnet.accounts.access import Action, NotAllowed, Resource, can, fetch, require
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.spreadsheets import csv_response
from tipnet.core.versioning import Stale, StaleEdit, refuse, save_versioned
from tipnet.geo.models import Area, AreaLevel, prefetch_ancestors
from tipnet.prevention import queries_campaigns as q
from tipnet.prevention import services_campaigns as services
from tipnet.prevention.codes import AgeBand, Sex
from tipnet.prevention.forms_campaigns import CampaignForm, DeleteForm, ProjectForm, TargetForm
from tipnet.prevention.models_campaigns import Project, Target, TargetMeasure
from tipnet.prevention.rules import Refused
from tipnet.prevention.views_reach import xlsx_response


@dataclass(frozen=True)
class Kind:
    key: str  # "project", "campaign": URL names prevention:<key>, <key>_edit, ...
    form: Any
    create: Any
    update: Any
    new_title: Any
    edit_title: Any
    saved: Any
    delete: Any
    deleted: Any
    changed: Any  # a deletion refused: the record changed since the page was opened

    def get(self, request: AuthenticatedRequest, pk: int, action: Action = Action.VIEW) -> Any:
        if self.key == "project":
            projects = Project.objects.select_related("owner_organisation", "place")
            return fetch(request, Resource.PREVENTION, projects, pk, action)
        return q.fetch_campaign(request, pk, action)


PROJECT = Kind("project", ProjectForm, services.create_project, services.update_project,
               gettext_lazy("New project"), gettext_lazy("Edit the project"),
               gettext_lazy("The project was saved."), services.delete_project,
               gettext_lazy("The project was deleted."),
               gettext_lazy("Someone else changed this project after you opened the page to "
                            "delete it, so it was not deleted. Here it is as it is now: delete "
                            "it again if it should still go."))  # fmt: skip
CAMPAIGN = Kind("campaign", CampaignForm, services.create_campaign, services.update_campaign,
                gettext_lazy("New campaign"), gettext_lazy("Edit the campaign"),
                gettext_lazy("The campaign was saved."), services.delete_campaign,
                gettext_lazy("The campaign was deleted."),
                gettext_lazy("Someone else changed this campaign after you opened the page to "
                             "delete it, so it was not deleted. Here it is as it is now: delete "
                             "it again if it should still go."))  # fmt: skip


def _form_page(request: AuthenticatedRequest, kind: Kind, form: Any, record: Any,
               **extra: Any) -> HttpResponse:  # fmt: skip
    title = kind.new_title if record is None else kind.edit_title
    context = {"form": form, "record": record, "kind": kind.key, "title": title, **extra}
    return render(request, "prevention/project_form.html", context)


@login_required
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PREVENTION)
    rows = list(q.projects(request.user).order_by("name", "id")[:500])
    return render(request, "prevention/project_list.html", {
        "rows": rows, "may_create": can(request.user, Action.CREATE, Resource.PREVENTION),
    })  # fmt: skip


@login_required
def campaign_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PREVENTION)
    rows = list(q.campaigns(request.user).order_by("-starts_on", "id")[:500])
    return render(request, "prevention/campaign_list.html", {
        "rows": rows, "may_create": can(request.user, Action.CREATE, Resource.PREVENTION),
    })  # fmt: skip


def _create(request: AuthenticatedRequest, kind: Kind) -> HttpResponse:
    require(request, Action.CREATE, Resource.PREVENTION)
    form = kind.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = kind.create(Actor.of(request), form.cleaned_data)
        except Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            refuse(request, form, refused, "place")
        else:
            messages.success(request, kind.saved)
            return redirect(f"prevention:{kind.key}", pk=record.pk)
    return _form_page(request, kind, form, None)


def _edit(request: AuthenticatedRequest, kind: Kind, pk: int) -> HttpResponse:
    record = kind.get(request, pk, Action.CHANGE)
    form = kind.form(request.POST or None, initial=kind.form.initial_of(record))
    if request.method == "POST" and form.is_valid():
        actor = Actor.of(request)
        try:
            result = save_versioned(
                request, form, lambda v: kind.update(actor, record, form.cleaned_data, v),
                _("Someone else saved this while you were editing it. Your changes were not "
                  "saved: the form shows their version, with your entries beside it."),
                place_field="place",
            )  # fmt: skip
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            if isinstance(result, Stale):
                fresh = kind.form(initial=kind.form.initial_of(result.current))
                return _form_page(request, kind, fresh, result.current, yours=result.yours)
            if result:
                messages.success(request, kind.saved)
                return redirect(f"prevention:{kind.key}", pk=record.pk)
    return _form_page(request, kind, form, record)


def _province_names() -> dict[str, str]:
    return {a.code: a.name for a in Area.objects.filter(level=AreaLevel.PROVINCE)}


def _page(request: AuthenticatedRequest, kind: Kind, pk: int) -> HttpResponse:
    record = kind.get(request, pk)
    may_change = can(request.user, Action.CHANGE, Resource.PREVENTION, record)
    form = TargetForm(request.POST or None)
    if request.method == "POST":
        require(request, Action.CHANGE, Resource.PREVENTION, record)
        if form.is_valid():
            try:
                services.add_target(Actor.of(request), record, form.cleaned_data)
            except Refused as refused:
                form.add_error(None, refused.message)
            except NotAllowed as refused:
                refuse(request, form, refused)
            else:
                messages.success(request, _("The target was added."))
                return redirect(f"prevention:{kind.key}", pk=record.pk)
    report = q.report(request.user, record)
    prefetch_ancestors(a.place for a in report.activities)
    names = _province_names()
    spent = sorted(report.spent.items())
    return render(request, f"prevention/{kind.key}_page.html", {
        "record": record, "kind": kind.key, "report": report, "form": form,
        "may_change": may_change, "spent": spent,
        "may_record": can(request.user, Action.CREATE, Resource.PREVENTION),
        "targets": [(t, p, _target_label(t, names)) for t, p in report.targets],
        "provinces": [(names.get(p.province, p.province), p) for p in report.provinces],
        "remaining": q.remaining(record, report.spent) if kind.key == "project" else None,
        "may_export": can(request.user, Action.EXPORT, Resource.PREVENTION),
    })  # fmt: skip


def _target_remove(request: AuthenticatedRequest, kind: Kind, pk: int, target_pk: int) -> Any:
    """Asks first (GET), removes the target (POST)."""
    record = kind.get(request, pk, Action.CHANGE)
    target = Target.objects.filter(pk=target_pk, **{kind.key: record}).first()
    if target is None:
        raise Http404
    if request.method != "POST":
        return render(request, "prevention/project_target_remove.html", {
            "record": record, "kind": kind.key, "target": target,
            "label": _target_label(target, _province_names()),
        })  # fmt: skip
    services.remove_target(Actor.of(request), target)
    messages.success(request, _("The target was removed."))
    return redirect(f"prevention:{kind.key}", pk=record.pk)


def _delete(request: AuthenticatedRequest, kind: Kind, pk: int) -> HttpResponse:
    """Asks first (GET: what goes with it, or why it cannot go yet), deletes (POST) the version
    that was shown; whoever may change the record may delete it."""
    record = kind.get(request, pk, Action.CHANGE)
    sent = request.POST if request.method == "POST" else None
    form = DeleteForm(sent, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            if version is None:  # a tampered or truncated form
                raise Refused(_("The form is incomplete. Open the record again and redo the "
                                "change."))  # fmt: skip
            kind.delete(Actor.of(request), record, version)
        except Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            refuse(request, form, refused)
        except StaleEdit:
            messages.error(request, kind.changed)
            return redirect(f"prevention:{kind.key}", pk=record.pk)
        else:
            messages.success(request, kind.deleted)
            return redirect(f"prevention:{kind.key}s")
    total, unseen = services.activities_in(request.user, record)
    blocked = ""
    try:
        services.check_deletable(kind.key == "project", total, unseen)
    except Refused as refused:
        blocked = refused.message
    listed = q.activities_of(request.user, record, Action.VIEW).select_related("kind", "place")
    return render(request, "prevention/project_delete.html", {
        "record": record, "kind": kind.key, "form": form, "blocked": blocked,
        "targets": record.targets.count(),
        "activities": list(listed.order_by("-held_on", "-id")[:50]) if total else [],
    })  # fmt: skip


def _target_label(target: Target, provinces: dict[str, str]) -> str:
    where = provinces.get(target.province_id or "", "") or _("The whole")
    who = [str(dict(Sex.choices).get(target.sex, "")), str(dict(AgeBand.choices).get(
        target.age_band, ""))]  # fmt: skip
    parts = [where, str(TargetMeasure(target.measure).label), *[w for w in who if w]]
    return " · ".join(parts)


def _export(request: AuthenticatedRequest, kind: Kind, pk: int) -> HttpResponse:
    """The page's figures as a spreadsheet: targets and progress, reach by province, the
    activities (no participant names) and the spending; the same permission check as every
    export (EXPORT on prevention work), audited as an export."""
    record = kind.get(request, pk, Action.EXPORT)
    report = q.report(request.user, record, Action.EXPORT, listed=None)
    as_csv = request.GET.get("as") == "csv"
    record_event(
        request, AuditAction.EXPORT, target=record,
        detail=f"{kind.key} report, {report.sessions} activities, "
               f"{'CSV' if as_csv else 'XLSX'}",
    )  # fmt: skip
    names = _province_names()
    header = [_("Section"), _("Province"), _("Measure"), _("Target"), _("Achieved"),
              _("Percent"), _("Unique known participants"), _("Counted only")]  # fmt: skip
    rows: list[list[Any]] = []
    for target, p in report.targets:
        label = _target_label(target, names).split(" · ", 1)
        rows.append([_("Target"), label[0], label[1], target.number, p.achieved,
                     "" if p.percent is None else p.percent, p.unique, p.counted_only])  # fmt: skip
    for pr in report.provinces:
        rows.append([_("Reach by province"), names.get(pr.province, pr.province), _("Sessions"),
                     "", pr.sessions, "", pr.unique, pr.counted_only])  # fmt: skip
    rows.append([_("Total"), "", _("Sessions"), "", report.sessions, "", report.total.unique,
                 report.total.counted_only])  # fmt: skip
    for currency, amount in sorted(report.spent.items()):
        rows.append([_("Budget spent"), currency, "", "", str(amount), "", "", ""])
    rows.append([])
    rows.append([_("Activities"), _("Date"), _("Activity type"), _("Place"), _("Organiser"),
                 _("Counted participants"), _("Budget spent"), _("Currency")])  # fmt: skip
    prefetch_ancestors(a.place for a in report.activities)
    for a in report.activities:
        spent = "" if a.budget_spent is None else str(a.budget_spent)
        rows.append([_("Activity"), a.held_on.isoformat(), str(a.kind), a.place.full_name(),
                     str(a.owner_organisation), a.counted_total, spent,
                     a.budget_currency if spent else ""])  # fmt: skip
    name = f"tipnet-{kind.key}-{record.pk}"
    if as_csv:
        return csv_response(f"{name}.csv", header, rows)
    return xlsx_response(f"{name}.xlsx", str(record.name), header, rows)


@login_required
def project_create(request: AuthenticatedRequest) -> HttpResponse:
    return _create(request, PROJECT)


@login_required
def project_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _edit(request, PROJECT, pk)


@login_required
def project_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, PROJECT, pk)


@login_required
def project_target_remove(request: AuthenticatedRequest, pk: int, target_pk: int) -> Any:
    return _target_remove(request, PROJECT, pk, target_pk)


@login_required
def project_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _delete(request, PROJECT, pk)


@login_required
def project_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _export(request, PROJECT, pk)


@login_required
def campaign_create(request: AuthenticatedRequest) -> HttpResponse:
    return _create(request, CAMPAIGN)


@login_required
def campaign_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _edit(request, CAMPAIGN, pk)


@login_required
def campaign_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, CAMPAIGN, pk)


@login_required
def campaign_target_remove(request: AuthenticatedRequest, pk: int, target_pk: int) -> Any:
    return _target_remove(request, CAMPAIGN, pk, target_pk)


@login_required
def campaign_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _delete(request, CAMPAIGN, pk)


@login_required
def campaign_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _export(request, CAMPAIGN, pk)
