"""The access keys of a person, stored on their row (``Person.access_keys``): the keys
(:mod:`tipnet.accounts.access_keys`) of the person's own record and of every record through
which the access rules open the person to others: the cases they are in, the protection
cases they are in and those cases' receivers (registered as :class:`PersonPath` by the apps
that own those records). A list or search of people then asks one condition on the row
("shares a key with the user"), which PostgreSQL answers from one index, combined with the
name index, instead of looking each candidate's cases up.

One list of paths gives both forms of each rule: :meth:`PersonPath.check` (is one person
open to a user: the access module's own query on the path's records, used by ``can``) and
the keys stored here (:func:`refresh`). Every write path keeps the keys true: the services
through the signals the paths register (a saved or deleted case, case person, protection
case, referral or person), the importer and the synthetic data by writing them with the rows
(:func:`keys_for`); :func:`key_problems` recomputes and compares, as ``summary_problems``
does for the suspects' summaries, and ``tipnet check_access_keys`` runs it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from tipnet.accounts.access import Action, Resource, Sensitivity, identifiable, visible
from tipnet.accounts.access_keys import Facts, joined, record_keys, user_keys

CHUNK = 5000


@dataclass(frozen=True)
class PersonPath:
    """A kind of record through which a person is seen: ``model`` (``"cases.Case"``) reached
    from the person by ``person`` (the lookup from the record to the person's id), counting
    only the links that satisfy ``in_force``; the record's grants on ``resource`` apply.
    ``extra`` adds the keys of the resource's other related rules (a referral's receiver):
    ``(record pks -> {pk: keys}, (user, identify) -> keys)``."""

    resource: Resource
    model: str
    person: str
    in_force: dict[str, Any] = field(default_factory=dict)
    extra: (
        tuple[Callable[[list[int]], dict[int, set[str]]], Callable[[Any, bool], set[str]]] | None
    ) = None

    def records(self, person_id: int) -> Any:
        """The records of this path that open the person (one ``filter``: the links in force
        are this person's links)."""
        return apps.get_model(self.model).objects.filter(
            **{self.person: person_id, **self.in_force}
        )

    def facts(self, person_ids: Sequence[int]) -> Iterator[tuple[int, int, Facts]]:
        """(person id, record pk, facts) of the records of these people."""
        model = apps.get_model(self.model)
        partners = list(getattr(model, "PARTNER_ORGANISATION_FIELDS", ()))
        rows = (
            apps.get_model(self.model)
            .objects.filter(**{f"{self.person}__in": person_ids, **self.in_force})
            .values_list(
                self.person, "pk", "owner_organisation_id", *partners, "place__path", "sensitivity"
            )
        )
        found = list(rows)
        held = _held(model, self.resource, [row[1] for row in found])
        for person_id, pk, *orgs, path, sensitivity in found:
            yield (
                person_id,
                pk,
                Facts(
                    self.resource,
                    frozenset(o for o in orgs if o is not None),
                    path,
                    sensitivity == Sensitivity.RESTRICTED,
                    pk in held,
                ),
            )

    def check(self, user: Any, person: Any, identify: bool = False) -> bool:
        """The rule itself: is ``person`` in a record of this path that the user may see
        (identify, with ``identify``)? A restricted person is never seen this way."""
        if person is None or not getattr(person, "pk", None):
            return False
        if getattr(person, "sensitivity", None) == Sensitivity.RESTRICTED:
            return False
        records = self.records(person.pk)
        if identify:
            return identifiable(user, self.resource, records).exists()
        return visible(user, self.resource, records, Action.VIEW).exists()

    def query(self, user: Any, identify: bool = False) -> Q:
        """The rule as a condition on people's stored keys (this path's keys only)."""
        return _matching(self._user_keys(user, identify))

    def _user_keys(self, user: Any, identify: bool) -> set[str]:
        keys = user_keys(user, self.resource, Action.LIST, identify)
        if self.extra is not None:
            keys |= self.extra[1](user, identify)
        return keys


PATHS: list[PersonPath] = []


def _held(model: Any, resource: Resource, pks: list[int]) -> set[int]:
    """Which of these records are held (``access.hold``): nobody identifies them."""
    from tipnet.accounts import access

    holds = getattr(access, "HELD", {}).get(resource, [])
    found: set[int] = set()
    for query, _check in holds if pks else []:
        for chunk in _chunks(sorted(set(pks))):
            found |= set(
                model._default_manager.filter(query(), pk__in=chunk).values_list("pk", flat=True)
            )
    return found


def register(path: PersonPath) -> None:
    """Add a way to see people (an app's ``ready``): the access module's related rule of
    people and the stored keys both come from it."""
    from tipnet.accounts.access import relate

    PATHS.append(path)
    relate(Resource.PERSON, path.query, path.check, path.resource)


def _matching(keys: set[str]) -> Q:
    return Q(access_keys__has_any=sorted(keys)) if keys else Q(pk__in=[])


def _keys(user: Any, action: Action, identify: bool) -> set[str]:
    keys = user_keys(user, Resource.PERSON, action, identify)
    if action in (Action.LIST, Action.VIEW):
        for path in PATHS:
            keys |= path._user_keys(user, identify)
    return keys


class StoredPersonKeys:
    """What the access module asks of people (``access.STORED``)."""

    @staticmethod
    def condition(user: Any, action: Action, identify: bool = False) -> Q | None:
        """The condition ``visible`` (with ``identify``: ``identifiable``) applies: the user's
        own scopes on people and, for listing and viewing, every path's rules; ``None`` when
        nothing is allowed."""
        keys = _keys(user, action, identify)
        return Q(access_keys__has_any=sorted(keys)) if keys else None

    @staticmethod
    def identify_mode(user: Any) -> str:
        """``"all"`` when every key that shows a person also identifies them."""
        identified = _keys(user, Action.VIEW, True)
        if not identified:
            return "none"
        return "all" if _keys(user, Action.LIST, False) <= identified else "each"


# Computing and storing ---------------------------------------------------------------------


def keys_for(own: Facts, related: Iterable[Facts] = (), more: Iterable[str] = ()) -> str:
    """The stored keys of a person whose own record is ``own`` and who is in the records
    ``related`` (their facts) with the further keys ``more``; for rows written in bulk (the
    importer, synthetic data). A restricted person is opened by no other record."""
    keys = record_keys(own)
    if not own.restricted:
        for facts in related:
            keys |= record_keys(facts)
        keys.update(more)
    return joined(keys)


def record_facts(model_name: str, resource: Resource, pks: Iterable[int]) -> dict[int, Facts]:
    """The facts of these records (cases the importer links new people to), by pk."""
    model = apps.get_model(model_name)
    partners = list(getattr(model, "PARTNER_ORGANISATION_FIELDS", ()))
    found: dict[int, Facts] = {}
    ids = sorted(set(pks))
    held = _held(model, resource, ids)
    for chunk in _chunks(ids):
        rows = model.objects.filter(pk__in=chunk).values_list(
            "pk", "owner_organisation_id", *partners, "place__path", "sensitivity"
        )
        for pk, *orgs, path, sensitivity in rows:
            found[pk] = Facts(
                resource,
                frozenset(o for o in orgs if o is not None),
                path,
                sensitivity == Sensitivity.RESTRICTED,
                pk in held,
            )
    return found


def person_facts(owner_organisation_id: int, path: str | None, sensitivity: str) -> Facts:
    return Facts(
        Resource.PERSON,
        frozenset({owner_organisation_id}),
        path,
        sensitivity == Sensitivity.RESTRICTED,
    )


def computed(person_ids: Sequence[int]) -> dict[int, str]:
    """The keys these people should have, from their records as stored now."""
    from tipnet.people.models import Person

    own: dict[int, Facts] = {}
    rows = Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "owner_organisation_id", "place__path", "sensitivity"
    )
    for pk, owner, place_path, sensitivity in rows:
        own[pk] = person_facts(owner, place_path, sensitivity)
    related: dict[int, list[Facts]] = defaultdict(list)
    more: dict[int, set[str]] = defaultdict(set)
    ids = [pk for pk, facts in own.items() if not facts.restricted]
    for path in PATHS:
        by_record: dict[int, list[int]] = defaultdict(list)
        for person_id, pk, facts in path.facts(ids):
            related[person_id].append(facts)
            by_record[pk].append(person_id)
        if path.extra is not None and by_record:
            for pk, keys in path.extra[0](sorted(by_record)).items():
                for person_id in by_record[pk]:
                    more[person_id] |= keys
    return {pk: keys_for(facts, related[pk], more[pk]) for pk, facts in own.items()}


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _store(pairs: list[tuple[int, str]]) -> None:
    from tipnet.people.models import Person

    if not pairs:
        return
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f'UPDATE "{table}" AS p SET access_keys = v.k '  # noqa: S608 (our table name)
                "FROM unnest(%s::int[], %s::text[]) AS v(id, k) WHERE p.id = v.id",
                [[pk for pk, _ in pairs], [k for _, k in pairs]],
            )
        else:
            cursor.executemany(
                f'UPDATE "{table}" SET access_keys = %s WHERE id = %s',  # noqa: S608
                [(k, pk) for pk, k in pairs],
            )


def refresh(person_ids: Iterable[int]) -> int:
    """Store the keys of these people where they differ; how many changed."""
    from tipnet.people.models import Person

    changed = 0
    for chunk in _chunks(sorted(set(person_ids))):
        wanted = computed(chunk)
        stored = dict(Person.objects.filter(pk__in=chunk).values_list("pk", "access_keys"))
        pairs = [(pk, keys) for pk, keys in wanted.items() if stored.get(pk) != keys]
        _store(pairs)
        changed += len(pairs)
    return changed


# From this many people on (the migration that adds the keys, a repair of a national
# database), PostgreSQL's plain indexes of the person table are dropped first and built once
# after, as ``tipnet synth`` does: updating 2.6 million rows through a dozen indexes (two GIN)
# takes about 25 minutes on two cores, without them a few.
BULK = 100_000


def refresh_many(person_ids: Iterable[int]) -> int:
    """:func:`refresh`, for a great many people at once (outside a transaction)."""
    ids = sorted(set(person_ids))
    if len(ids) < BULK or connection.vendor != "postgresql" or connection.in_atomic_block:
        return refresh(ids)
    from tipnet.people.models import Person

    table = Person._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x
               JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
               WHERE t.relname = %s AND NOT x.indisunique AND NOT x.indisprimary
                 AND i.relnamespace = 'public'::regnamespace""",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        return refresh(ids)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f'VACUUM ANALYZE "{table}"')


def _all_ids(people: Any = None) -> list[int]:
    from tipnet.people.models import Person

    qs = Person.objects.all() if people is None else people
    return list(qs.order_by("pk").values_list("pk", flat=True))


def refresh_all(people: Any = None) -> int:
    return refresh_many(_all_ids(people))


def key_problems(people: Any = None) -> list[str]:
    """People whose stored keys differ from what their records give."""
    from tipnet.people.models import Person

    problems = []
    for chunk in _chunks(_all_ids(people)):
        wanted = computed(chunk)
        for pk, stored in Person.objects.filter(pk__in=chunk).values_list("pk", "access_keys"):
            if stored != wanted[pk]:
                problems.append(f"person {pk}: access keys {stored!r} != {wanted[pk]!r}")
    return problems


# Keeping them true on every save -------------------------------------------------------------


def refresh_on_save(
    model: str, people_of: Callable[[Any], Iterable[int]], fields: frozenset[str] | None = None
) -> None:
    """Refresh the keys of ``people_of(instance)`` whenever an instance of ``model`` is saved
    (only if ``fields`` is ``None`` or a save's ``update_fields`` touches one) or deleted."""

    def saved(
        sender: Any, instance: Any, update_fields: Any = None, raw: bool = False, **_: Any
    ) -> None:
        if raw:
            return
        if fields is not None and update_fields is not None and not (set(update_fields) & fields):
            return
        refresh(people_of(instance))

    def deleted(sender: Any, instance: Any, **_: Any) -> None:
        refresh(people_of(instance))

    target = apps.get_model(model)
    post_save.connect(saved, sender=target, weak=False, dispatch_uid=f"access_keys_save_{model}")
    post_delete.connect(
        deleted, sender=target, weak=False, dispatch_uid=f"access_keys_delete_{model}"
    )
