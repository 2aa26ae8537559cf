from typing import Any

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "tipnet.cases"
    verbose_name = _("Case database")

    def ready(self) -> None:
        from tipnet.accounts.access import Resource, relate

        relate(Resource.PERSON, people_in_visible_cases, person_in_a_visible_case, Resource.CASE)
        # A child's protection case opened from a criminal case: seen by its reference only
        # until its owner records the guardian's consent (cases/handoffs.py).
        from tipnet.accounts.access import hold
        from tipnet.cases.handoff_services import awaiting_consent, held_protection_cases

        hold(Resource.PROTECTION, held_protection_cases, awaiting_consent)


def people_in_visible_cases(user: Any, identify: bool = False) -> Q:
    """The people of every case this user may see (a prosecutor sees the accused and victims
    of the cases before their office, though the police recorded them).

    Asked person by person (``EXISTS``: the person's links, then each linked case), so that
    a search first narrows people by name and then checks only those: the set of everyone in
    every visible case is never built. With ``identify``, only cases the user identifies count.
    A restricted person is never seen this way: only their owner organisation sees them."""
    from django.db.models import Exists, OuterRef

    from tipnet.accounts.access import Resource, Sensitivity, identifiable, scopes_for, visible
    from tipnet.cases.models import Case, CasePerson

    if not scopes_for(user, "list", Resource.CASE, identify):  # type: ignore[arg-type]
        return Q(pk__in=[])
    cases = Case.objects.filter(pk=OuterRef("case_id"))
    case = (
        identifiable(user, Resource.CASE, cases)
        if identify
        else visible(user, Resource.CASE, cases)
    )
    links = CasePerson.objects.filter(person_id=OuterRef("pk")).filter(Exists(case))
    # The redundant ">=" keeps PostgreSQL from turning the check into a hashed set of every
    # person in every visible case (it does so when it underestimates that set, and a police
    # unit's can hold 300,000 people): with it, each candidate is checked through indexes.
    links = links.filter(person_id__gte=OuterRef("pk"))
    return Q(Exists(links)) & ~Q(sensitivity=Sensitivity.RESTRICTED)


def person_in_a_visible_case(user: Any, person: Any, identify: bool = False) -> bool:
    from tipnet.accounts.access import Action, Resource, Sensitivity, can, may_identify
    from tipnet.cases.models import Case

    if person is None or not getattr(person, "pk", None):
        return False
    if getattr(person, "sensitivity", None) == Sensitivity.RESTRICTED:
        return False
    cases = Case.objects.filter(persons__person=person).select_related("place").distinct()[:50]
    if identify:
        return any(may_identify(user, Resource.CASE, case) for case in cases)
    return any(can(user, Action.VIEW, Resource.CASE, case) for case in cases)
