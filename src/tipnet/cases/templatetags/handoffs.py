"""The hand-offs on the pages of other records: a case page's children referred to social
services, and a protection case's note of the referral that opened it."""

from __future__ import annotations

from typing import Any

from django import template

from tipnet.accounts.access import Action, Resource, can, may_identify
from tipnet.accounts.seen import nested

register = template.Library()


@register.inclusion_tag("cases/includes/case_child_referrals.html", takes_context=True)
def case_child_referrals(context: Any, case: Any) -> dict[str, Any]:
    """The case page's section: its children referred (for whoever identifies the case) and
    the button to refer one (for whoever may change it)."""
    from tipnet.cases import handoff_services as services

    user = context["request"].user
    record = getattr(case, "record", case)
    identified = may_identify(user, Resource.CASE, record)
    rows = []
    if identified:
        for referral in record.child_referrals.select_related("to_organisation", "person",
                                                              "protection_case"):  # fmt: skip
            child = nested(user, referral.person, True)
            rows.append((referral, child, services.status_of(referral)))
    return {
        "case": record,
        "rows": rows,
        "identified": identified,
        "may_refer": can(user, Action.CHANGE, Resource.CASE, record),
    }


@register.simple_tag(takes_context=True)
def case_referral_of(context: Any, protection_case: Any) -> dict[str, Any] | None:
    """The referral from a criminal case that opened this protection case, as the user may
    see it (its reason: the receiver's protection workers), or ``None``."""
    from tipnet.cases import handoff_services as services
    from tipnet.cases.handoffs import CaseReferral

    user = context["request"].user
    record = getattr(protection_case, "record", protection_case)
    referral = (
        CaseReferral.objects.select_related("from_organisation", "case")
        .filter(protection_case_id=record.pk)
        .first()
    )
    if referral is None:
        return None
    side = services.referral_side(user, referral)
    return {
        "referral": referral,
        "side": side,
        "status": services.status_of(referral),
        "may_consent": side == "receiver" and can(user, Action.CHANGE, Resource.PROTECTION, record),
    }
