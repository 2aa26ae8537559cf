"""Hand-offs between a criminal case and victim protection: referring a child from the case
page, the referrals' lists and pages, and requests to link a case by its number. Thin: access
first, then a form, then a service (:mod:`tipnet.cases.handoff_services`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tipnet.accounts.access import (
    Action,
    NotAllowed,
    Resource,
    can,
    deny,
    fetch,
    may_identify,
)
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.seen import nested, seen
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.cases import handoff_services as services
from tipnet.cases.forms_handoffs import LinkRequestForm, ReferChildForm
from tipnet.cases.handoff_rules import RefusedHandoff, side_of_link
from tipnet.cases.handoffs import CaseReferral, LinkRequest
from tipnet.cases.views import get_case
from tipnet.core.actor import Actor
from tipnet.protection.rules import Refused


def _receivers(case: object, sender_id: int | None) -> list[tuple[object, str]]:
    """The directory's organisations for the case, each with the services it offers."""
    rows = []
    for org in services.directory_for(case, sender_id).prefetch_related("services"):  # type: ignore[arg-type]
        offered = sorted({str(s.get_service_display()) for s in org.services.all() if s.is_active})
        rows.append((org, f"{org} · {', '.join(offered)}"))
    return rows


@login_required
def refer_child(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = get_case(request, pk, Action.CHANGE)
    view = seen(request.user, Resource.CASE, case)
    children = services.child_victims(case)
    names = [
        (link.pk, nested(request.user, link.person, view.identified).name) for link in children
    ]
    receivers = _receivers(case, request.user.organisation_id)
    form = ReferChildForm(request.POST or None, children=names, receivers=receivers)
    if request.method == "POST" and children and form.is_valid():
        data = form.cleaned_data
        victim = next(link for link in children if link.pk == data["victim"])
        to = next(org for org, _label in receivers if org.pk == data["to_organisation"])  # type: ignore[attr-defined]
        try:
            referral = services.refer_child(
                Actor.of(request), case, victim, to, data["reason"], data["referred_on"]
            )
        except (RefusedHandoff, NotAllowed) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("The child was referred to %(org)s: it opened protection case %(ref)s and "
                  "sees only your reason until it records the guardian's consent.")
                % {"org": to, "ref": referral.protection_case.reference},
            )  # fmt: skip
            return redirect("cases:child_referral", ref_pk=referral.pk)
    return render(
        request,
        "cases/refer_child.html",
        {"case": view, "form": form, "children": children, "receivers": receivers},
    )


@login_required
def child_referral_list(request: AuthenticatedRequest) -> HttpResponse:
    if not (
        can(request.user, Action.LIST, Resource.CASE)
        or can(request.user, Action.LIST, Resource.PROTECTION)
    ):
        deny(request, "list child referrals")
    rows = services.referrals_for(request.user)
    return render(
        request,
        "cases/child_referrals.html",
        {
            "received": [(r, services.status_of(r)) for r, side in rows if side == "receiver"],
            "sent": [(r, services.status_of(r)) for r, side in rows if side == "sender"],
        },
    )


@login_required
def child_referral(request: AuthenticatedRequest, ref_pk: int) -> HttpResponse:
    referral = (
        CaseReferral.objects.select_related(
            "case__place", "protection_case__place", "protection_case__person", "person",
            "from_organisation", "to_organisation", "referred_by", "victim",
        )
        .filter(pk=ref_pk)
        .first()
    )  # fmt: skip
    if referral is None:
        from django.http import Http404

        raise Http404
    side = services.referral_side(request.user, referral)
    if not side:
        deny(request, "view child referral", referral)
    status = services.status_of(referral)
    pc = referral.protection_case
    if side == "receiver":
        # The child as the protection case shows them: by number until the guardian's consent.
        child = nested(
            request.user, referral.person, may_identify(request.user, Resource.PROTECTION, pc)
        )
    else:
        child = nested(request.user, referral.person, True)
    record_event(
        request,
        AuditAction.VIEW,
        target=referral,
        detail=f"{side}: {'identified' if child.identified else 'reason only'}",
    )
    return render(
        request,
        "cases/child_referral.html",
        {
            "referral": referral,
            "side": side,
            "status": status,
            "child": child,
            "may_consent": side == "receiver"
            and status == services.ReferralStatus.AWAITING_CONSENT
            and can(request.user, Action.CHANGE, Resource.PROTECTION, pc),
        },
    )


# --- Link requests -------------------------------------------------------------------------


@login_required
def link_request_new(request: AuthenticatedRequest, pc_pk: int) -> HttpResponse:
    from tipnet.protection.views import get_case as get_protection_case

    protection_case = get_protection_case(request, pc_pk, Action.CHANGE)
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_link(
                Actor.of(request), protection_case, form.cleaned_data["number"],
                form.cleaned_data["note"],
            )  # fmt: skip
        except (RefusedHandoff, NotAllowed) as refused:
            form.add_error(None, refused.message)
        else:
            # The same words whether or not a case has this number.
            messages.success(
                request,
                _("Your request was sent. If a case has this number, its organisation will "
                  "answer it; the answer shows under “Requests to link a case”."),
            )  # fmt: skip
            return redirect("cases:link_requests")
    return render(
        request, "cases/link_request_form.html", {"form": form, "protection_case": protection_case}
    )


@login_required
def link_request_list(request: AuthenticatedRequest) -> HttpResponse:
    if not (
        can(request.user, Action.CHANGE, Resource.CASE)
        or can(request.user, Action.CHANGE, Resource.PROTECTION)
    ):
        deny(request, "list link requests")
    incoming, outgoing = services.link_requests_for(request.user)
    return render(request, "cases/link_requests.html", {"incoming": incoming, "outgoing": outgoing})


@login_required
def link_request_answer(request: AuthenticatedRequest, lr_pk: int) -> HttpResponse:
    link = fetch_link(request, lr_pk)
    if request.method == "POST":
        accept = request.POST.get("decision") == "accept"
        try:
            services.answer_link(Actor.of(request), link, accept)
        except (RefusedHandoff, Refused) as refused:
            messages.error(request, refused.message)
        else:
            if accept:
                text = _("Case %(number)s is now linked to protection case %(ref)s.")
            else:
                text = _("You declined to link case %(number)s to protection case %(ref)s.")
            number, ref = link.case.number, link.protection_case.reference  # type: ignore[union-attr]
            messages.success(request, text % {"number": number, "ref": ref})
            return redirect("cases:link_requests")
    return render(request, "cases/link_request.html", {"link": link})


def fetch_link(request: AuthenticatedRequest, lr_pk: int) -> LinkRequest:
    """A link request its case's organisation may answer: 404 if missing, 403 (audited) for
    anyone else, the asker included (they follow it in their list)."""
    from django.http import Http404

    link = (
        LinkRequest.objects.select_related(
            "case__place", "protection_case", "from_organisation", "requested_by"
        )
        .filter(pk=lr_pk)
        .first()
    )
    if link is None:
        raise Http404
    from tipnet.accounts.access import organisation_ids

    if side_of_link(organisation_ids(request.user), link) != "case" or not services.may_answer(
        request.user, link
    ):
        deny(request, "answer link request", link)
    fetch(request, Resource.CASE, type(link.case).objects.all(), link.case_id, Action.CHANGE)  # type: ignore[union-attr]
    return link
