"""Caseload pages: an organisation's open work by worker, one worker's open work, and handing
it on (:mod:`tipnet.accounts.caseload`, :mod:`tipnet.accounts.reassign`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tipnet.accounts import caseload as cl
from tipnet.accounts.access import NotAllowed, deny
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.models import User
from tipnet.accounts.reassign import Pick, Refused, reassign
from tipnet.accounts.seen import seen_all
from tipnet.core.actor import Actor
from tipnet.core.numbers import number
from tipnet.core.versioning import refuse

# A worker's page lists at most this many open records of each kind (the form hands on those).
SHOWN = 500


@dataclass(frozen=True)
class Section:
    """One kind of a worker's open work on their page: each record's view, and whether the
    viewer may hand it on."""

    kind: cl.Kind
    rows: list[tuple[Any, bool]]
    more: bool

    @property
    def pickable(self) -> bool:
        return any(p for _row, p in self.rows)


class ReassignForm(forms.Form):
    target = forms.CharField(label=_("Hand the chosen cases to"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: on leave until the end of the month; left the unit."),
    )

    def __init__(self, *args: Any, workers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a worker"))] + [(str(w.pk), w.display_name) for w in workers]
        self.fields["target"].widget = forms.Select(choices=choices)

    def clean_target(self) -> User | None:
        value = (self.cleaned_data.get("target") or "").strip()
        return User.objects.filter(pk=int(value)).first() if value.isdigit() else None


@login_required
def caseload_page(request: AuthenticatedRequest) -> HttpResponse:
    """The open work of the user's organisation, by worker (supervisors only)."""
    if not cl.may_supervise(request.user):
        deny(request, "list caseload")
    load = cl.caseload(request.user)

    def cells(row: cl.Row) -> list[tuple[cl.Kind, int, list[tuple[str, str, int]]]]:
        return [(k, row.tally(k.key).total, row.stages(k)) for k in load.kinds]

    return render(
        request,
        "accounts/caseload.html",
        {
            "load": load,
            "organisation": request.user.organisation,
            "workers": [(row, cells(row)) for row in load.workers],
            "unassigned": cells(load.unassigned),
            "left": [(row, cells(row)) for row in load.left],
        },
    )


@login_required
def caseload_worker(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    return _worker_page(request, get_object_or_404(User, pk=user_id))


@login_required
def caseload_unassigned(request: AuthenticatedRequest) -> HttpResponse:
    return _worker_page(request, None)


def _worker_page(request: AuthenticatedRequest, worker: User | None) -> HttpResponse:
    viewer = request.user
    kinds = cl.worker_kinds(viewer, worker)
    if not kinds:
        deny(request, "view caseload", worker)
    supervised = {k.key for k in cl.supervised_kinds(viewer)}
    if request.method == "POST" and not supervised & {k.key for k in kinds}:
        deny(request, "reassign", worker)
    organisation_id = viewer.organisation_id
    sections = []
    for kind in kinds:
        records = list(cl.worker_work(viewer, worker, kind)[: SHOWN + 1])
        rows = seen_all(viewer, kind.resource, records[:SHOWN])
        pickable = kind.key in supervised
        rows_picked = [(r, pickable and r.owner_organisation_id == organisation_id) for r in rows]
        if not rows and worker is not None and not worker.role_codes() & kind.holder_roles():
            continue  # an empty list of work their role never holds says nothing
        sections.append(Section(kind, rows_picked, len(records) > SHOWN))
    picked_kinds = [s.kind for s in sections if s.pickable]
    workers = []
    if picked_kinds and organisation_id is not None:
        workers = [
            w
            for w in cl.eligible_workers(organisation_id, [])
            if w != worker and any(w.role_codes() & k.holder_roles() for k in picked_kinds)
        ]
    form = ReassignForm(request.POST or None, workers=workers)
    if request.method == "POST" and form.is_valid():
        picks = [p for p in (Pick.parse(v) for v in request.POST.getlist("pick")) if p]
        try:
            moved = reassign(
                Actor.of(request),
                worker,
                form.cleaned_data["target"],
                picks,
                form.cleaned_data["reason"],
            )
        except Refused as refused:
            form.add_error(refused.field, refused.message)
        except NotAllowed as refused:
            refuse(request, form, refused)
        else:
            target = form.cleaned_data["target"]
            messages.success(
                request,
                ngettext(
                    "%(n)s case was handed on to %(name)s.",
                    "%(n)s cases were handed on to %(name)s.",
                    moved,
                )
                % {"n": number(moved), "name": target.display_name},
            )
            return redirect("caseload")
    return render(
        request,
        "accounts/caseload_worker.html",
        {
            "worker": worker,
            "left": worker is not None
            and organisation_id is not None
            and cl.has_left(worker, organisation_id),
            "own": worker is not None and worker.pk == viewer.pk,
            "sections": sections,
            "form": form,
            "may_hand_on": bool(picked_kinds),
            "supervisor": bool(supervised),
        },
    )
