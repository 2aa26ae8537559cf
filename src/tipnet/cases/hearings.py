"""Hearings planned ahead: a court's scheduled sittings of a case (trial, reading of the verdict,
appeal hearing), kept apart from the proceeding steps that happened. A hearing may lie in the
future; its status says whether it was held, postponed or cancelled."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Action, Resource, check_write, organisation_ids, visible
from tipnet.cases.codes import HearingPurpose, HearingStatus
from tipnet.cases.stages import RefusedStep
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit

CALENDAR_DAYS = 60  # a court's calendar shows this far ahead
UPCOMING_DAYS = 30  # a user's upcoming hearings, this far ahead


class Hearing(models.Model):
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="hearings")
    suspect = models.ForeignKey(
        "cases.CasePerson", models.CASCADE, null=True, blank=True, related_name="hearings",
        verbose_name=_("suspect"),
    )  # fmt: skip
    scheduled_for = models.DateField(_("date"))
    scheduled_time = models.TimeField(_("time"), null=True, blank=True)
    court = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("court")
    )
    chamber = models.CharField(_("chamber"), max_length=120, blank=True)
    purpose = models.CharField(_("purpose"), max_length=24, choices=HearingPurpose.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=HearingStatus.choices, default=HearingStatus.SCHEDULED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        app_label = "cases"
        ordering = ["scheduled_for", "scheduled_time", "id"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        indexes = [models.Index(fields=["court", "scheduled_for"], name="hearing_court_date")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.scheduled_for}"


FIELDS = ("suspect", "scheduled_for", "scheduled_time", "court", "chamber", "purpose", "status")


def _check(case: Any, data: dict[str, Any]) -> None:
    court = data.get("court")
    if court is None or court.kind != "court":
        raise RefusedStep(
            _("A hearing is held before a court: choose an organisation of the kind Court.")
        )
    suspect = data.get("suspect")
    if suspect is not None and (suspect.case_id != case.pk or suspect.role != "suspect"):
        raise RefusedStep(_("Choose a suspect of this case."))


def _snapshot(hearing: Hearing) -> dict[str, str]:
    return {name: str(getattr(hearing, f"{name}_id", None) or getattr(hearing, name) or "")
            if name in ("suspect", "court") else str(getattr(hearing, name) or "")
            for name in FIELDS}  # fmt: skip


def schedule_hearing(actor: Actor, case: Any, data: dict[str, Any]) -> Hearing:
    """Schedule a hearing of ``case``: the actor must be allowed to change the case."""
    from tipnet.audit.models import AuditAction
    from tipnet.audit.services import record_event

    check_write(actor.user, Action.CHANGE, Resource.CASE, case)
    _check(case, data)
    with transaction.atomic():
        hearing = Hearing(case=case, recorded_by=actor.user, status=HearingStatus.SCHEDULED)
        for name in FIELDS:
            if name in data and name != "status":
                setattr(hearing, name, data[name])
        hearing.save()
        record_event(
            actor,
            AuditAction.CHANGE,
            target=case,
            changes={"hearing": {"old": "", "new": f"{hearing.purpose} {hearing.scheduled_for}"}},
            detail=f"schedule hearing #{hearing.pk}",
        )
    return hearing


def update_hearing(actor: Actor, hearing: Hearing, data: dict[str, Any], version: int) -> Hearing:
    """Postpone (a new date), cancel or mark held; refused if someone saved in between."""
    from tipnet.audit.models import AuditAction
    from tipnet.audit.services import record_event

    check_write(actor.user, Action.CHANGE, Resource.CASE, hearing.case)
    with transaction.atomic():
        current = Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)
        if current.version != version:
            raise StaleEdit(current)
        merged = {name: data.get(name, getattr(current, name)) for name in FIELDS}
        _check(current.case, merged)
        before = _snapshot(current)
        for name, value in merged.items():
            setattr(current, name, value)
        after = _snapshot(current)
        changes = {f"hearing.{k}": {"old": before[k], "new": after[k]}
                   for k in FIELDS if before[k] != after[k]}  # fmt: skip
        if changes:
            current.version += 1
            current.save()
            record_event(
                actor,
                AuditAction.CHANGE,
                target=current.case,
                changes=changes,
                detail=f"update hearing #{current.pk}",
            )
    return current


# Queries ----------------------------------------------------------------------------------


def _of_visible_cases(user: Any) -> QuerySet[Hearing]:
    from tipnet.cases.models import Case

    cases = visible(user, Resource.CASE, Case.objects.all())
    return Hearing.objects.filter(case__in=cases.values("pk")).select_related("case", "court")


def court_calendar(user: Any, court: Any, today: date | None = None) -> QuerySet[Hearing]:
    """The hearings before ``court`` in the coming days, of the cases the user may see."""
    today = today or timezone.localdate()
    return _of_visible_cases(user).filter(
        court=court, scheduled_for__gte=today, scheduled_for__lte=today + timedelta(CALENDAR_DAYS)
    )


def upcoming_for(user: Any, today: date | None = None) -> QuerySet[Hearing]:
    """The coming hearings of cases of the user's organisation: before their office or court,
    or led by it."""
    today = today or timezone.localdate()
    orgs = organisation_ids(user)
    return _of_visible_cases(user).filter(
        Q(case__prosecution_organisation_id__in=orgs)
        | Q(case__court_organisation_id__in=orgs)
        | Q(case__owner_organisation_id__in=orgs)
        | Q(court_id__in=orgs),
        scheduled_for__gte=today,
        scheduled_for__lte=today + timedelta(UPCOMING_DAYS),
        status__in=[HearingStatus.SCHEDULED, HearingStatus.POSTPONED],
    )
