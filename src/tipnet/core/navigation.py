"""What each user can reach: the navigation and the home page's tiles, from the access module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Action, Resource, can, may_identify


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url: str
    description: str | Promise


def items_for(user: Any) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = [NavItem("home", _("Home"), reverse("home"), _("What waits for you"))]
    if can(user, Action.LIST, Resource.CASE):
        items.append(
            NavItem(
                "cases",
                _("Cases"),
                reverse("cases:list"),
                _("Trafficking cases from report to final judgment"),
            )
        )
        items.append(
            NavItem(
                "pipeline",
                _("Pipeline"),
                reverse("cases:pipeline"),
                _("Cases and suspects at each stage, conviction rate, time to verdict"),
            )
        )
    if can(user, Action.LIST, Resource.PROTECTION):
        items.append(
            NavItem(
                "protection",
                _("Protection"),
                reverse("protection:list"),
                _("Victims and children at risk: identification, consent, care and follow-up"),
            )
        )
    # Referrals and visits are case work: for the roles that know who the people are.
    if can(user, Action.LIST, Resource.PROTECTION) and may_identify(user, Resource.PROTECTION):
        items.append(
            NavItem(
                "referrals",
                _("Referrals"),
                reverse("protection:referrals"),
                _("Referrals and transfers your organisation sent or received"),
            )
        )
        items.append(
            NavItem(
                "follow_ups",
                _("Follow-ups"),
                reverse("protection:follow_ups"),
                _("Your follow-up visits after reintegration, overdue ones first"),
            )
        )
    if can(user, Action.LIST, Resource.PROTECTION):
        items.append(
            NavItem(
                "indicators",
                _("Protection indicators"),
                reverse("protection:indicators"),
                _("Consent, assessments, care plans, follow-ups and time to close"),
            )
        )
    from tipnet.accounts.caseload import may_supervise

    if may_supervise(user):
        items.append(
            NavItem(
                "caseload",
                _("Caseload"),
                reverse("caseload"),
                _("Your organisation's open cases by worker; hand a worker's cases on"),
            )
        )
    if can(user, Action.LIST, Resource.PREVENTION):
        items.append(
            NavItem(
                "prevention",
                _("Prevention"),
                reverse("prevention:list"),
                _("Awareness sessions, village meetings, workshops and their reach"),
            )
        )
    if can(user, Action.LIST, Resource.MIGRANT):
        items.append(
            NavItem(
                "community",
                _("Migration register"),
                reverse("community:home"),
                _("Who left the villages, how, and whether they are safe: by risk"),
            )
        )
    if can(user, Action.LIST, Resource.PERSON):
        items.append(
            NavItem(
                "people",
                _("People"),
                reverse("people:list"),
                _("Victims, suspects and witnesses recorded by your organisation"),
            )
        )
    if can(user, Action.LIST, Resource.AUDIT):
        items.append(
            NavItem(
                "audit",
                _("Audit trail"),
                reverse("audit:list"),
                _("Who viewed, changed or exported which record"),
            )
        )
    if can(user, Action.VIEW, Resource.ADMIN_SITE):
        items.append(
            NavItem(
                "admin",
                _("Administration"),
                reverse("admin:index"),
                _("Organisations, users, roles and code lists"),
            )
        )
    return items
