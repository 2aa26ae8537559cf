"""What each user can reach: the navigation and the home page's tiles, from the access module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Action, Resource, can, may_identify


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url: str
    description: str | Promise


def menu_key(user: Any) -> tuple[Any, ...]:
    """What the menu is made from: the items are a function of these alone (a new item that
    asks anything else of the user must add it here). Read fresh with the user on every
    request (accounts/backends.py), so a change of roles, organisation or jurisdiction gives
    another key, and the next page its own menu."""
    return (
        user.role_codes(),
        user.is_active,
        user.organisation_id,
        user.jurisdiction_id,
        get_script_prefix(),
    )


# Menus computed so far, per menu key: at most one per combination of roles, office and
# jurisdiction (a few hundred on a national server); emptied if it ever grows past MAX_MENUS.
_MENUS: dict[tuple[Any, ...], tuple[NavItem, ...]] = {}
MAX_MENUS = 2000


def items_for(user: Any) -> list[NavItem]:
    """The pages the user may open, computed once per menu key."""
    if not user.is_authenticated:
        return []
    key = menu_key(user)
    items = _MENUS.get(key)
    if items is None:
        if len(_MENUS) >= MAX_MENUS:
            _MENUS.clear()
        items = _MENUS[key] = tuple(_items_for(user))
    return list(items)


# The menu's HTML per set of items and language: each item's link, plain and marked current.
_MENU_HTML: dict[tuple[Any, ...], list[tuple[str, str, str]]] = {}


def menu_html(items: list[NavItem], path: str) -> SafeString:
    """The main menu's list items, the page at ``path`` marked current."""
    key = (get_language(), *((i.key, i.url) for i in items))
    links = _MENU_HTML.get(key)
    if links is None:
        if len(_MENU_HTML) >= MAX_MENUS:
            _MENU_HTML.clear()
        link = '<li><a href="{}" data-nav="{}"{}>{}</a></li>'
        links = _MENU_HTML[key] = [
            (
                i.url,
                format_html(link, i.url, i.key, "", i.label),
                format_html(link, i.url, i.key, mark_safe(' aria-current="page"'), i.label),
            )
            for i in items
        ]
    return mark_safe("".join(current if url == path else plain for url, plain, current in links))  # noqa: S308


def _items_for(user: Any) -> list[NavItem]:
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
