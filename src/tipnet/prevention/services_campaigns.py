"""Writes of projects, campaigns and their targets, each one transaction with its audit event,
checked by the access module (``check_write`` on the record as it would be saved: the actor's
organisation owns it, its place within their scope) and the rules below (pure functions that
refuse with a translated reason). Edits and deletions are version-checked; a target's change
is audited on its project or campaign. A project or campaign is deleted only once no activity
belongs to it (its targets go with it)."""

from __future__ import annotations

from copy import copy
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tipnet.accounts.access import Action, NotAllowed, Resource, can, check_write, visible
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.geo.models import AreaLevel
from tipnet.prevention.codes import AgeBand, Sex
from tipnet.prevention.models import Activity
from tipnet.prevention.models_campaigns import (
    Campaign,
    Currency,
    Project,
    Target,
    TargetMeasure,
)
from tipnet.prevention.rules import Refused

PROJECT_FIELDS = ("name", "donor", "starts_on", "ends_on", "budget", "currency", "place")
CAMPAIGN_FIELDS = ("name", "description", "starts_on", "ends_on", "place")
MAX_TARGET = 10_000_000

# --- Rules ----------------------------------------------------------------------------------


def check_period(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise Refused(_("The period ends before it starts."))


def check_project(name: str, budget: Decimal | None, currency: str) -> None:
    if not name.strip():
        raise Refused(_("Give the project a name."))
    if budget is not None and budget < 0:
        raise Refused(_("A budget is an amount of zero or more."))
    if currency not in Currency.values:
        raise Refused(_("Choose the currency from the list."))


def check_target(
    measure: str, sex: str, age_band: str, number: Any, province_level: int | None
) -> None:
    """A target: a measure of the list, sex and age band of the lists or empty (only for
    people: a session is for everyone), a whole number from 1, a province or the whole."""
    if measure not in TargetMeasure.values:
        raise Refused(_("Choose what the target counts: sessions or people reached."))
    if sex not in ("", *Sex.values) or age_band not in ("", *AgeBand.values):
        raise Refused(_("Choose the sex and age band from the lists, or leave them empty."))
    if measure == TargetMeasure.SESSIONS and (sex or age_band):
        raise Refused(_("A target of sessions is for everyone: leave the sex and age band empty."))
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_TARGET:
        raise Refused(_("A target is a whole number from 1 to 10,000,000."))
    if province_level is not None and province_level != AreaLevel.PROVINCE:
        raise Refused(_("A target is set for a province, or for the whole."))


def check_deletable(is_project: bool, activities: int, unseen: int) -> None:
    """A project or campaign is deleted only when no activity belongs to it: each must be
    moved out first (on the activity's form). ``unseen``: how many of them the deleting user
    may not open (their organisers move them)."""
    if not activities:
        return
    if is_project:
        reason = ngettext(
            "%(count)s activity belongs to this project: move it out of the project first "
            "(an activity's project is changed on the activity's form).",
            "%(count)s activities belong to this project: move them out of the project first "
            "(an activity's project is changed on the activity's form).", activities,
        )  # fmt: skip
    else:
        reason = ngettext(
            "%(count)s activity belongs to this campaign: move it out of the campaign first "
            "(an activity's campaign is changed on the activity's form).",
            "%(count)s activities belong to this campaign: move them out of the campaign "
            "first (an activity's campaign is changed on the activity's form).", activities,
        )  # fmt: skip
    reason %= {"count": activities}
    if unseen:
        reason += " " + ngettext(
            "%(count)s of them is one you may not open: its organiser moves it.",
            "%(count)s of them are ones you may not open: their organisers move them.", unseen,
        ) % {"count": unseen}  # fmt: skip
    raise Refused(reason)


# --- Projects and campaigns -----------------------------------------------------------------


def _fields(record: Project | Campaign) -> tuple[str, ...]:
    return PROJECT_FIELDS if isinstance(record, Project) else CAMPAIGN_FIELDS


def _snapshot(record: Project | Campaign) -> dict[str, Any]:
    return {name: getattr(record, f"{name}_id", None) if name == "place" else getattr(record, name)
            for name in _fields(record)}  # fmt: skip


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"old": "" if before.get(name) is None else str(before.get(name)),
               "new": "" if value is None else str(value)}
        for name, value in after.items() if before.get(name) != value
    }  # fmt: skip


def _apply(record: Project | Campaign, data: dict[str, Any]) -> None:
    for name in _fields(record):
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            if value is None and name in ("name", "donor", "description"):
                value = ""
            setattr(record, name, value)


def _check(record: Project | Campaign) -> None:
    if isinstance(record, Project):
        check_project(record.name, record.budget, record.currency)
    elif not record.name.strip():
        raise Refused(_("Give the campaign a name."))
    elif not record.starts_on or not record.ends_on:
        raise Refused(_("A campaign runs for a period: give its first and last day."))
    check_period(record.starts_on, record.ends_on)


def _name_taken(record: Project | Campaign) -> bool:
    if not isinstance(record, Project):
        return False
    same = Project.objects.filter(
        owner_organisation_id=record.owner_organisation_id, name__iexact=record.name
    )
    return same.exclude(pk=record.pk).exists() if record.pk else same.exists()


def _taken(record: Project | Campaign) -> Refused:
    return Refused(
        _("Your organisation already has a project named “%(name)s”: choose another name.")
        % {"name": record.name}
    )


def _save_new(actor: Actor, record: Project | Campaign, data: dict[str, Any]) -> Any:
    user = actor.user
    record.owner_organisation_id = user.organisation_id
    record.created_by = user
    _apply(record, data)
    check_write(user, Action.CREATE, Resource.PREVENTION, record)
    _check(record)
    if _name_taken(record):
        raise _taken(record)
    try:
        with transaction.atomic():
            record.save()
            record_event(actor, AuditAction.CREATE, target=record,
                         changes=_changes({}, _snapshot(record)))  # fmt: skip
    except IntegrityError:  # the same name saved by someone else meanwhile
        record.pk = None
        raise _taken(record) from None
    return record


def _save_edit(actor: Actor, record: Any, data: dict[str, Any], version: int) -> Any:
    """Save the edit if nobody saved the record since ``version``, else raise StaleEdit."""
    draft = copy(record)
    _apply(draft, data)
    check_write(actor.user, Action.CHANGE, Resource.PREVENTION, draft)
    _check(draft)
    try:
        with transaction.atomic():
            current = type(record).objects.select_for_update().get(pk=record.pk)
            if current.version != version:
                raise StaleEdit(current)
            before = _snapshot(current)
            _apply(current, data)
            if _name_taken(current):
                raise _taken(current)
            current.version += 1
            current.save()
            record_event(actor, AuditAction.CHANGE, target=current,
                         changes=_changes(before, _snapshot(current)))  # fmt: skip
    except IntegrityError:
        raise _taken(draft) from None
    return current


def create_project(actor: Actor, data: dict[str, Any]) -> Project:
    """A project (or donor programme) of the actor's organisation; its name is unique there."""
    project: Project = _save_new(actor, Project(), data)
    return project


def update_project(actor: Actor, project: Project, data: dict[str, Any], version: int) -> Project:
    saved: Project = _save_edit(actor, project, data, version)
    return saved


def create_campaign(actor: Actor, data: dict[str, Any]) -> Campaign:
    """A campaign led by the actor's organisation (whoever may record prevention work)."""
    campaign: Campaign = _save_new(actor, Campaign(), data)
    return campaign


def update_campaign(
    actor: Actor, campaign: Campaign, data: dict[str, Any], version: int
) -> Campaign:
    saved: Campaign = _save_edit(actor, campaign, data, version)
    return saved


def activities_in(user: Any, record: Project | Campaign) -> tuple[int, int]:
    """How many activities belong to the project or campaign, and how many of them ``user``
    may not see."""
    lookup = {"project": record} if isinstance(record, Project) else {"campaign": record}
    qs = Activity.objects.filter(**lookup)
    total = qs.count()
    seen = visible(user, Resource.PREVENTION, qs).count() if total else 0
    return total, total - seen


def _delete(actor: Actor, record: Project | Campaign, version: int) -> None:
    """Delete the record with its targets if nobody saved it since ``version`` (else
    StaleEdit) and no activity belongs to it (else Refused); audited as a deletion with what
    it was. Its row is locked meanwhile: an activity joining it waits, then finds it gone."""
    is_project = isinstance(record, Project)
    if not can(actor.user, Action.CHANGE, Resource.PREVENTION, record):
        kind = "project" if is_project else "campaign"
        raise NotAllowed(_("Your role may not delete this."), f"delete prevention {kind}")
    try:
        with transaction.atomic():
            current = type(record).objects.select_for_update().filter(pk=record.pk).first()
            if current is None:  # deleted by someone else meanwhile
                return
            if current.version != version:
                raise StaleEdit(current)
            check_deletable(is_project, *activities_in(actor.user, current))
            was = {name: value for name, value in _snapshot(current).items()
                   if value not in (None, "")}  # fmt: skip
            changes = {name: {"old": str(value), "new": ""} for name, value in was.items()}
            targets = [_described(t) for t in current.targets.all()]
            if targets:
                changes["target"] = {"old": "; ".join(targets), "new": ""}
            record_event(actor, AuditAction.DELETE, target=current, changes=changes,
                         detail=f"{current._meta.model_name} deleted with "
                                f"{len(targets)} targets")  # fmt: skip
            current.delete()
    except (ProtectedError, IntegrityError):  # an activity joined it at the same moment
        check_deletable(is_project, *activities_in(actor.user, record))
        raise


def delete_project(actor: Actor, project: Project, version: int) -> None:
    """Delete the project (and its targets) once no activity belongs to it."""
    _delete(actor, project, version)


def delete_campaign(actor: Actor, campaign: Campaign, version: int) -> None:
    """Delete the campaign (and its targets) once no activity belongs to it."""
    _delete(actor, campaign, version)


# --- Targets --------------------------------------------------------------------------------


def _may_change(actor: Actor, owner: Project | Campaign) -> None:
    if not can(actor.user, Action.CHANGE, Resource.PREVENTION, owner):
        raise NotAllowed(_("Your role may not record this."), "change prevention targets")


def _described(target: Target) -> str:
    parts = [target.province_id or "all", target.measure, target.sex, target.age_band]
    return " ".join(p for p in parts if p) + f": {target.number}"


def add_target(actor: Actor, owner: Project | Campaign, data: dict[str, Any]) -> Target:
    """A target of the project or campaign; one per province, measure, sex and age band."""
    _may_change(actor, owner)
    province = data.get("province")
    sex, band = data.get("sex") or "", data.get("age_band") or ""
    measure, number = data.get("measure") or "", data.get("number", 0)
    check_target(measure, sex, band, number, province.level if province else None)
    lookup = {"project": owner} if isinstance(owner, Project) else {"campaign": owner}
    target = Target(**lookup, province=province, measure=measure, sex=sex, age_band=band,
                    number=number)  # fmt: skip
    same = Refused(_("This target is set already: remove it first to change its number."))
    try:
        with transaction.atomic():
            # One writer at a time per project or campaign: a target of the whole (no
            # province) is not kept unique by the database (NULLs differ).
            type(owner).objects.select_for_update().filter(pk=owner.pk).first()
            found = Target.objects.filter(**lookup, province=province, measure=measure,
                                          sex=sex, age_band=band)  # fmt: skip
            if found.exists():
                raise same
            target.save()
            record_event(actor, AuditAction.CHANGE, target=owner,
                         changes={"target": {"old": "", "new": _described(target)}})  # fmt: skip
    except IntegrityError:
        raise same from None
    return target


def remove_target(actor: Actor, target: Target) -> None:
    owner: Project | Campaign = target.project or target.campaign  # type: ignore[assignment]
    _may_change(actor, owner)
    with transaction.atomic():
        described = _described(target)
        target.delete()
        record_event(actor, AuditAction.CHANGE, target=owner,
                     changes={"target": {"old": described, "new": ""}})  # fmt: skip
