"""Caseloads: who holds which open work of an organisation, and whose work waits for a new
holder (reassignment itself: :mod:`tipnet.accounts.reassign`).

Two kinds of work have a holder: a criminal case its lead officer, a protection case its case
worker. A criminal case is open until every suspect's proceedings have ended (final judgment,
or charges dismissed); a case without a suspect yet is open. A protection case is open until it
is closed. Work whose holder's account is deactivated, or who left the organisation, counts as
unassigned until a supervisor hands it on.

Who supervises: whoever may ``Action.REASSIGN`` a kind of work (the head of office for both
kinds, the protection supervisor for protection cases), for their own organisation's work, and
only the records the access module lets them see. Counts and lists always go through
:func:`tipnet.accounts.access.visible`; titles and names through the views of
:mod:`tipnet.accounts.seen`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import POLICY, Action, Resource, can, visible
from tipnet.accounts.models import User

if TYPE_CHECKING:
    from django.db.models import Model


@dataclass(frozen=True)
class Kind:
    """One kind of work with a holder."""

    key: str  # "case", "protection": the value of a pick on the reassignment form
    resource: Resource
    worker_field: str
    label: Promise  # "Criminal cases"

    @property
    def model(self) -> type[Model]:
        if self.key == "case":
            from tipnet.cases.models import Case

            return Case
        from tipnet.protection.models import ProtectionCase

        return ProtectionCase

    def open(self, queryset: QuerySet) -> QuerySet:
        """The open records of ``queryset``."""
        if self.key == "case":
            from tipnet.cases.codes import CaseRole
            from tipnet.cases.models import CasePerson
            from tipnet.cases.stages import Stage

            suspects = CasePerson.objects.filter(case=OuterRef("pk"), role=CaseRole.SUSPECT)
            running = suspects.exclude(stage__in=[Stage.FINAL, Stage.DISMISSED])
            return queryset.filter(~Exists(suspects) | Exists(running))
        from tipnet.protection.codes import Stage as CareStage

        return queryset.exclude(stage=CareStage.CLOSED)

    def stage_label(self, stage: str) -> str:
        if self.key == "case":
            from tipnet.cases.stages import Stage

            return str(Stage(stage).label) if stage else str(_("No proceedings yet"))
        from tipnet.protection.codes import Stage as CareStage

        return str(CareStage(stage).label)

    def stage_order(self) -> list[str]:
        if self.key == "case":
            from tipnet.cases.stages import Stage

            return ["", *Stage.values]
        from tipnet.protection.codes import Stage as CareStage

        return list(CareStage.values)

    def holder_roles(self) -> frozenset[str]:
        """The roles that may hold such work: those that may change it."""
        return frozenset(
            code
            for code, policy in POLICY.items()
            if self.resource in policy.grants
            and Action.CHANGE in policy.grants[self.resource].actions
        )


CASES = Kind("case", Resource.CASE, "lead_officer", _("Criminal cases"))
PROTECTION = Kind("protection", Resource.PROTECTION, "case_worker", _("Protection cases"))
KINDS = (CASES, PROTECTION)
KIND_BY_KEY = {k.key: k for k in KINDS}


def supervised_kinds(user: Any) -> list[Kind]:
    """The kinds of work ``user`` may hand on in their organisation."""
    if not user.is_authenticated or not user.is_active or not user.organisation_id:
        return []
    return [k for k in KINDS if can(user, Action.REASSIGN, k.resource)]


def may_supervise(user: Any) -> bool:
    return bool(supervised_kinds(user))


def open_work(user: Any, kind: Kind, organisation_id: int | None = None) -> QuerySet:
    """The open records of ``kind`` that ``user`` may see; of one owner organisation if
    given."""
    qs = kind.model._default_manager.all()
    if organisation_id is not None:
        qs = qs.filter(owner_organisation_id=organisation_id)
    return kind.open(visible(user, kind.resource, qs))


def eligible_workers(organisation_id: int, kinds: list[Kind]) -> QuerySet[User]:
    """Who may take over work of these kinds: active users of the organisation with a role
    that may hold each kind."""
    qs = User.objects.filter(organisation_id=organisation_id, is_active=True)
    for kind in kinds:
        qs = qs.filter(pk__in=User.objects.filter(roles__code__in=kind.holder_roles()))
    return qs.order_by("first_name", "last_name", "username")


def has_left(worker: User, organisation_id: int) -> bool:
    """A holder who can no longer work the organisation's cases: deactivated, or moved."""
    return not worker.is_active or worker.organisation_id != organisation_id


@dataclass
class Tally:
    total: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)

    def add(self, stage: str, n: int) -> None:
        self.total += n
        self.by_stage[stage] = self.by_stage.get(stage, 0) + n


@dataclass
class Row:
    """One worker's (or the unassigned) open work, by kind: ``tallies[kind.key]``."""

    worker: User | None
    tallies: dict[str, Tally] = field(default_factory=dict)
    left: bool = False

    def tally(self, key: str) -> Tally:
        return self.tallies.setdefault(key, Tally())

    @property
    def total(self) -> int:
        return sum(t.total for t in self.tallies.values())

    def stages(self, kind: Kind) -> list[tuple[str, str, int]]:
        """(stage, label, count) of one kind, in the order of the stages."""
        tally = self.tallies.get(kind.key, Tally())
        return [
            (stage, kind.stage_label(stage), tally.by_stage[stage])
            for stage in kind.stage_order()
            if tally.by_stage.get(stage)
        ]


@dataclass
class Caseload:
    kinds: list[Kind]
    workers: list[Row]  # the organisation's active workers, none left out
    unassigned: Row  # no holder, or a holder who left (the ``left`` rows together)
    left: list[Row]  # each deactivated or moved account that still holds open work


def caseload(user: Any) -> Caseload:
    """The caseload of the user's organisation, as far as they may see and supervise it."""
    kinds = supervised_kinds(user)
    organisation_id = user.organisation_id
    holders = set().union(*(k.holder_roles() for k in kinds))
    active = User.objects.filter(
        organisation_id=organisation_id, is_active=True, roles__code__in=holders
    ).distinct()
    rows: dict[int, Row] = {w.pk: Row(w) for w in active}
    unassigned = Row(None)
    held: dict[int, list[tuple[Kind, str, int]]] = {}
    for kind in kinds:
        counts = (
            open_work(user, kind, organisation_id)
            .order_by()
            .values(kind.worker_field, "stage")
            .annotate(n=Count("id"))
        )
        for item in counts:
            worker_id, stage, n = item[kind.worker_field], item["stage"], item["n"]
            if worker_id is None:
                unassigned.tally(kind.key).add(stage, n)
            else:
                held.setdefault(worker_id, []).append((kind, stage, n))
    missing = set(held) - set(rows)
    for worker in User.objects.filter(pk__in=missing):
        rows[worker.pk] = Row(worker, left=has_left(worker, organisation_id))
    for worker_id, items in held.items():
        for kind, stage, n in items:
            rows[worker_id].tally(kind.key).add(stage, n)
    left = sorted((r for r in rows.values() if r.left), key=_by_name)
    for row in left:
        for key, tally in row.tallies.items():
            for stage, n in tally.by_stage.items():
                unassigned.tally(key).add(stage, n)
    workers = sorted((r for r in rows.values() if not r.left), key=_by_name)
    return Caseload(kinds, workers, unassigned, left)


def _by_name(row: Row) -> str:
    return row.worker.display_name.casefold() if row.worker else ""


def left_work_count(user: Any) -> int:
    """How many open records of the user's organisation (that they supervise) are held by an
    account that was deactivated or left it: the home page's waiting item."""
    total = 0
    for kind in supervised_kinds(user):
        gone = User.objects.filter(
            Q(is_active=False) | ~Q(organisation_id=user.organisation_id)
        ).values("pk")
        qs = open_work(user, kind, user.organisation_id)
        total += qs.filter(**{f"{kind.worker_field}__in": gone}).count()
    return total


def worker_kinds(viewer: Any, worker: User | None) -> list[Kind]:
    """The kinds of ``worker``'s work ``viewer`` may look at (``None``: the unassigned work):
    their own work, or the work a supervisor supervises, of the worker's organisation or
    held by the worker in the supervisor's organisation. Empty: no access."""
    if worker is not None and worker.pk == viewer.pk:
        return [k for k in KINDS if can(viewer, Action.LIST, k.resource)]
    kinds = supervised_kinds(viewer)
    if worker is None or worker.organisation_id == viewer.organisation_id:
        return kinds
    return [
        k
        for k in kinds
        if open_work(viewer, k, viewer.organisation_id).filter(**{k.worker_field: worker}).exists()
    ]


def worker_work(viewer: Any, worker: User | None, kind: Kind) -> QuerySet:
    """The open records of ``kind`` held by ``worker`` (``None``: held by nobody) that
    ``viewer`` sees: all of their own; a supervisor's organisation's otherwise."""
    own = worker is not None and worker.pk == viewer.pk
    qs = open_work(viewer, kind, None if own else viewer.organisation_id)
    qs = qs.filter(**{kind.worker_field: worker}) if worker else qs.filter(
        **{f"{kind.worker_field}__isnull": True}
    )  # fmt: skip
    related = ["owner_organisation", "place"] + (["person"] if kind.key == "protection" else [])
    order = "-reported_on" if kind.key == "case" else "-opened_on"
    return qs.select_related(*related).order_by(order, "-id")
