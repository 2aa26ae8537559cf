from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tipnet.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from tipnet.accounts.access import STORED, Resource
        from tipnet.people import keys

        # People's lists and searches ask their stored access keys (people/keys.py).
        STORED[Resource.PERSON] = keys.StoredPersonKeys()
        keys.refresh_on_save(
            "people.Person",
            lambda person: [person.pk],
            frozenset({"owner_organisation", "owner_organisation_id", "place", "place_id",
                       "sensitivity"}),
        )  # fmt: skip
        post_migrate.connect(_keys_after_migrate, sender=self)


def _keys_after_migrate(**kwargs: object) -> None:
    """People without keys (all of them, after the migration that adds the keys) get theirs."""
    from django.db import connection

    from tipnet.people import keys
    from tipnet.people.models import Person

    table = Person._meta.db_table
    if table not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    if "access_keys" not in columns:  # migrated back before the keys
        return
    keys.refresh_many(Person.objects.filter(access_keys="").values_list("pk", flat=True))
