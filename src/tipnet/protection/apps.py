from typing import Any

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "tipnet.protection"
    verbose_name = _("Victim protection")

    def ready(self) -> None:
        from tipnet.accounts.access import Resource, relate

        relate(Resource.REFERRAL, referrals_seen, referral_seen)


def referrals_seen(user: Any, identify: bool = False) -> Q:
    """Referrals a user sees: those their organisation sent or received (identified if their
    role identifies protection cases: the consent then decides what shows), and those of the
    protection cases they may see (identified as the case is)."""
    from tipnet.accounts.access import Action, Resource, identifiable, scopes_for, visible
    from tipnet.protection import rules
    from tipnet.protection.models import ProtectionCase

    parties = rules.referral_parties(user)
    if not scopes_for(user, Action.VIEW, Resource.PROTECTION, identify):
        parties = Q(pk__in=[])  # a party's users who do no protection work see nothing
    cases = ProtectionCase.objects.all()
    cases = (identifiable if identify else visible)(user, Resource.PROTECTION, cases)
    return parties | Q(case__in=cases.values("pk"))


def referral_seen(user: Any, referral: Any, identify: bool = False) -> bool:
    from tipnet.accounts.access import Action, Resource, can, may_identify, scopes_for
    from tipnet.protection import rules

    if rules.side_of(user, referral) and scopes_for(
        user, Action.VIEW, Resource.PROTECTION, identify
    ):
        return True
    if identify:
        return may_identify(user, Resource.PROTECTION, referral.case)
    return can(user, Action.VIEW, Resource.PROTECTION, referral.case)
