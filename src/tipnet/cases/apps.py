from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The fields of a case that decide who sees the people in it.
ACCESS_FIELDS = frozenset(
    f + suffix
    for f in ("owner_organisation", "prosecution_organisation", "court_organisation", "place")
    for suffix in ("", "_id")
) | {"sensitivity"}


class CasesConfig(AppConfig):
    name = "tipnet.cases"
    verbose_name = _("Case database")

    def ready(self) -> None:
        from tipnet.accounts.access import Resource
        from tipnet.people import keys

        # A person is seen (not changed) by whoever may see a case they are in (a prosecutor
        # sees the accused and victims of the cases before their office, though the police
        # recorded them), through the links in force; a restricted person never this way.
        keys.register(
            keys.PersonPath(
                Resource.CASE,
                "cases.Case",
                person="persons__person_id",
                in_force={"persons__withdrawn_at__isnull": True},
            )
        )
        keys.refresh_on_save(
            "cases.CasePerson",
            lambda link: [link.person_id],
            frozenset({"withdrawn_at", "person", "person_id", "case", "case_id"}),
        )
        keys.refresh_on_save("cases.Case", _people_of_case, ACCESS_FIELDS)

        # A child's protection case opened from a criminal case: seen by its reference only
        # until its owner records the guardian's consent (cases/handoffs.py).
        from tipnet.accounts.access import hold
        from tipnet.cases.handoff_services import awaiting_consent, held_protection_cases

        hold(Resource.PROTECTION, held_protection_cases, awaiting_consent)


def _people_of_case(case):  # type: ignore[no-untyped-def]
    from tipnet.cases.models import CasePerson

    return list(CasePerson.all_objects.filter(case_id=case.pk).values_list("person_id", flat=True))
