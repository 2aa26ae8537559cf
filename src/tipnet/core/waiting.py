"""The home page's "waiting for you": items each user should act on, from their scope only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Action, Resource, can, visible
from tipnet.audit.models import AuditAction, AuditEvent


@dataclass(frozen=True)
class Waiting:
    label: str | Promise
    count: int
    url: str


def waiting_for(user: Any) -> list[Waiting]:
    from tipnet.people.models import Person

    found: list[Waiting] = []
    if can(user, Action.LIST, Resource.AUDIT):
        since = timezone.now() - timedelta(days=1)
        security = AuditEvent.objects.filter(
            timestamp__gte=since,
            action__in=[
                AuditAction.LOGIN_FAILED,
                AuditAction.LOCKED_OUT,
                AuditAction.PERMISSION_DENIED,
            ],
        ).count()
        found.append(
            Waiting(
                _("Security events in the last 24 hours"),
                security,
                reverse("audit:list") + "?security=1",
            )
        )
    if can(user, Action.LIST, Resource.PERSON):
        mine = visible(user, Resource.PERSON, Person.objects.all())
        incomplete = mine.filter(date_of_birth__isnull=True, estimated_age__isnull=True).count()
        found.append(
            Waiting(
                _("People without a date of birth or an estimated age"),
                incomplete,
                reverse("people:list") + "?missing=age",
            )
        )
    return found
