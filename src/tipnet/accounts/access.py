"""The one access-control module of tipnet.

It answers two questions, for every view, export, API call and command:
- ``can(user, action, resource, record)``: may this user do this to this record?
- ``visible(user, resource, queryset)``: which records may this user list?

Both come from one policy table: for each role and resource, the actions granted and the
*scope* each is granted at, and whether the role may see identities. Records that carry
personal data implement :class:`ScopedRecord`: an owner organisation, a place (a gazetteer
area, whose ``path`` nests by prefix) and a sensitivity.

Scopes:
- ``ANY``: every record (administration of organisations and users, the audit trail).
- ``JURISDICTION``: records whose place lies inside the user's jurisdiction.
- ``ORGANISATION``: records owned by the user's organisation or one below it, or before it as
  a partner (a case's prosecutor's office and court: ``PARTNER_ORGANISATION_FIELDS``), and
  inside the user's jurisdiction (a record with no Cambodian place counts as inside for them).
- ``SELF_ORGANISATION``: the user's own organisation record only.

Restricted records are seen only by the owner organisation's users, whatever the scope.
Users with several roles get the union of what their roles allow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from tipnet.accounts.roles import RoleCode

if TYPE_CHECKING:
    from django.http import HttpRequest

    from tipnet.accounts.models import User
    from tipnet.geo.models import Area


class Action(StrEnum):
    LIST = "list"
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"
    EXPORT = "export"
    # Send a referral or share data without consent that covers it: needs a written reason.
    OVERRIDE_CONSENT = "override_consent"
    # Reopen a closed protection case (a protection supervisor, with a written reason).
    REOPEN = "reopen"
    # Hand a worker's open cases on to another worker of the organisation (a supervisor:
    # accounts/caseload.py), with a written reason.
    REASSIGN = "reassign"


class Resource(StrEnum):
    PERSON = "person"
    CASE = "case"
    OFFENCE = "offence"
    PROTECTION = "protection"
    # Seen only through the rules of the protection app: the two parties, and whoever may
    # see the protection case (protection/apps.py).
    REFERRAL = "referral"
    ORGANISATION = "organisation"
    USER = "user"
    AUDIT = "audit"
    ADMIN_SITE = "admin_site"
    # Prevention activities, their counts and attendance lists (no victim data); the names
    # of known participants are decided by prevention/rules.py (shown_name).
    PREVENTION = "prevention"
    # The code lists of prevention work (activity types, topics): administrators keep them.
    PREVENTION_CODES = "prevention_codes"
    # The village migration register (community app): records, their contacts and returns;
    # the migrant (a person) is seen through the record (community/apps.py).
    MIGRANT = "migrant"
    # The register's risk weights and known exploitation list: administrators keep them.
    COMMUNITY_CODES = "community_codes"


class Scope(StrEnum):
    ANY = "any"
    JURISDICTION = "jurisdiction"
    ORGANISATION = "organisation"
    SELF_ORGANISATION = "self_organisation"


class Sensitivity:
    STANDARD = "standard"
    RESTRICTED = "restricted"


class ScopedRecord(Protocol):
    owner_organisation_id: int | None
    place_id: str | None
    sensitivity: str


@dataclass(frozen=True)
class Grant:
    actions: dict[Action, Scope]
    identify: bool = False


@dataclass(frozen=True)
class RolePolicy:
    grants: dict[Resource, Grant] = field(default_factory=dict)


A, R, S = Action, Resource, Scope
_CASEWORK = {A.LIST: S.ORGANISATION, A.VIEW: S.ORGANISATION, A.CREATE: S.ORGANISATION,
             A.CHANGE: S.ORGANISATION, A.EXPORT: S.ORGANISATION}  # fmt: skip
_OWN_ORG = Grant({A.VIEW: S.SELF_ORGANISATION})
_PREVENTION_WORK = {
    A.LIST: S.ORGANISATION,
    A.VIEW: S.ORGANISATION,
    A.CREATE: S.ORGANISATION,
    A.CHANGE: S.ORGANISATION,
    A.EXPORT: S.ORGANISATION,
}
_PREVENTION_SEEN = Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION, A.EXPORT: S.JURISDICTION})
# The village register: kept with names by its village and commune, counted above them.
_REGISTER_KEPT = Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION, A.CREATE: S.JURISDICTION,
                        A.CHANGE: S.JURISDICTION}, identify=True)  # fmt: skip
_REGISTER_SEEN = Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False)

POLICY: dict[str, RolePolicy] = {
    RoleCode.SYSTEM_ADMIN: RolePolicy({
        R.OFFENCE: Grant({a: S.ANY for a in A}),
        R.ORGANISATION: Grant({a: S.ANY for a in A}),
        R.USER: Grant({a: S.ANY for a in A}),
        R.AUDIT: Grant({A.LIST: S.ANY, A.VIEW: S.ANY, A.EXPORT: S.ANY}),
        R.ADMIN_SITE: Grant({A.VIEW: S.ANY}),
        R.PREVENTION_CODES: Grant({a: S.ANY for a in A}),
        R.COMMUNITY_CODES: Grant({a: S.ANY for a in A}),
    }),
    RoleCode.NATIONAL_ANALYST: RolePolicy({
        R.PREVENTION: _PREVENTION_SEEN,
        R.MIGRANT: _REGISTER_SEEN,
        R.PERSON: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False),
        R.CASE: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False),
        R.PROTECTION: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False),
        R.ORGANISATION: Grant({A.LIST: S.ANY, A.VIEW: S.ANY}),
    }),
    RoleCode.PROVINCIAL_COMMITTEE: RolePolicy({
        # Sees the prevention work of its jurisdiction; records its own organisation's (its
        # meetings, members and workshops: a committee, task force or team is the organisation).
        R.PREVENTION: Grant({**_PREVENTION_SEEN.actions, A.CREATE: S.ORGANISATION,
                             A.CHANGE: S.ORGANISATION}),
        R.MIGRANT: _REGISTER_SEEN,
        R.PERSON: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False),
        R.CASE: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False),
        R.PROTECTION: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False),
        R.ORGANISATION: _OWN_ORG,
    }),
    RoleCode.POLICE_INVESTIGATOR: RolePolicy({
        R.PERSON: Grant(_CASEWORK, identify=True), R.ORGANISATION: _OWN_ORG,
        R.CASE: Grant(_CASEWORK, identify=True),
    }),
    RoleCode.PROSECUTOR: RolePolicy({
        R.PERSON: Grant(_CASEWORK, identify=True), R.ORGANISATION: _OWN_ORG,
        R.CASE: Grant(_CASEWORK, identify=True),
    }),
    RoleCode.SOCIAL_WORKER: RolePolicy({
        R.PERSON: Grant(_CASEWORK, identify=True), R.ORGANISATION: _OWN_ORG,
        R.CASE: Grant(_CASEWORK, identify=True),
        R.PROTECTION: Grant(_CASEWORK, identify=True),
    }),
    RoleCode.PROTECTION_SUPERVISOR: RolePolicy({
        R.PERSON: Grant(_CASEWORK, identify=True), R.ORGANISATION: _OWN_ORG,
        R.PROTECTION: Grant({**_CASEWORK, A.OVERRIDE_CONSENT: S.ORGANISATION,
                             A.REOPEN: S.ORGANISATION, A.REASSIGN: S.ORGANISATION},
                            identify=True),
    }),
    # Sees its organisation's cases and protection cases and hands them on; records nothing.
    RoleCode.HEAD_OF_OFFICE: RolePolicy({
        R.ORGANISATION: _OWN_ORG,
        R.CASE: Grant({A.LIST: S.ORGANISATION, A.VIEW: S.ORGANISATION,
                       A.REASSIGN: S.ORGANISATION}, identify=True),
        R.PROTECTION: Grant({A.LIST: S.ORGANISATION, A.VIEW: S.ORGANISATION,
                             A.REASSIGN: S.ORGANISATION}, identify=True),
    }),
    RoleCode.COMMUNE_FOCAL_POINT: RolePolicy({
        R.PERSON: Grant(
            {A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION, A.CREATE: S.ORGANISATION,
             A.CHANGE: S.ORGANISATION},
            identify=True,
        ),
        R.PROTECTION: Grant(
            {A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION, A.CREATE: S.ORGANISATION,
             A.CHANGE: S.ORGANISATION},
            identify=True,
        ),
        R.MIGRANT: _REGISTER_KEPT,
        R.ORGANISATION: _OWN_ORG,
    }),
    # Village volunteers keep the village register (community app), never the case file.
    # They record their village's meetings and sessions (jurisdiction: the village).
    RoleCode.VILLAGE_VOLUNTEER: RolePolicy({R.ORGANISATION: _OWN_ORG,
                                            R.PREVENTION: Grant(_PREVENTION_WORK),
                                            R.MIGRANT: _REGISTER_KEPT}),
    # Prevention staff never see victims' names.
    RoleCode.PREVENTION_OFFICER: RolePolicy({R.ORGANISATION: _OWN_ORG,
                                             R.PREVENTION: Grant(_PREVENTION_WORK)}),
    RoleCode.AUDITOR: RolePolicy({
        R.AUDIT: Grant({A.LIST: S.ANY, A.VIEW: S.ANY}),
        # Reads the prevention work the trail speaks of, as the analysts do (names of officials
        # only: prevention/rules.shown_name); exports nothing.
        R.PREVENTION: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}),
        R.MIGRANT: _REGISTER_SEEN,
        R.PROTECTION: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False),
        R.CASE: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False),
        R.PERSON: Grant({A.LIST: S.JURISDICTION, A.VIEW: S.JURISDICTION}, identify=False),
        R.ORGANISATION: Grant({A.LIST: S.ANY, A.VIEW: S.ANY}),
        R.USER: Grant({A.LIST: S.ANY, A.VIEW: S.ANY}),
    }),
}  # fmt: skip

# Roles whose users must use two-factor authentication: those that may see identities, the
# administrators, and the auditors: the trail tells who handled which victim's record, when and
# from where, and masked records still carry ages, provinces and stages.
TWO_FACTOR_ROLES = frozenset(
    role for role, policy in POLICY.items() if any(g.identify for g in policy.grants.values())
) | {RoleCode.SYSTEM_ADMIN, RoleCode.AUDITOR}


# Other ways to see a record, registered by the apps that create them: a person is seen (not
# changed) by whoever may see a case they are in. Each rule is a query (for lists) and a check
# (for one record), and applies to LIST and VIEW only. Both take ``identify``: with it, only the
# ways that also identify the record count (the case is seen through a grant that identifies).
# A rule never opens a restricted record to someone outside its owner organisation.
QueryRule = Callable[..., Q]
CheckRule = Callable[..., bool]
RELATED: dict[Resource, list[tuple[QueryRule, CheckRule]]] = {}


# Resources with a related rule that never identifies (a referral's receiver sees the case,
# the consent decides what of it): their lists decide record by record (identify_mode).
UNIDENTIFIED_RELATED: set[Resource] = set()


def relate(
    resource: Resource,
    query: QueryRule,
    check: CheckRule,
    through: Resource | None = None,
    identifies: bool = True,
) -> None:
    RELATED.setdefault(resource, []).append((query, check))
    if through is not None:
        CASE_OF[resource] = through
    if not identifies:
        UNIDENTIFIED_RELATED.add(resource)


def _grants(user: User, resource: Resource, identify: bool = False) -> list[Grant]:
    """The user's grants on ``resource``; with ``identify`` only those that identify."""
    if not user.is_authenticated or not user.is_active:
        return []
    return [
        POLICY[code].grants[resource]
        for code in user.role_codes()
        if code in POLICY
        and resource in POLICY[code].grants
        and (not identify or POLICY[code].grants[resource].identify)
    ]


def scopes_for(
    user: User, action: Action, resource: Resource, identify: bool = False
) -> set[Scope]:
    """The scopes at which ``user`` may ``action``; with ``identify`` only those of grants
    that also identify (a user with two roles identifies only through the one that does)."""
    return {g.actions[action] for g in _grants(user, resource, identify) if action in g.actions}


def _user_org_ids(user: User) -> set[int]:
    cached = getattr(user, "_org_subtree", None)
    if cached is None:
        organisation = user.organisation if user.organisation_id else None
        cached = organisation.subtree_ids() if organisation is not None else set()
        user._org_subtree = cached
    return cached


def organisation_ids(user: User) -> set[int]:
    """The user's organisation and every one below it (empty without an organisation)."""
    return _user_org_ids(user) if user.organisation_id else set()


def _jurisdiction_path(user: User) -> str | None:
    """The gazetteer path of the user's jurisdiction; ``None`` for national."""
    if user.jurisdiction_id is None:
        return None
    # A jurisdiction_id means a jurisdiction (the stubs cannot tie the two).
    return cast("Area", user.jurisdiction).path


def _in_jurisdiction(user: User, record: Any) -> bool:
    path = _jurisdiction_path(user)
    if path is None:
        return True
    place = getattr(record, "place", None) if getattr(record, "place_id", None) else None
    return place is not None and (place.path == path or place.path.startswith(path + "."))


def _record_allowed(user: User, scope: Scope, resource: Resource, record: Any) -> bool:
    if scope == Scope.ANY:
        return True
    if scope == Scope.SELF_ORGANISATION:
        return record is not None and getattr(record, "pk", None) == user.organisation_id
    owner = getattr(record, "owner_organisation_id", None)
    has_place = getattr(record, "place_id", None) is not None
    partners = [
        getattr(record, f, None) for f in getattr(record, "PARTNER_ORGANISATION_FIELDS", ())
    ]
    own = any(o is not None and o in _user_org_ids(user) for o in [owner, *partners])
    if getattr(record, "sensitivity", Sensitivity.STANDARD) == Sensitivity.RESTRICTED and not own:
        return False
    if scope == Scope.JURISDICTION:
        return _in_jurisdiction(user, record)
    if scope == Scope.ORGANISATION:
        return own and (not has_place or _in_jurisdiction(user, record))
    return False


def _allowed(user: User, action: Action, resource: Resource, record: Any, identify: bool) -> bool:
    scopes = scopes_for(user, action, resource, identify)
    if record is None:
        return bool(scopes)
    if any(_record_allowed(user, scope, resource, record) for scope in scopes):
        return True
    if action in (Action.LIST, Action.VIEW) and user.is_authenticated and user.is_active:
        return any(check(user, record, identify) for _, check in RELATED.get(resource, []))
    return False


def can(user: User, action: Action, resource: Resource, record: Any = None) -> bool:
    """May ``user`` do ``action`` on ``record`` (or on the resource at all, without one)?
    A ``record`` may be a draft (not saved yet): creating it asks whether its owner and place
    would be the user's (``can(user, CREATE, resource, draft)``)."""
    return _allowed(user, action, resource, record, identify=False)


def may_identify(
    user: User, resource: Resource, record: Any = None, held: bool | None = None
) -> bool:
    """May ``user`` see the identity (names, documents, contacts, photo, free text) of
    ``record``? Only if a grant that identifies also lets them view this very record: a
    police investigator who sits on the provincial committee identifies the people of their
    unit's cases, and only counts the rest of the province. Without a record: may the user
    identify any record of this resource at all. A held record (:func:`hold`) is identified
    by nobody; ``held`` says whether it is, when the caller already asked."""
    if not _allowed(user, Action.VIEW, resource, record, identify=True):
        return False
    if record is None:
        return True
    return not (is_held(resource, record) if held is None else held)


def identify_mode(user: User, resource: Resource) -> str:
    """``"all"`` when every record the user may see of ``resource`` is seen through a grant
    that identifies, ``"none"`` when no grant identifies, ``"each"`` when it depends on the
    record (a user with a counting role and an identifying one): lists then ask
    :func:`may_identify` record by record."""
    if resource in STORED:
        return STORED[resource].identify_mode(user)
    through = CASE_OF.get(resource)
    grants = _grants(user, resource) + (_grants(user, through) if through else [])
    if not any(g.identify for g in grants):
        return "none"
    if resource in UNIDENTIFIED_RELATED:
        return "each"
    return "all" if all(g.identify for g in grants) else "each"


# Resources whose records store their access keys (people: ``tipnet.people.keys``): their
# lists and searches ask the stored keys (own scopes and related rules in one condition on
# the row, no lookup per candidate), while the check of one record (``can``, ``may_identify``)
# stays the rules themselves; ``people/tests/test_access_keys.py`` holds the two equal.
STORED: dict[Resource, Any] = {}

# Which resource a related rule of a resource goes through (persons are seen through cases).
CASE_OF: dict[Resource, Resource] = {}

# Records whose identity is held back from everyone until something is recorded, registered by
# the apps: a protection case opened by a referral from a criminal case is seen by its
# reference only until its owner records the guardian's consent (cases/handoffs.py). Each
# hold is a query (the held records, for lists) and a check (is this record held).
HeldQuery = Callable[[], Q]
HeldCheck = Callable[[Any], bool]
HELD: dict[Resource, list[tuple[HeldQuery, HeldCheck]]] = {}


def hold(resource: Resource, query: HeldQuery, check: HeldCheck) -> None:
    HELD.setdefault(resource, []).append((query, check))


def is_held(resource: Resource, record: Any) -> bool:
    return record is not None and any(check(record) for _query, check in HELD.get(resource, []))


def held_ids(resource: Resource, records: list[Any]) -> set[Any]:
    """The keys of those of ``records`` that are held (one query per hold, none without)."""
    holds = HELD.get(resource, [])
    if not holds or not records:
        return set()
    model = type(records[0])
    keys = [r.pk for r in records]
    found: set[Any] = set()
    for query, _check in holds:
        rows = model._default_manager.filter(query(), pk__in=keys)
        found |= set(rows.values_list("pk", flat=True))
    return found


def _scope_filter(user: User, scope: Scope, model: type[Model], prefix: str = "") -> Q | None:
    """The condition matching records allowed at ``scope``; ``None`` means nothing.
    ``prefix`` reaches the records through a relation (``"case__"``)."""

    def q(**lookups: Any) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    if scope == Scope.ANY:
        return Q()
    if scope == Scope.SELF_ORGANISATION:
        return q(pk=user.organisation_id) if user.organisation_id else None
    orgs = _user_org_ids(user)
    own = q(owner_organisation_id__in=orgs)
    for partner in getattr(model, "PARTNER_ORGANISATION_FIELDS", ()):
        own |= q(**{f"{partner}__in": orgs})
    not_restricted = ~q(sensitivity=Sensitivity.RESTRICTED) | own
    path = _jurisdiction_path(user)
    inside = Q() if path is None else (q(place__path=path) | q(place__path__startswith=path + "."))
    if scope == Scope.JURISDICTION:
        return inside & not_restricted
    if scope == Scope.ORGANISATION:
        if not user.organisation_id:
            return None
        if path is None:
            # No jurisdiction: everything of the organisation, wherever it is (``Q() | x``
            # would drop the empty condition and keep only the records without a place).
            return own
        return own & (inside | q(place__isnull=True))
    return None


def visible_condition(
    user: User,
    resource: Resource,
    model: type[Model],
    action: Action = Action.LIST,
    prefix: str = "",
    related: bool = True,
) -> Q | None:
    """The condition :func:`visible` applies: ``None`` when nothing is allowed, ``Q()`` when
    everything is. With ``prefix`` it is written for another model's rows that point at the
    records (``CasePerson`` rows seeing their case through ``"case__"``), so that the
    database joins instead of building the set of visible records first. ``related=False``
    leaves out the other ways to see a record (:func:`relate`): only the user's own scopes."""
    if related and not prefix and resource in STORED:
        return STORED[resource].condition(user, action, identify=False)
    condition: Q | None = None
    # The user's own scopes first: the database tests a row's cheap conditions before the
    # related rules' subqueries.
    for scope in scopes_for(user, action, resource):
        part = _scope_filter(user, scope, model, prefix)
        if part is None:
            continue
        if part == Q():
            return Q()
        condition = part if condition is None else condition | part
    if (
        related
        and action in (Action.LIST, Action.VIEW)
        and user.is_authenticated
        and user.is_active
    ):
        for query, _ in RELATED.get(resource, []):
            if prefix:
                raise ValueError(f"{resource} has related rules: use visible() on its model")
            part = query(user, False)
            condition = part if condition is None else condition | part
    return condition


def visible(
    user: User,
    resource: Resource,
    queryset: QuerySet,
    action: Action = Action.LIST,
    related: bool = True,
) -> QuerySet:
    """The records of ``queryset`` this user may list (or ``action``); with
    ``related=False`` only those of the user's own scopes (see :func:`visible_condition`)."""
    condition = visible_condition(user, resource, queryset.model, action, related=related)
    return _filtered(queryset, condition)


def identifiable(user: User, resource: Resource, queryset: QuerySet) -> QuerySet:
    """The records of ``queryset`` whose identity this user may see (see :func:`may_identify`)."""
    condition: Q | None = None
    if resource in STORED:
        condition = STORED[resource].condition(user, Action.VIEW, identify=True)
    else:
        for scope in scopes_for(user, Action.VIEW, resource, identify=True):
            part = _scope_filter(user, scope, queryset.model)
            if part is None:
                continue
            condition = part if condition is None else condition | part
    if user.is_authenticated and user.is_active and resource not in STORED:
        for query, _ in RELATED.get(resource, []):
            part = query(user, True)
            condition = part if condition is None else condition | part
    found = _filtered(queryset, condition)
    for held, _check in HELD.get(resource, []):
        found = found.exclude(held())
    return found


def _filtered(queryset: QuerySet, condition: Q | None) -> QuerySet:
    if condition is None:
        return queryset.none()
    return queryset if condition == Q() else queryset.filter(condition)


def require(request: HttpRequest, action: Action, resource: Resource, record: Any = None) -> None:
    """Raise ``PermissionDenied`` (and write a security audit event) unless allowed."""
    if can(request.user, action, resource, record):  # type: ignore[arg-type]
        return
    deny(request, f"{action} {resource}", record)


def fetch(
    request: HttpRequest,
    resource: Resource,
    queryset: QuerySet,
    pk: Any,
    action: Action = Action.VIEW,
) -> Any:
    """The record ``pk`` of ``queryset`` if this user may view it and ``action`` it: every
    view that opens one record asks here. 404 if there is no such record, 403 (audited, see
    :func:`deny`) if the user may not."""
    from django.http import Http404

    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404
    require(request, Action.VIEW, resource, record)
    if action != Action.VIEW:
        require(request, action, resource, record)
    return record


def require_identify(request: HttpRequest, resource: Resource, record: Any) -> None:
    """Raise ``PermissionDenied`` (audited) unless the user may identify ``record``."""
    if not may_identify(request.user, resource, record):  # type: ignore[arg-type]
        deny(request, f"identify {resource}", record)


def may_correct(
    user: User, resource: Resource, record: Any, recorded_by_organisation_id: int | None
) -> bool:
    """May ``user`` correct or withdraw an entry of ``record`` (a step, charge, verdict or
    person of a case) that ``recorded_by_organisation_id`` recorded? Only that organisation
    (or one above it), while it may change the record; other agencies ask it to."""
    return (
        recorded_by_organisation_id is not None
        and recorded_by_organisation_id in organisation_ids(user)
        and can(user, Action.CHANGE, resource, record)
    )


def require_correct(
    request: HttpRequest, resource: Resource, record: Any, recorded_by_organisation_id: int | None
) -> None:
    """Raise ``PermissionDenied`` (audited) unless :func:`may_correct`."""
    if not may_correct(request.user, resource, record, recorded_by_organisation_id):  # type: ignore[arg-type]
        deny(request, f"correct {resource} entry", record)


class NotAllowed(PermissionDenied):
    """A write the access module refuses, with the reason to show the user (translated) and a
    detail for the audit trail (no personal data)."""

    def __init__(self, message: str, detail: str) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


def check_write(user: User, action: Action, resource: Resource, draft: Any) -> None:
    """Refuse (:class:`NotAllowed`) a write the user may not make, asked of the record as it
    would be saved: a new record with its owner and place, or an edited one after the edit (a
    move to another place). Every service that creates or moves a record calls it first, so
    the web forms, the importer, commands and later doors refuse alike."""
    if can(user, action, resource, draft):
        return
    detail = f"{action} {resource}: place outside the user's scope"
    if getattr(draft, "place_id", None) and not _in_jurisdiction(user, draft):
        message = _(
            "%(place)s is outside your jurisdiction (%(jurisdiction)s): you may record only "
            "within it."
        ) % {"place": draft.place.name, "jurisdiction": cast("Area", user.jurisdiction).name}
        raise NotAllowed(message, detail)
    if getattr(draft, "place_id", None) is None and user.jurisdiction_id is not None:
        message = _("Choose a place within your jurisdiction (%(jurisdiction)s).") % {
            "jurisdiction": cast("Area", user.jurisdiction).name
        }
        raise NotAllowed(message, detail)
    raise NotAllowed(_("Your role may not record this."), f"{action} {resource}")


def deny(request: HttpRequest, detail: str, record: Any = None) -> None:
    """Write the security audit event of a refusal and raise ``PermissionDenied``."""
    from tipnet.audit.services import record_event

    record_event(
        request,
        "permission_denied",
        target=record if isinstance(record, Model) else None,
        detail=detail,
    )
    raise PermissionDenied


def can_follow_job(user: User, job: Any, action: Action, resource: Resource) -> bool:
    """A background job (its progress and result) is seen by who started it, and by the users
    of their organisation who may do the same work (``action`` on ``resource``), while they
    still may do it."""
    if not can(user, action, resource):
        return False
    if job.created_by_id == user.pk:
        return True
    return bool(job.organisation_id) and job.organisation_id == user.organisation_id
