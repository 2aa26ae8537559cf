"""Pages of committees, task forces and multidisciplinary teams: the committees a user may
see, a committee's members, meetings and open action items, adding and ending a membership,
correcting a member's role (version-checked), and the members present at a meeting. Who
sees and changes what: services_committees (the access module, asked of a membership); names
of known participants: rules.shown_name."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, deny, fetch, organisation_ids
from tipnet.accounts.access import require as require_access
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.models import Organisation
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import Stale, StaleEdit, refuse, save_versioned
from tipnet.prevention import rules
from tipnet.prevention import services_committees as committees
from tipnet.prevention.forms_committees import EndForm, MemberForm, PresentForm, RoleForm
from tipnet.prevention.models import KnownParticipant
from tipnet.prevention.models_network import COMMITTEE_KINDS, CommitteeMember
from tipnet.prevention.views import _activities


def member_name(user: Any, member: CommitteeMember, on: date) -> str:
    """A member's name for this user: a user of tipnet by name, a known participant as
    rules.shown_name allows."""
    if member.user_id:
        return str(member.user.display_name) if member.user else ""
    return rules.shown_name(user, member.participant, on)


def _label(user: Any, on: date) -> Any:
    def label(member: CommitteeMember) -> str:
        return f"{member_name(user, member, on)} · {member.get_role_display()}"

    return label


def _committee(request: AuthenticatedRequest, org_id: int, change: bool = False) -> Organisation:
    """The committee ``org_id``: 404 if there is none, 403 (audited) unless the user may see
    (and with ``change``, change) its memberships."""
    committee = Organisation.objects.filter(pk=org_id, kind__in=COMMITTEE_KINDS).first()
    if committee is None:
        raise Http404
    allowed = committees.may_change if change else committees.may_see
    if not allowed(request.user, committee):
        deny(request, "change committee" if change else "view committee", committee)
    return committee


@login_required
def committee_list(request: AuthenticatedRequest) -> HttpResponse:
    require_access(request, Action.LIST, Resource.PREVENTION)
    today = timezone.localdate()
    active = Q(committee_members__since__lte=today) & (
        Q(committee_members__until__isnull=True) | Q(committee_members__until__gte=today)
    )
    rows = list(
        committees.committees(request.user)
        .select_related("parent")
        .annotate(members=Count("committee_members", filter=active, distinct=True))[:500]
    )
    return render(
        request,
        "prevention/committee_list.html",
        {"rows": rows, "own": request.user.organisation_id},
    )


@login_required
def committee_detail(request: AuthenticatedRequest, org_id: int) -> HttpResponse:
    committee = _committee(request, org_id)
    user, today = request.user, timezone.localdate()
    rows = [(m, member_name(user, m, today)) for m in committees.members(committee)]
    meetings = list(committees.meetings(user, committee)[:200])
    actions = list(committees.open_actions(user, committee)[:500])
    record_event(request, AuditAction.VIEW, target=committee, detail="committee members")
    return render(request, "prevention/committee_detail.html", {
        "committee": committee, "rows": rows, "meetings": meetings, "actions": actions,
        "today": today, "may_change": committees.may_change(user, committee),
    })  # fmt: skip


@login_required
def member_add(request: AuthenticatedRequest, org_id: int) -> HttpResponse:
    committee = _committee(request, org_id, change=True)
    user, today = request.user, timezone.localdate()
    known = KnownParticipant.objects.filter(owner_organisation_id__in=organisation_ids(user))

    def label(p: KnownParticipant) -> str:
        return f"{rules.shown_name(user, p, today)} · {p.get_role_display()}"

    form = MemberForm(request.POST or None, participants=known, label=label,
                      initial={"since": today})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            committees.add_member(Actor.of(request), committee, form.service_data())
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            refuse(request, form, refused)
        else:
            messages.success(request, _("The member was added."))
            return redirect("prevention:committee", org_id=committee.pk)
    return render(request, "prevention/committee_member_form.html",
                  {"committee": committee, "form": form})  # fmt: skip


@login_required
def member_end(request: AuthenticatedRequest, org_id: int, member_pk: int) -> HttpResponse:
    committee = _committee(request, org_id, change=True)
    member = committees.members(committee).filter(pk=member_pk).first()
    if member is None:
        raise Http404
    form = EndForm(request.POST or None, initial={"until": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            committees.end_membership(Actor.of(request), member, form.cleaned_data["until"])
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        except StaleEdit:
            form.add_error(None, _("This membership has ended already."))
        except NotAllowed as refused:
            refuse(request, form, refused)
        else:
            messages.success(request, _("The membership was ended."))
            return redirect("prevention:committee", org_id=committee.pk)
    name = member_name(request.user, member, timezone.localdate())
    context = {"committee": committee, "member": member, "name": name, "form": form}
    return render(request, "prevention/committee_end.html", context)


def _membership(committee: Organisation, member_pk: int) -> CommitteeMember:
    member = committees.members(committee).filter(pk=member_pk).first()
    if member is None:
        raise Http404
    return member


@login_required
def member_role(request: AuthenticatedRequest, org_id: int, member_pk: int) -> HttpResponse:
    """Correct a member's role in place (GET the form, POST the role): version-checked, so two
    editors never overwrite each other; a membership that has ended is not edited."""
    committee = _committee(request, org_id, change=True)
    member = _membership(committee, member_pk)
    form = RoleForm(request.POST or None, initial=RoleForm.initial_of(member))
    yours = None
    if request.method == "POST" and form.is_valid():
        actor, role = Actor.of(request), form.cleaned_data["role"]
        try:
            result = save_versioned(
                request, form, lambda v: committees.change_role(actor, member, role, v),
                _("Someone else changed this membership while you were editing it. Your change "
                  "was not saved: the form shows the membership as it is now, with your entry "
                  "beside it."),
            )  # fmt: skip
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        else:
            if isinstance(result, Stale):
                member, yours = _membership(committee, member_pk), result.yours
                form = RoleForm(initial=RoleForm.initial_of(member))
            elif result:
                messages.success(request, _("The role was saved."))
                return redirect("prevention:committee", org_id=committee.pk)
    today = timezone.localdate()
    blocked = ""
    try:
        committees.check_role_change(member.until, today)
    except rules.Refused as refused:
        blocked = refused.message
    return render(request, "prevention/committee_member_role.html", {
        "committee": committee, "member": member, "name": member_name(request.user, member, today),
        "form": form, "yours": yours, "blocked": blocked,
    })  # fmt: skip


@login_required
def present(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Tick the members present at a committee's meeting (only its members on that day)."""
    activity = fetch(request, Resource.PREVENTION, _activities(), pk, Action.CHANGE)
    committee = activity.committee
    if committee is None:
        raise Http404
    members = committees.active_on(committee, activity.held_on)
    label = _label(request.user, activity.held_on)
    current = sorted(activity.members_present.values_list("pk", flat=True))
    initial = {"present": current, "shown": " ".join(map(str, current))}
    form = PresentForm(request.POST or None, members=members, label=label, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            committees.set_present(Actor.of(request), activity, form.cleaned_data["present"],
                                   form.shown_ids())  # fmt: skip
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        except StaleEdit:
            form.add_error(None, _("Someone else changed the members present while you were "
                                   "ticking them. Open the page again; your ticks were not "
                                   "saved."))  # fmt: skip
        except NotAllowed as refused:
            refuse(request, form, refused)
        else:
            messages.success(request, _("The members present were saved."))
            return redirect("prevention:committee", org_id=committee.pk)
    return render(request, "prevention/committee_present.html", {
        "activity": activity, "committee": committee, "form": form,
        "has_members": members.exists(),
    })  # fmt: skip
