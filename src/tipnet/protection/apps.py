from typing import Any

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "tipnet.protection"
    verbose_name = _("Victim protection")

    def ready(self) -> None:
        from tipnet.accounts.access import Resource, relate
        from tipnet.protection.receiving import received_case, received_cases

        relate(Resource.REFERRAL, referrals_seen, referral_seen)
        # A person is seen by whoever sees a protection case they are in (people/keys.py).
        from tipnet.protection import person_keys

        person_keys.register()
        # The receiver of an accepted referral sees the case (never identifies it: the
        # consent decides what shows, on the referral page): protection/receiving.py.
        relate(Resource.PROTECTION, received_cases, received_case, identifies=False)


def referrals_seen(user: Any, identify: bool = False) -> Q:
    """Referrals a user sees: those their organisation sent or received (identified if their
    role identifies protection cases: the consent then decides what shows), and those of the
    protection cases they may see through their own scopes (identified as the case is): a
    referral's receiver does not see the case's other referrals."""
    from tipnet.accounts.access import Action, Resource, identifiable, scopes_for, visible
    from tipnet.protection import rules
    from tipnet.protection.models import ProtectionCase

    parties = rules.referral_parties(user)
    if not scopes_for(user, Action.VIEW, Resource.PROTECTION, identify):
        parties = Q(pk__in=[])  # a party's users who do no protection work see nothing
    cases = ProtectionCase.objects.all()
    cases = (
        identifiable(user, Resource.PROTECTION, cases)
        if identify
        else visible(user, Resource.PROTECTION, cases, related=False)
    )
    return parties | Q(case__in=cases.values("pk"))


def referral_seen(user: Any, referral: Any, identify: bool = False) -> bool:
    from tipnet.accounts.access import Action, Resource, may_identify, scopes_for
    from tipnet.protection import receiving, rules

    if rules.side_of(user, referral) and scopes_for(
        user, Action.VIEW, Resource.PROTECTION, identify
    ):
        return True
    if identify:
        return may_identify(user, Resource.PROTECTION, referral.case)
    return receiving.sees_case_itself(user, referral.case)
