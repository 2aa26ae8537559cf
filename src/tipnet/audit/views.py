from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipnet.accounts.access import Action, Resource, may_identify, require
from tipnet.audit.labels import change_rows, record_label
from tipnet.audit.models import AuditAction, AuditEvent
from tipnet.audit.services import record_event, unseal
from tipnet.core.pagination import page_of
from tipnet.core.spreadsheets import csv_response

SECURITY_ACTIONS = [AuditAction.LOGIN_FAILED, AuditAction.LOCKED_OUT, AuditAction.PERMISSION_DENIED]


class AuditSearchForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("Any action")), *AuditAction.choices],
    )
    object_type = forms.CharField(label=gettext_lazy("Record type"), required=False, max_length=64)
    object_id = forms.CharField(label=gettext_lazy("Record number"), required=False, max_length=64)
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    security = forms.BooleanField(label=gettext_lazy("Security events only"), required=False)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(gettext_lazy("The start date is after the end date."))
        return data


def _search(form: AuditSearchForm):  # type: ignore[no-untyped-def]
    qs = AuditEvent.objects.all()
    if not form.is_valid():
        return qs.none()
    data = form.cleaned_data
    if data["username"]:
        qs = qs.filter(actor_username__iexact=data["username"])
    if data["action"]:
        qs = qs.filter(action=data["action"])
    if data["object_type"]:
        qs = qs.filter(object_type=data["object_type"])
    if data["object_id"]:
        qs = qs.filter(object_id=data["object_id"])
    tz = timezone.get_current_timezone()
    if data["date_from"]:
        qs = qs.filter(timestamp__gte=datetime.combine(data["date_from"], time.min, tzinfo=tz))
    if data["date_to"]:
        qs = qs.filter(timestamp__lte=datetime.combine(data["date_to"], time.max, tzinfo=tz))
    if data["security"]:
        qs = qs.filter(action__in=SECURITY_ACTIONS)
    return qs.order_by("-id")


# The records whose trail holds identifying values, and the resource that decides who sees them.
SEALED_RECORDS = {
    "people.person": Resource.PERSON,
    "cases.case": Resource.CASE,
    "protection.protectioncase": Resource.PROTECTION,
}


def shown_changes(user: Any, event: AuditEvent) -> dict[str, Any]:
    """The changes of ``event`` as ``user`` may see them: an identifying field's values only
    to whoever may identify the record (sealed ones decrypted), else only that it changed.
    Events written before values were sealed are shown the same way."""
    changes = dict(event.changes or {})
    resource = SEALED_RECORDS.get(event.object_type)
    if resource is None or not changes:
        # Sealed free text of other records (an action plan's priorities): only that it changed.
        return {
            k: {"changed": True} if isinstance(v, dict) and "sealed" in v else v
            for k, v in changes.items()
        }
    model = apps.get_model(event.object_type)
    sealed_fields = set(getattr(model, "AUDIT_SEALED_FIELDS", ()))
    identifying = {
        k
        for k, v in changes.items()
        if k in sealed_fields or (isinstance(v, dict) and "sealed" in v)
    }
    record = None
    if identifying and may_identify(user, resource):
        record = (
            model.objects.filter(pk=event.object_id).first() if event.object_id.isdigit() else None
        )
    identified = record is not None and may_identify(user, resource, record)
    for name in identifying:
        change = changes[name]
        if identified and isinstance(change, dict) and "sealed" in change:
            changes[name] = unseal(change)
        elif not identified:
            changes[name] = {"changed": True}
    return changes


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.AUDIT)
    form = AuditSearchForm(request.GET or None)
    qs = _search(form) if request.GET else AuditEvent.objects.order_by("-id")
    page = page_of(qs, request.GET.get("page"))
    for event in page:
        event.shown = shown_changes(request.user, event)
        event.rows = change_rows(event.object_type, event.shown)
        event.record = record_label(event.object_type, event.object_id)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
def event_export(request: HttpRequest) -> HttpResponse:
    require(request, Action.EXPORT, Resource.AUDIT)
    form = AuditSearchForm(request.GET or None)
    events = list((_search(form) if request.GET else AuditEvent.objects.order_by("-id"))[:100000])
    record_event(
        request, AuditAction.EXPORT, object_type="audit.auditevent", detail=f"{len(events)} events"
    )
    header = [
        _("Sequence"),
        _("Time"),
        _("Username"),
        _("Action"),
        _("Record type"),
        _("Record number"),
        _("Detail"),
        _("Changes"),
        _("Address"),
    ]
    rows = (
        [
            e.reference,
            timezone.localtime(e.timestamp).isoformat(),
            e.actor_username,
            e.get_action_display(),
            e.object_type,
            e.object_id,
            e.detail,
            json.dumps(shown_changes(request.user, e), ensure_ascii=False, sort_keys=True),
            e.ip_address or "",
        ]
        for e in events
    )
    return csv_response("tipnet-audit.csv", header, rows)
