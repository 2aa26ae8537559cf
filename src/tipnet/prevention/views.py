"""Pages of prevention work: the activity list, recording and editing an activity with its
participant grid, the activity page, its attendance list. Every page asks the access module
first (Resource.PREVENTION); names of known participants go through rules.shown_name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, NotAllowed, Resource, can, fetch, require
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.pagination import page_of
from tipnet.core.versioning import Stale, refuse, save_versioned
from tipnet.geo.models import prefetch_ancestors
from tipnet.prevention import forms as f
from tipnet.prevention import queries, rules, services, trainings
from tipnet.prevention.codes import AgeBand, ParticipantRole, Sex
from tipnet.prevention.models import Activity, ActivityType, Attendance, KnownParticipant


def _activities() -> Any:
    return Activity.objects.select_related(
        "kind", "place", "owner_organisation", "project", "campaign", "group", "committee"
    )


def _filters(request: AuthenticatedRequest) -> tuple[f.FilterForm, queries.Filters]:
    form = f.FilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, queries.Filters(d["kind"], d["province"], d["start"], d["end"])
    return form, queries.Filters()


@login_required
def activity_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PREVENTION)
    form, filters = _filters(request)
    qs = queries.activities(request.user, filters).select_related(
        "kind", "place", "owner_organisation"
    )
    page = page_of(qs.order_by("-held_on", "-id"), request.GET.get("page"))
    rows = list(page.object_list)
    prefetch_ancestors(a.place for a in rows)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "prevention/list.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(),
        "may_record": can(request.user, Action.CREATE, Resource.PREVENTION),
    })  # fmt: skip


def _form_page(
    request: AuthenticatedRequest, form: f.ActivityForm, activity: Activity | None, **extra: Any
) -> HttpResponse:
    title = _("Record an activity") if activity is None else _("Edit the activity")
    return render(request, "prevention/form.html", {
        "form": form, "activity": activity, "title": title, "grid": f.grid(form, activity),
        "sexes": Sex.choices, "bands": f.AgeBand.choices, **extra,
    })  # fmt: skip


def _save_new(request: AuthenticatedRequest, form: f.ActivityForm) -> Activity | None:
    try:
        return services.create_activity(Actor.of(request), form.cleaned_data, form.cells)
    except rules.Refused as refused:
        form.add_error(None, refused.message)
    except NotAllowed as refused:
        refuse(request, form, refused, "where")
    return None


def _links_asked(request: AuthenticatedRequest) -> dict[str, Any]:
    """A new activity opened from a group, committee, project or campaign page
    (``?group=3``) starts linked to it, when the organiser may choose it."""
    asked: dict[str, Any] = {}
    for name, queryset in f.choices_for(request.user.organisation_id, {}).items():
        value = request.GET.get(name, "")
        if value.isdigit():
            chosen = queryset.filter(pk=int(value)).first()
            if chosen is not None:
                asked[name] = chosen
    if asked.get("group") is not None:
        asked["where"] = asked["group"].place
        asked["venue"] = asked["group"].venue
    if asked.get("committee") is not None:  # a meeting of the committee, where it works
        meeting = ActivityType.objects.filter(code="committee_meeting", is_active=True).first()
        if meeting is not None:
            asked["kind"] = meeting
        if asked["committee"].coverage_id:
            asked["where"] = asked["committee"].coverage
    return asked


@login_required
def activity_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.CREATE, Resource.PREVENTION)
    initial: dict[str, Any] = {"held_on": timezone.localdate()}
    if request.user.jurisdiction_id:
        initial["where"] = request.user.jurisdiction
    initial.update(_links_asked(request))
    form = f.ActivityForm(
        request.POST or None, initial=initial, organisation_id=request.user.organisation_id
    )
    if request.method == "POST" and form.is_valid():
        activity = _save_new(request, form)
        if activity is not None:
            messages.success(request, _("The activity was recorded."))
            return redirect("prevention:detail", pk=activity.pk)
    return _form_page(request, form, None)


@login_required
def activity_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = fetch(request, Resource.PREVENTION, _activities(), pk, Action.CHANGE)
    form = f.ActivityForm(
        request.POST or None,
        initial=f.ActivityForm.initial_of(activity),
        organisation_id=activity.owner_organisation_id,
    )
    if request.method == "POST" and form.is_valid():
        actor = Actor.of(request)
        try:
            result = save_versioned(
                request, form,
                lambda v: services.update_activity(actor, activity, form.cleaned_data,
                                                   form.cells, v),
                _("Someone else saved this activity while you were editing it. Your changes "
                  "were not saved: the form shows their version, with your entries beside it."),
                place_field="where",
            )  # fmt: skip
        except rules.Refused as refused:
            form.add_error(None, refused.message)
        else:
            if isinstance(result, Stale):
                current = result.current
                fresh = f.ActivityForm(
                    initial=f.ActivityForm.initial_of(current),
                    organisation_id=current.owner_organisation_id,
                )
                return _form_page(request, fresh, current, yours=result.yours)
            if result:
                messages.success(request, _("The activity was saved."))
                return redirect("prevention:detail", pk=activity.pk)
    return _form_page(request, form, activity)


def _count_table(activity: Activity) -> list[dict[str, Any]]:
    """The counts per role, by sex, with the role's total (only the roles counted)."""
    by_role: dict[str, dict[str, int]] = {}
    for c in activity.counts.all():
        by_role.setdefault(c.role, {}).setdefault(c.sex, 0)
        by_role[c.role][c.sex] += c.count
    return [
        {"label": label, "by_sex": [by_role[role].get(sex, 0) for sex in Sex.values],
         "total": sum(by_role[role].values())}
        for role, label in ParticipantRole.choices if role in by_role
    ]  # fmt: skip


@login_required
def activity_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = fetch(request, Resource.PREVENTION, _activities(), pk)
    prefetch_ancestors([activity.place])
    attended = activity.attendances.count()
    return render(request, "prevention/detail.html", {
        "activity": activity, "counts": _count_table(activity), "sexes": Sex.choices,
        "links": _links(request.user, activity),
        "attended": attended, "participations": attended + activity.counted_total,
        "partners": list(activity.partners.all()), "topics": list(activity.topics.all()),
        "may_change": can(request.user, Action.CHANGE, Resource.PREVENTION, activity),
    })  # fmt: skip


def _links(user: Any, activity: Activity) -> dict[str, str]:
    """The pages of what the activity is linked to that this user may open (the others show
    as a name only, never as a link to a refusal)."""
    from tipnet.prevention import queries_campaigns, services_committees

    links: dict[str, str] = {}
    if activity.project and can(user, Action.VIEW, Resource.PREVENTION, activity.project):
        links["project"] = reverse("prevention:project", args=[activity.project_id])
    campaign = activity.campaign_id
    if campaign and queries_campaigns.campaigns(user, Action.VIEW).filter(pk=campaign).exists():
        links["campaign"] = reverse("prevention:campaign", args=[campaign])
    if activity.group and can(user, Action.VIEW, Resource.PREVENTION, activity.group):
        links["group"] = reverse("prevention:group_detail", args=[activity.group_id])
    if activity.committee and services_committees.may_see(user, activity.committee):
        links["committee"] = reverse("prevention:committee", args=[activity.committee_id])
    return links


def _label(user: Any, on: Any) -> Any:
    def label(participant: KnownParticipant) -> str:
        return f"{rules.shown_name(user, participant, on)} · {participant.get_role_display()}"

    return label


@login_required
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The attendance list: who came (names as rules.shown_name allows); those who may change
    the activity add a participant of their organisation, or a new one."""
    activity = fetch(request, Resource.PREVENTION, _activities(), pk)
    user = request.user
    may_change = can(user, Action.CHANGE, Resource.PREVENTION, activity)
    own = KnownParticipant.objects.filter(owner_organisation_id=user.organisation_id)
    choices = (own.exclude(attendances__activity=activity), _label(user, activity.held_on))
    pick = f.AttendanceForm(choices=choices)
    new = f.ParticipantForm()
    if request.method == "POST":
        if not may_change:
            require(request, Action.CHANGE, Resource.PREVENTION, activity)
        actor = Actor.of(request)
        if request.POST.get("scores"):
            return _save_scores(request, activity)
        if request.POST.get("new"):
            new = f.ParticipantForm(request.POST)
            form: Any = new
        else:
            pick = f.AttendanceForm(request.POST, choices=choices)
            form = pick
        if form.is_valid():
            try:
                if form is new:
                    person = services.add_participant(actor, new.cleaned_data)
                else:
                    person = pick.cleaned_data["participant"]
                services.add_attendance(actor, activity, person)
            except rules.Refused as refused:
                form.add_error(None, refused.message)
            except NotAllowed as refused:
                refuse(request, form, refused)
            else:
                messages.success(request, _("The participant was added to the list."))
                return redirect("prevention:attendance", pk=activity.pk)
    rows = [
        (a, rules.shown_name(user, a.participant, activity.held_on),
         AgeBand(rules.age_band_on(a.participant, activity.held_on)).label)
        for a in activity.attendances.select_related("participant").order_by("participant__name")
    ]  # fmt: skip
    record_event(request, AuditAction.VIEW, target=activity, detail="attendance list")
    return render(request, "prevention/attendance.html", {
        "activity": activity, "rows": rows, "pick": pick, "new": new, "may_change": may_change,
        "scored": activity.kind.code in (rules.TRAINING, rules.REFRESHER),
    })  # fmt: skip


def _save_scores(request: AuthenticatedRequest, activity: Activity) -> HttpResponse:
    """One participant's test scores from the attendance list (the organiser's)."""
    found = Attendance.objects.filter(pk=request.POST.get("scores") or 0, activity=activity)
    attendance_row = found.select_related("activity__kind").first()
    if attendance_row is None:
        raise Http404
    form = f.ScoresForm(request.POST)
    if form.is_valid():
        try:
            trainings.record_scores(Actor.of(request), attendance_row, form.cleaned_data["pre"],
                                    form.cleaned_data["post"])  # fmt: skip
        except rules.Refused as refused:
            messages.error(request, refused.message)
        except NotAllowed as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The test scores were saved."))
    else:
        messages.error(request, _("A test score is a whole number from 0 to 100."))
    return redirect("prevention:attendance", pk=activity.pk)


@login_required
def refreshers(request: AuthenticatedRequest) -> HttpResponse:
    """The participants of the user's organisation due for a refresher training."""
    require(request, Action.CREATE, Resource.PREVENTION)
    today = timezone.localdate()
    rows = [(d, rules.shown_name(request.user, d.participant, today))
            for d in trainings.due_refreshers(request.user, today)]  # fmt: skip
    return render(request, "prevention/refreshers.html",
                  {"rows": rows, "days": settings.TIPNET_REFRESHER_DAYS})  # fmt: skip


@login_required
def attendance_remove(request: AuthenticatedRequest, pk: int, attendance_pk: int) -> HttpResponse:
    """Asks first (GET), takes the participant off the list (POST)."""
    activity = fetch(request, Resource.PREVENTION, _activities(), pk, Action.CHANGE)
    found = Attendance.objects.filter(pk=attendance_pk, activity=activity).first()
    if found is None:
        raise Http404
    if request.method != "POST":
        name = rules.shown_name(request.user, found.participant, activity.held_on)
        return render(request, "prevention/attendance_remove.html",
                      {"activity": activity, "name": name})  # fmt: skip
    services.remove_attendance(Actor.of(request), found)
    messages.success(request, _("The participant was taken off the list."))
    return redirect("prevention:attendance", pk=activity.pk)
