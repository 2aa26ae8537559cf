"""Migration 0007 moves each person's one document into their identity documents (and back)."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tipnet.people.documents import number_index
from tipnet.people.models import IdentityDocument
from tipnet.people.services import find_by_id_number
from tipnet.testing import ensure_roles, make_org

BEFORE = [("people", "0006_identity_documents")]


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    # Every app's latest, not only people's: going back to 0006 also unapplies the other
    # apps' migrations that depend on later people migrations (cases 0011's child referrals),
    # and the tests after this one need their tables.
    return list(executor.loader.graph.leaf_nodes())


def test_it_moves_each_persons_document_into_the_new_model(flushable_audit):
    ensure_roles()
    org = make_org("Police BMC")
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("people", "Person")
    with_id = old.objects.create(
        owner_organisation_id=org.pk, name_latin="Sok Dara", id_document_type="passport",
        id_number=" N 0123 ", id_number_index="stale",
    )  # fmt: skip
    bare = old.objects.create(owner_organisation_id=org.pk, name_latin="Ly Mary")
    number_only = old.objects.create(
        owner_organisation_id=org.pk, name_latin="Keo Pich", id_number="០១២៣"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    moved = IdentityDocument.objects.get(person_id=with_id.pk)
    assert (moved.kind, moved.number, moved.holder) == ("passport", "N 0123", "person")
    assert moved.number_index == number_index("N0123")
    assert not IdentityDocument.objects.filter(person_id=bare.pk).exists()
    other = IdentityDocument.objects.get(person_id=number_only.pk)
    assert other.kind == "other" and other.number_index == number_index("0123")
    from tipnet.people.models import Person

    assert list(find_by_id_number(Person.objects.all(), "n0123")) == [
        Person.objects.get(pk=with_id.pk)
    ]

    # And back: the first document returns to the person's columns.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("people", "Person")
    assert old.objects.get(pk=with_id.pk).id_number == "N 0123"
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
