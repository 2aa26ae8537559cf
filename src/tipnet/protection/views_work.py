"""The receiving organisation's work on a referred case: record a stay (and its discharge),
a service given, a note to the sender. Only the receiver's protection workers while the
referral is accepted (:func:`tipnet.protection.receiving.may_work`); everyone else gets 403
(audited), a referral they may not see 404 or 403 as its page does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import NotAllowed, deny
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.core.actor import Actor
from tipnet.core.versioning import Stale, refuse, save_versioned
from tipnet.protection import forms_work as fw
from tipnet.protection import receiving, services_work
from tipnet.protection.models import Referral
from tipnet.protection.models_work import Stay
from tipnet.protection.rules import Refused
from tipnet.protection.views_referrals import _referral


def _worked(request: AuthenticatedRequest, rpk: int) -> Referral:
    referral = _referral(request, rpk)
    if not receiving.may_work(request.user, referral):
        deny(request, "work on referral", referral)
    return referral


def _form_page(
    request: AuthenticatedRequest,
    referral: Referral,
    form: Any,
    title: str,
    submit: str,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        "protection/referral_work_form.html",
        {"form": form, "referral": referral, "title": title, "submit": submit, **extra},
    )


def _work(
    request: AuthenticatedRequest,
    referral: Referral,
    form_class: type[Any],
    save: Callable[[Actor, Referral, dict[str, Any]], Any],
    title: str,
    submit: str,
    done: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(Actor.of(request), referral, form.cleaned_data)
        except Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            refuse(request, form, refused)
        else:
            messages.success(request, done)
            return redirect("protection:referral", rpk=referral.pk)
    return _form_page(request, referral, form, title, submit)


@login_required
def stay_add(request: AuthenticatedRequest, rpk: int) -> HttpResponse:
    return _work(
        request, _worked(request, rpk), fw.StayForm, services_work.add_stay,
        _("Record a stay"), _("Record the stay"), _("The stay was recorded."),
        initial={"admitted_on": timezone.localdate()},
    )  # fmt: skip


@login_required
def service_add(request: AuthenticatedRequest, rpk: int) -> HttpResponse:
    return _work(
        request, _worked(request, rpk), fw.ServiceGivenForm, services_work.add_service,
        _("Record a service given"), _("Record the service"),
        _("The service was recorded."), initial={"given_on": timezone.localdate()},
    )  # fmt: skip


@login_required
def note_add(request: AuthenticatedRequest, rpk: int) -> HttpResponse:
    def save(actor: Actor, referral: Referral, data: dict[str, Any]) -> Any:
        return services_work.add_note(actor, referral, data["text"])

    referral = _worked(request, rpk)
    org = referral.from_organisation
    return _work(
        request, referral, fw.NoteForm, save,
        _("Write a note to %(org)s") % {"org": org}, _("Send the note"),
        _("The note was sent to %(org)s.") % {"org": org},
    )  # fmt: skip


@login_required
def stay_edit(request: AuthenticatedRequest, rpk: int, stay_pk: int) -> HttpResponse:
    """Record the discharge, or correct the stay; a stale edit shows both versions."""
    referral = _worked(request, rpk)
    stay = Stay.objects.filter(pk=stay_pk, referral=referral).first()
    if stay is None:
        raise Http404
    initial = {name: getattr(stay, name) for name in Stay.FIELDS} | {"version": stay.version}
    form = fw.StayForm(request.POST or None, initial=initial)
    title, submit = _("Record the discharge or correct the stay"), _("Save the stay")
    if request.method == "POST" and form.is_valid():
        try:
            result = save_versioned(
                request,
                form,
                lambda v: services_work.update_stay(Actor.of(request), stay, form.cleaned_data, v),
                _(
                    "Someone else saved this stay while you were editing it. Your changes were "
                    "not saved: the form shows their version, with your entries beside it."
                ),
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            if isinstance(result, Stale):
                current = result.current
                fresh = {name: getattr(current, name) for name in Stay.FIELDS}
                fresh["version"] = current.version
                return _form_page(request, referral, fw.StayForm(initial=fresh), title, submit,
                                  yours=result.yours)  # fmt: skip
            if result:
                messages.success(request, _("The stay was saved."))
                return redirect("protection:referral", rpk=referral.pk)
    return _form_page(request, referral, form, title, submit)
