"""Pages of groups and networks: the list of the groups a user may see, recording and editing
a group, the group page (members with their roles, adding a member, the group's activities and
its reach per year), correcting a member's role (version-checked) and recording that a member
left. Every page asks the access module first
(Resource.PREVENTION); members' names go through rules.shown_name."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, can, fetch, require, visible
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.pagination import page_of
from tipnet.core.versioning import Stale, refuse, save_versioned
from tipnet.geo.models import prefetch_ancestors
from tipnet.prevention import rules, rules_groups, services_groups
from tipnet.prevention.codes import AgeBand
from tipnet.prevention.forms_groups import (
    GroupFilterForm,
    GroupForm,
    LeftForm,
    MemberForm,
    NewMemberForm,
    RoleForm,
)
from tipnet.prevention.models import KnownParticipant
from tipnet.prevention.models_network import Group, GroupMember


def _groups() -> Any:
    return Group.objects.select_related("place", "owner_organisation")


@login_required
def group_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PREVENTION)
    form = GroupFilterForm(request.GET or None)
    qs = visible(request.user, Resource.PREVENTION, _groups())
    if form.is_bound and form.is_valid():
        if kind := form.cleaned_data["kind"]:
            qs = qs.filter(kind=kind)
        if code := form.cleaned_data["province"]:
            qs = qs.filter(Q(place__path=code) | Q(place__path__startswith=f"{code}."))
    page = page_of(qs.order_by("-is_active", "name", "id"), request.GET.get("page"))
    rows = list(page.object_list)
    prefetch_ancestors(g.place for g in rows)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "prevention/group_list.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(),
        "may_record": can(request.user, Action.CREATE, Resource.PREVENTION),
    })  # fmt: skip


def _form_page(
    request: AuthenticatedRequest, form: GroupForm, group: Group | None, **extra: Any
) -> HttpResponse:
    title = _("Record a group") if group is None else _("Edit the group")
    return render(request, "prevention/group_form.html",
                  {"form": form, "group": group, "title": title, **extra})  # fmt: skip


@login_required
def group_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.PREVENTION)
    initial: dict[str, Any] = {}
    if request.user.jurisdiction_id:
        initial["where"] = request.user.jurisdiction
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group = services_groups.create_group(Actor.of(request), form.cleaned_data)
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            refuse(request, form, refused, "where")
        else:
            messages.success(request, _("The group was recorded."))
            return redirect("prevention:group_detail", group_pk=group.pk)
    return _form_page(request, form, None)


@login_required
def group_edit(request: AuthenticatedRequest, group_pk: int) -> HttpResponse:
    group = fetch(request, Resource.PREVENTION, _groups(), group_pk, Action.CHANGE)
    form = GroupForm(request.POST or None, initial=GroupForm.initial_of(group), editing=True)
    if request.method == "POST" and form.is_valid():
        actor = Actor.of(request)
        try:
            result = save_versioned(
                request, form,
                lambda v: services_groups.update_group(actor, group, form.cleaned_data, v),
                _("Someone else saved this group while you were editing it. Your changes "
                  "were not saved: the form shows their version, with your entries beside it."),
                place_field="where",
            )  # fmt: skip
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        else:
            if isinstance(result, Stale):
                current = result.current
                fresh = GroupForm(initial=GroupForm.initial_of(current), editing=True)
                return _form_page(request, fresh, current, yours=result.yours)
            if result:
                messages.success(request, _("The group was saved."))
                return redirect("prevention:group_detail", group_pk=group.pk)
    return _form_page(request, form, group)


def _label(user: Any, on: Any) -> Any:
    def label(participant: KnownParticipant) -> str:
        return f"{rules.shown_name(user, participant, on)} · {participant.get_role_display()}"

    return label


def _add_member(request: AuthenticatedRequest, group: Group, pick: Any, new: Any) -> bool:
    """Save the member form that was sent; True when the member was added."""
    actor = Actor.of(request)
    form = new if request.POST.get("new") else pick
    if not form.is_valid():
        return False
    d = form.cleaned_data
    try:
        if form is new:
            services_groups.add_new_member(actor, group, d, d["group_role"], d["joined_on"])
        else:
            services_groups.add_member(actor, group, d["participant"], d["group_role"],
                                       d["joined_on"])  # fmt: skip
    except rules.Refused as refused:
        form.add_error(None, refused.message)
    except NotAllowed as refused:
        refuse(request, form, refused)
    else:
        return True
    return False


@login_required
def group_detail(request: AuthenticatedRequest, group_pk: int) -> HttpResponse:
    group = fetch(request, Resource.PREVENTION, _groups(), group_pk)
    user = request.user
    today = timezone.localdate()
    may_change = can(user, Action.CHANGE, Resource.PREVENTION, group)
    own = KnownParticipant.objects.filter(owner_organisation_id=group.owner_organisation_id)
    choices = (own.exclude(memberships__group=group), _label(user, today))
    initial = {"joined_on": today}
    data = request.POST if request.method == "POST" else None
    pick = MemberForm(data if data and not data.get("new") else None, initial=initial,
                      choices=choices, prefix="pick")  # fmt: skip
    new = NewMemberForm(data if data and data.get("new") else None, initial=initial,
                        prefix="new")  # fmt: skip
    if request.method == "POST":
        require(request, Action.CHANGE, Resource.PREVENTION, group)
        if _add_member(request, group, pick, new):
            messages.success(request, _("The member was added to the group."))
            return redirect("prevention:group_detail", group_pk=group.pk)
    members = group.members.select_related("participant").order_by(
        F("left_on").desc(nulls_first=True), "joined_on", "id"
    )
    rows = [(m, rules.shown_name(user, m.participant, today),
             AgeBand(rules.age_band_on(m.participant, today)).label) for m in members]  # fmt: skip
    prefetch_ancestors([group.place])
    activities = services_groups.activities_of(user, group).select_related("kind", "place")
    years, period = services_groups.reach_by_year(activities)
    record_event(request, AuditAction.VIEW, target=group, detail="group members")
    return render(request, "prevention/group_detail.html", {
        "group": group, "rows": rows, "current": sum(1 for row in rows if not row[0].left_on),
        "pick": pick, "new": new, "may_change": may_change,
        "activities": list(activities.order_by("-held_on", "-id")[:50]),
        "years": years, "period": period,
    })  # fmt: skip


def _member(group: Group, member_pk: int) -> GroupMember:
    member = GroupMember.objects.filter(pk=member_pk, group=group).select_related(
        "participant", "group"
    ).first()  # fmt: skip
    if member is None:
        raise Http404
    return member


@login_required
def member_role(request: AuthenticatedRequest, group_pk: int, member_pk: int) -> HttpResponse:
    """Correct a member's role in place (GET the form, POST the role): version-checked, so two
    editors never overwrite each other; a member who left is not edited."""
    group = fetch(request, Resource.PREVENTION, _groups(), group_pk, Action.CHANGE)
    member = _member(group, member_pk)
    form = RoleForm(request.POST or None, initial=RoleForm.initial_of(member))
    yours = None
    if request.method == "POST" and form.is_valid():
        actor, role = Actor.of(request), form.cleaned_data["group_role"]
        try:
            result = save_versioned(
                request, form, lambda v: services_groups.change_role(actor, member, role, v),
                _("Someone else changed this membership while you were editing it. Your change "
                  "was not saved: the form shows the membership as it is now, with your entry "
                  "beside it."),
            )  # fmt: skip
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        else:
            if isinstance(result, Stale):
                member, yours = _member(group, member_pk), result.yours
                form = RoleForm(initial=RoleForm.initial_of(member))
            elif result:
                messages.success(request, _("The role was saved."))
                return redirect("prevention:group_detail", group_pk=group.pk)
    blocked = ""
    try:
        rules_groups.check_role_change(member.left_on)
    except rules.Refused as refused:
        blocked = refused.message
    name = rules.shown_name(request.user, member.participant, timezone.localdate())
    return render(request, "prevention/group_member_role.html", {
        "group": group, "member": member, "name": name, "form": form, "yours": yours,
        "blocked": blocked,
    })  # fmt: skip


@login_required
def member_left(request: AuthenticatedRequest, group_pk: int, member_pk: int) -> HttpResponse:
    """Asks the day (GET), records that the member left the group (POST)."""
    group = fetch(request, Resource.PREVENTION, _groups(), group_pk, Action.CHANGE)
    member = _member(group, member_pk)
    form = LeftForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services_groups.record_left(Actor.of(request), member, form.cleaned_data["left_on"])
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            refuse(request, form, refused)
        else:
            messages.success(request, _("The member's leaving was recorded."))
            return redirect("prevention:group_detail", group_pk=group.pk)
    name = rules.shown_name(request.user, member.participant, timezone.localdate())
    return render(request, "prevention/group_member_left.html",
                  {"group": group, "member": member, "name": name, "form": form})  # fmt: skip
