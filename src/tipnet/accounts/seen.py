"""What a user sees of a record: decided once, on the server, before anything is rendered.

:func:`seen` wraps a record in a :class:`Seen` view. When the user may identify the record
(:func:`tipnet.accounts.access.may_identify`: a grant that identifies lets them view this
very record) the view passes everything through; when they may only count it, the
identifying attributes are *absent*: reading one raises ``AttributeError`` (a template shows
nothing), so no template, export or later door can show what the access module withheld.
Records reached from a view (a case's people, a protection case's person) are views too, with
the same decision, and a restricted person is identified only by their owner organisation.

A person is shown through a whitelist (``PUBLIC``: what a counting role may see); other
records through a list of their free-text and identifying attributes (``WITHHELD``). The
referral page composes a person's view from the data categories the consent covers
(:data:`CATEGORY_ATTRIBUTES`). Modelled on Primero's ``PermittedFieldService``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from tipnet.accounts.access import (
    STORED,
    Resource,
    Sensitivity,
    held_ids,
    identifiable,
    identify_mode,
    may_identify,
)

# Attributes every view has: the record's key and the model's description (for links and the
# audit trail), never personal data.
ALWAYS = frozenset({"pk", "id", "_meta", "_state", "masked_name"})

# A person seen by a role that may only count: sex, age band, province, who recorded them;
# their documents: the kind only.
PUBLIC: dict[str, frozenset[str]] = {
    "people.person": frozenset(
        {
            "gender",
            "age_band",
            "place",
            "owner_organisation",
            "owner_organisation_id",
            "sensitivity",
            "version",
            "created_at",
            "updated_at",
            "is_synthetic",
        }
    ),
    # A person's identity documents: which kinds they have (a count of who has no birth
    # certificate is statistics), never the number, the dates, the issuing country or who
    # holds it (a broker's name; and who holds it narrows down whose document it is).
    "people.identitydocument": frozenset({"kind", "person_id"}),
}

# A person's attributes by the data category a referral shares (protection/codes.py).
CATEGORY_ATTRIBUTES: dict[str, frozenset[str]] = {
    "identity": frozenset(
        {"name_km", "name_latin", "aliases", "display_name", "age", "date_of_birth",
         "estimated_age", "nationality", "nationality_id", "languages", "languages_display",
         "other_nationalities"}
    ),
    "contact": frozenset({"phone", "country", "country_id"}),
}  # fmt: skip

# Identifying and free-text attributes of the other records, withheld from counting roles.
WITHHELD: dict[str, frozenset[str]] = {
    "cases.case": frozenset({"title", "narrative", "source_reference"}),
    "cases.casedocument": frozenset({"title", "filename", "content", "content_type"}),
    "cases.proceedingstep": frozenset(
        {"officer", "notes", "document_reference", "withdrawal_reason"}
    ),
    "cases.charge": frozenset({"withdrawal_reason"}),
    "cases.caseperson": frozenset({"relationship_to_trafficker", "withdrawal_reason"}),
    "protection.protectioncase": frozenset({"source_details", "closure_note", "reopen_reason"}),
    "protection.identification": frozenset({"officer", "notes", "withdrawal_reason"}),
    "protection.consent": frozenset({"guardian_name", "withdrawal_reason"}),
    "protection.assessment": frozenset({"findings", "withdrawal_reason"}),
    "protection.careplan": frozenset({"objectives", "actions", "responsible", "withdrawal_reason"}),
    "protection.followup": frozenset({"notes"}),
    "protection.return": frozenset({"border_point", "assisted_by"}),
    "protection.referral": frozenset({"details", "override_reason", "answer_note", "outcome"}),
    # The receiver's work on a referral (protection/models_work.py).
    "protection.stay": frozenset({"place"}),
    "protection.servicegiven": frozenset({"note"}),
    "protection.referralnote": frozenset({"text"}),
}

# Records reached from a view that are views themselves, with the parent's decision.
NESTED: dict[str, frozenset[str]] = {
    "cases.caseperson": frozenset({"person"}),
    "protection.protectioncase": frozenset({"person"}),
    "protection.referral": frozenset({"case"}),
}

# How a record whose ``str`` carries free text or a name reads when not identified.
MASKED_LABELS: dict[str, Callable[[Any], str]] = {
    "cases.case": lambda case: str(case.number),
    "cases.caseperson": lambda link: (
        f"{link.case.number}: {link.person.masked_name} ({link.get_role_display()})"
    ),
    "cases.casedocument": lambda doc: str(_("Document #%(number)s") % {"number": doc.pk}),
}

# A place a counting role sees only as its province.
COARSENED_PLACES = frozenset({"people.person", "protection.protectioncase"})


def _province(area: Any) -> Any:
    if area is None:
        return None
    ancestors = area.ancestors()
    return ancestors[0] if ancestors else area


class Seen:
    """A read-only view of a record: what its viewer may see, and nothing else."""

    __slots__ = ("_coarse", "_record", "_shown", "_withheld", "identified", "user")

    def __init__(
        self,
        record: Any,
        identified: bool,
        user: Any,
        shown: frozenset[str] | None = None,
        withheld: frozenset[str] = frozenset(),
        coarse_place: bool | None = None,
    ) -> None:
        object.__setattr__(self, "_record", record)
        object.__setattr__(
            self, "_coarse", not identified if coarse_place is None else coarse_place
        )
        object.__setattr__(self, "identified", identified)
        object.__setattr__(self, "user", user)
        object.__setattr__(self, "_shown", shown)
        object.__setattr__(self, "_withheld", withheld)

    def _allows(self, name: str) -> bool:
        if name in ALWAYS:
            return True
        if name.startswith("get_") and name.endswith("_display"):
            name = name[4:-8]
        if name in self._withheld:
            return False
        return self._shown is None or name in self._shown

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # never the record's __dict__ (dir(), copy, pickle)
        record = self._record
        label = record._meta.label_lower
        if not self._allows(name):
            raise AttributeError(f"{label}.{name} is withheld from this user")
        value = getattr(record, name)
        if name == "place" and self._coarse and label in COARSENED_PLACES:
            return _province(value)
        if name in NESTED.get(label, ()) and value is not None:
            return nested(self.user, value, self.identified)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a view of a record is read-only")

    @property
    def name(self) -> str:
        """The person's names if identified, else "Person #N"."""
        record = self._record
        if self._allows("display_name") and self.identified:
            return str(record.display_name)
        return str(record.masked_name)

    @property
    def record(self) -> Any:
        """The record itself, for the services and the audit trail, never for display."""
        return self._record

    def __str__(self) -> str:
        record = self._record
        if hasattr(record, "masked_name"):
            return self.name
        label = MASKED_LABELS.get(record._meta.label_lower)
        if self.identified or label is None:
            return str(record)
        return label(record)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Seen):
            return bool(self._record == other._record)
        return bool(self._record == other)

    def __hash__(self) -> int:
        return hash(self._record)


def _shape(label: str, identified: bool) -> tuple[frozenset[str] | None, frozenset[str]]:
    if identified:
        return None, frozenset()
    return PUBLIC.get(label), WITHHELD.get(label, frozenset())


def as_seen(user: Any, record: Any, identified: bool) -> Seen:
    """The view of ``record`` once its viewer's decision is known."""
    if isinstance(record, Seen):
        return record
    shown, withheld = _shape(record._meta.label_lower, identified)
    return Seen(record, identified, user, shown, withheld)


def nested(user: Any, record: Any, parent_identified: bool) -> Seen:
    """A record reached from a view: identified as its parent, except a restricted record,
    which only its owner organisation identifies."""
    from tipnet.accounts.access import organisation_ids

    identified = parent_identified
    if identified and getattr(record, "sensitivity", None) == Sensitivity.RESTRICTED:
        identified = record.owner_organisation_id in organisation_ids(user)
    return as_seen(user, record, identified)


def seen(user: Any, resource: Resource, record: Any) -> Seen:
    """What ``user`` sees of ``record`` (which they may view: ask the access module first)."""
    return as_seen(user, record, may_identify(user, resource, record))


def seen_all(user: Any, resource: Resource, records: Iterable[Any]) -> list[Seen]:
    """Views of a list's records. Most users identify all or none of what they may see (one
    decision for the page); a user with a counting and an identifying role is decided record
    by record."""
    mode = identify_mode(user, resource)
    records = list(records)
    # Held records (access.hold) are identified by nobody: asked once for the whole list.
    held = held_ids(resource, [r.record if isinstance(r, Seen) else r for r in records])
    if mode == "each" and resource in STORED and records:
        # Records that store their access keys (people) are decided in one query: the keys
        # identify exactly whom the rules do (people/tests/test_access_keys.py).
        raw = [r.record if isinstance(r, Seen) else r for r in records]
        shown = type(raw[0])._default_manager.filter(pk__in=[r.pk for r in raw])
        named = set(identifiable(user, resource, shown).values_list("pk", flat=True))
        return [as_seen(user, r, r.pk in named and r.pk not in held) for r in records]
    if mode == "each":
        return [
            as_seen(user, r, may_identify(user, resource, r, held=r.pk in held)) for r in records
        ]
    return [as_seen(user, r, mode == "all" and r.pk not in held) for r in records]


def seen_children(user: Any, records: Iterable[Any], parent: Seen) -> list[Seen]:
    """Views of the records under a viewed record (a case's documents, a protection case's
    assessments), with the parent's decision."""
    return [nested(user, r, parent.identified) for r in records]


def person_for_referral(user: Any, person: Any, categories: set[str]) -> Seen:
    """The person of a referral as its receiver sees them: the counting view plus the
    attributes of each data category the consent covers."""
    shown = set(PUBLIC["people.person"])
    for category in categories:
        shown |= CATEGORY_ATTRIBUTES.get(category, frozenset())
    identified = "identity" in categories
    # Without the contact category the home place shows as its province only.
    return Seen(
        person, identified, user, frozenset(shown), coarse_place="contact" not in categories
    )


def referral_seen(user: Any, referral: Any, today: Any) -> dict[str, Any]:
    """What ``user`` sees of a referral (which they may view: ``can(user, VIEW, REFERRAL,
    referral)``): their side, the data categories shown, and views of the referral, its
    protection case and person. The receiver sees what the consent covers, and only if their
    role identifies protection cases at all; the sender and anyone else who may see the case
    see it as they see the case: everything if they identify it, counts if not."""
    from tipnet.accounts.access import Action, scopes_for
    from tipnet.protection import rules
    from tipnet.protection.codes import DataCategory

    case = referral.case
    side = rules.side_of(user, referral)
    if side == "receiver":
        may = bool(scopes_for(user, Action.VIEW, Resource.PROTECTION, identify=True))
        categories = rules.shown_categories(referral, case.consents.all(), today) if may else set()
        identified = bool(categories)
    else:
        identified = may_identify(user, Resource.PROTECTION, case)
        categories = {c.value for c in DataCategory} if identified else set()
    case_view = as_seen(user, case, identified and "case_history" in categories)
    person = (
        nested(user, case.person, True)
        if categories == {c.value for c in DataCategory}
        else person_for_referral(user, case.person, categories)
    )
    return {
        "side": side,
        "shown": categories,
        "referral": as_seen(user, referral, identified),
        "case": case_view,
        # The assessments' findings are health and psychosocial notes: their own category.
        "health_case": as_seen(user, case, identified and "health" in categories),
        "person": person,
        "history": side != "receiver" or "case_history" in categories,
        "health": "health" in categories,
    }
