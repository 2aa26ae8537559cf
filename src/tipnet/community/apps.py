from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The fields of a migration record that decide who sees its migrant.
ACCESS_FIELDS = frozenset(
    f + suffix for f in ("owner_organisation", "place", "person") for suffix in ("", "_id")
) | {"sensitivity"}


class CommunityConfig(AppConfig):
    name = "tipnet.community"
    verbose_name = _("Community network")

    def ready(self) -> None:
        from tipnet.accounts import access_keys, seen
        from tipnet.accounts.access import Resource
        from tipnet.people import keys

        # The stored keys' letter of the register (accounts/access_keys.py LETTERS).
        access_keys.LETTERS.setdefault(Resource.MIGRANT, "m")
        # A migrant is seen (not changed) by whoever may see their migration record, and
        # identified as the record is: the village and commune that keep the register name
        # them, the counting roles count them (people/keys.py keeps the stored keys true).
        keys.register(keys.PersonPath(Resource.MIGRANT, "community.MigrationRecord", "person_id"))
        keys.refresh_on_save(
            "community.MigrationRecord", lambda record: [record.person_id], ACCESS_FIELDS
        )
        # What a counting role does not see of the register (accounts/seen.py): the migrant
        # through the person's whitelist, the record's and contacts' free text withheld.
        seen.WITHHELD.setdefault(
            "community.migrationrecord",
            frozenset({"employer", "companions_note", "family_contact_name",
                       "family_contact_phone", "licence_number"}),
        )  # fmt: skip
        seen.WITHHELD.setdefault("community.migrantcontact", frozenset({"note"}))
        seen.WITHHELD.setdefault("community.migrantreturn", frozenset({"note"}))
        seen.NESTED.setdefault("community.migrationrecord", frozenset({"person"}))
