"""How the protection cases a person is in open the person to others, for the stored access
keys of people (:mod:`tipnet.people.keys`): whoever may see a protection case sees its person
(identified as the case is, never while the case is held), and so do the users of an
organisation that accepted a referral of the case (the receiver's grant,
:mod:`tipnet.protection.receiving`: seen, never identified; never a restricted case)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tipnet.accounts.access import Resource


def _receivers(case_ids: list[int]) -> dict[int, set[str]]:
    """The receiver's keys of these protection cases: ``xa<org>`` for each organisation
    holding an accepted referral of a case that is not restricted."""
    from tipnet.accounts.access import Sensitivity
    from tipnet.protection.models import Referral
    from tipnet.protection.rules import receiving_referral_q

    keys: dict[int, set[str]] = defaultdict(set)
    rows = (
        Referral.objects.filter(receiving_referral_q(), case_id__in=case_ids)
        .exclude(case__sensitivity=Sensitivity.RESTRICTED)
        .values_list("case_id", "to_organisation_id")
    )
    for case_id, org in rows:
        keys[case_id].add(f"xa{org}")
    return keys


def _receiver_keys(user: Any, identify: bool) -> set[str]:
    """A user's receiver keys: their organisations', if their role does protection work;
    none when asking who identifies (the consent decides what a receiver sees)."""
    from tipnet.accounts.access import organisation_ids
    from tipnet.protection.receiving import _works_protection

    if identify or not _works_protection(user):
        return set()
    return {f"xa{org}" for org in organisation_ids(user)}


def _receiver_grant() -> bool:
    """Whether the receiver's grant is there (it lands with the referral work of issue 12)."""
    try:
        from tipnet.protection.receiving import _works_protection  # noqa: F401
        from tipnet.protection.rules import receiving_referral_q  # noqa: F401
    except ImportError:
        return False
    return True


def register() -> None:
    from django.apps import apps

    from tipnet.people import keys

    keys.register(
        keys.PersonPath(
            Resource.PROTECTION,
            "protection.ProtectionCase",
            person="person_id",
            extra=(_receivers, _receiver_keys) if _receiver_grant() else None,
        )
    )
    keys.refresh_on_save(
        "protection.ProtectionCase",
        lambda case: [case.person_id],
        frozenset({"owner_organisation", "owner_organisation_id", "place", "place_id",
                   "sensitivity", "person", "person_id"}),
    )  # fmt: skip
    # An answer to a referral opens or closes the case to its receiver.
    keys.refresh_on_save("protection.Referral", lambda referral: [referral.case.person_id])
    # A consent recorded or withdrawn may lift or bring back a hold (cases/handoffs.py).
    keys.refresh_on_save("protection.Consent", lambda consent: [consent.case.person_id])
    try:  # a child referred from a case: the hold starts with the referral
        apps.get_model("cases", "CaseReferral")
    except LookupError:
        return
    keys.refresh_on_save("cases.CaseReferral", lambda referral: [referral.person_id])
