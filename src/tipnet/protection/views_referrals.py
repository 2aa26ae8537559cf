"""Referrals and transfers: sending (after the recipient is shown clearly), the lists of both
sides, the referral page (the receiver sees only what consent allows) and the answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tipnet.accounts.access import Action, Resource, can, deny, fetch, require
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.seen import as_seen, referral_seen, seen_children
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.protection import receiving, rules, services
from tipnet.protection.codes import DataCategory, ReferralStatus
from tipnet.protection.forms import AnswerForm, ReferralForm
from tipnet.protection.models import Referral
from tipnet.protection.queries import referrals_for
from tipnet.protection.views import get_case

# The answers as the buttons say them: what pressing one does, not the status it leaves.
ANSWER_BUTTONS = {
    ReferralStatus.ACCEPTED: gettext_lazy("Accept this referral"),
    ReferralStatus.DECLINED: gettext_lazy("Decline this referral"),
    ReferralStatus.COMPLETED: gettext_lazy("Mark the service completed"),
    ReferralStatus.REVOKED: gettext_lazy("Withdraw this referral"),
}


@login_required
def referral_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Step one chooses; step two shows the recipient and the consent check; only the
    confirmed step two sends."""
    case = get_case(request, pk, Action.CHANGE)
    form = ReferralForm(request.POST or None, case=case)
    if request.method != "POST" or not form.is_valid():
        return render(request, "protection/referral_form.html", {"form": form, "case": case})
    data = form.cleaned_data
    consents = list(case.consents.all())
    purpose = rules.purpose_of(data["kind"])
    missing = rules.not_covered(consents, purpose, data["shared"], data["requested_on"])
    may_override = can(request.user, Action.OVERRIDE_CONSENT, Resource.PROTECTION, case)
    error = ""
    if request.POST.get("confirm"):
        try:
            referral = services.send_referral(
                Actor.of(request), case, data, request.POST.get("override_reason", "")
            )
        except rules.Refused as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _("The referral was sent to %(org)s.") % {"org": referral.to_organisation},
            )
            return redirect("protection:referral", rpk=referral.pk)
    return render(
        request,
        "protection/referral_confirm.html",
        {
            "form": form,
            "case": case,
            "data": data,
            "missing": missing,
            "error": error,
            "may_override": may_override,
            "shared_labels": [DataCategory(c).label for c in data["shared"]],
        },
    )


@login_required
def referral_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PROTECTION)
    referrals = list(referrals_for(request.user))
    orgs = {r.pk: rules.side_of(request.user, r) for r in referrals}
    return render(
        request,
        "protection/referrals.html",
        {
            "incoming": [r for r in referrals if orgs[r.pk] == "receiver"],
            "outgoing": [r for r in referrals if orgs[r.pk] == "sender"],
        },
    )


def _referral(request: AuthenticatedRequest, rpk: int) -> Referral:
    """The referral, if the access module lets this user see it (its two parties, and whoever
    may see its protection case): 404 if missing, 403 (audited) if not theirs."""
    related = Referral.objects.select_related(
        "case__person", "case__place", "from_organisation", "to_organisation", "offering__area"
    )
    return fetch(request, Resource.REFERRAL, related, rpk)


@login_required
def referral_detail(request: AuthenticatedRequest, rpk: int) -> HttpResponse:
    referral = _referral(request, rpk)
    view = referral_seen(request.user, referral, timezone.localdate())
    side, shown, case = view["side"], view["shown"], referral.case
    record_event(
        request,
        AuditAction.VIEW,
        target=referral,
        detail=f"{side or 'viewer'}: {'|'.join(sorted(shown)) or 'masked'}",
    )
    answers = [to for to, who in rules.ANSWERS.get(referral.status, {}).items() if who == side]
    parent = view["case"]
    history = view["history"]
    return render(
        request,
        "protection/referral.html",
        {
            **view,
            "answers": [(to, ANSWER_BUTTONS[ReferralStatus(to)]) for to in answers],
            **_work_of(request, referral, view),
            "identifications": seen_children(request.user, case.identifications.all(), parent)
            if history
            else [],
            "assessments": seen_children(request.user, case.assessments.all(), view["health_case"])
            if history or view["health"]
            else [],
            "care_plans": seen_children(request.user, case.care_plans.all(), parent)
            if history
            else [],
            "may_open_case": can(request.user, Action.VIEW, Resource.PROTECTION, case),
        },
    )


def _work_of(request: AuthenticatedRequest, referral: Referral, view: dict) -> dict:
    """The receiver's stays, services and notes on the referral, as this user sees them: the
    receiver always reads what it recorded (also once the referral ended), the sender and
    whoever else sees the referral as they see it (free text only if they identify it)."""
    user = request.user
    identified = view["side"] == "receiver" or view["referral"].identified

    def views(records: Any) -> list[Any]:
        return [as_seen(user, r, identified) for r in records]

    return {
        "stays": views(referral.stays.all()),
        "services_given": views(referral.services_given.all()),
        "notes": views(referral.notes.select_related("organisation")),
        "may_work": receiving.may_work(user, referral),
    }


@login_required
def referral_answer(request: AuthenticatedRequest, rpk: int, to: str) -> HttpResponse:
    referral = _referral(request, rpk)
    if to not in ReferralStatus.values:
        raise Http404
    if not rules.side_of(request.user, referral):
        # Whoever may only see the referral (a committee, an analyst) never answers it.
        deny(request, f"answer referral {to}", referral)
    form = AnswerForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_referral(
                Actor.of(request), referral, to, form.cleaned_data["on"], form.cleaned_data["note"]
            )
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("The referral is now “%(status)s”.") % {"status": ReferralStatus(to).label},
            )
            return redirect("protection:referral", rpk=referral.pk)
    return render(
        request,
        "protection/referral_answer.html",
        {
            "form": form,
            "referral": referral,
            "label": ANSWER_BUTTONS.get(ReferralStatus(to), ReferralStatus(to).label),
            "to": to,
        },
    )
