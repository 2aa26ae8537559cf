"""Grouping rows into cases and suspects, and what is already recorded of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from tipnet.accounts.access import Action, Resource, can
from tipnet.cases.importer.columns import (
    CHUNK,
    STEP_COLUMNS,
    SUSPECT,
    RowError,
    shown,
)
from tipnet.cases.importer.rows import Row
from tipnet.cases.models import Case, CasePerson, Charge, ProceedingStep
from tipnet.cases.stages import (
    RefusedStep,
    check_new_charge,
)
from tipnet.cases.victims import VictimCount
from tipnet.geo.models import Area
from tipnet.people.models import Gender

if TYPE_CHECKING:
    from tipnet.accounts.models import User

# Grouping rows into cases and suspects -----------------------------------------------------


@dataclass
class Existing:
    """A suspect already recorded: their steps (date, kind) in the order ``facts_of`` reads
    them, and their charges by offence (charge id, verdict)."""

    suspect_id: int
    steps: list[tuple[date, str]] = field(default_factory=list)
    charges: dict[int, tuple[int, str]] = field(default_factory=dict)


@dataclass
class Step:
    kind: str
    on: date
    row: Row | None = None  # for a verdict: the row of the charge it decides
    column: str = ""  # for the other steps: the column that dates it


@dataclass
class SuspectGroup:
    key: str
    rows: list[Row] = field(default_factory=list)
    agreed: dict[str, tuple[Any, int]] = field(default_factory=dict)  # column -> (value, row)
    existing: Existing | None = None
    link_id: int | None = None  # the CasePerson, found or created
    new_charges: list[Row] = field(default_factory=list)
    new_verdicts: list[Row] = field(default_factory=list)  # on charges recorded before
    new_steps: list[Step] = field(default_factory=list)
    # Step columns a row gives but could not be read: the rules take the step as there, undated.
    unknown: set[str] = field(default_factory=set)

    def value(self, column: str, default: Any = None) -> Any:
        return self.agreed[column][0] if column in self.agreed else default

    @property
    def touched(self) -> bool:
        return self.existing is None or bool(
            self.new_charges or self.new_verdicts or self.new_steps
        )


@dataclass
class CaseGroup:
    reference: str
    rows: list[Row] = field(default_factory=list)
    agreed: dict[str, tuple[Any, int]] = field(default_factory=dict)
    suspects: dict[str, SuspectGroup] = field(default_factory=dict)
    case: Case | None = None  # the case recorded before
    case_id: int | None = None  # that case's, or the one this import creates
    created: bool = False
    same_reference: list[str] = field(default_factory=list)  # numbers of recorded cases
    # Not the user's to change, or not one case: its rows are checked on their own only.
    unresolved: bool = False
    victims: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # -> count, row
    recorded_victims: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # id
    new_victims: list[tuple[str, str, int]] = field(default_factory=list)  # to create or set

    def value(self, column: str, default: Any = None) -> Any:
        return self.agreed[column][0] if column in self.agreed else default

    @property
    def touched(self) -> bool:
        return (
            self.created or bool(self.new_victims) or any(s.touched for s in self.suspects.values())
        )


def _case_values(row: Row) -> dict[str, Any]:
    return {
        "province_code": row.province,
        "reported_on": row.reported_on,
        "case_title": row.case_title or None,
        "source": row.source or None,
        "exploitation_types": frozenset(row.exploitation_types) or None,
    }


def _suspect_values(row: Row) -> dict[str, Any]:
    values: dict[str, Any] = {
        "suspect_gender": row.gender if row.gender != Gender.UNKNOWN else None,
        "suspect_birth_date": row.birth_date,
        "suspect_at_large": row.at_large,
        "appeal_court_level": row.appeal_court_level or None,
        "appeal_outcome": row.appeal_outcome or None,
    }
    values.update({column: row.steps.get(column) for column in STEP_COLUMNS})
    return values


def _shown(value: Any) -> str:
    if isinstance(value, Area):
        return value.code
    if isinstance(value, frozenset):
        return ";".join(sorted(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return shown(value)


def _agree(
    agreed: dict[str, tuple[Any, int]],
    values: dict[str, Any],
    row: Row,
    message: str,
    errors: list[RowError],
) -> None:
    """Merge a row's values into its group's: an empty cell adds nothing, a different value is
    an error on this row naming the row it disagrees with."""
    for column, value in values.items():
        if value is None:
            continue
        if column not in agreed:
            agreed[column] = (value, row.number)
        elif agreed[column][0] != value:
            first, number = agreed[column]
            said = message % {"row": number, "value": _shown(first)}
            errors.append(RowError(row.number, column, said, _shown(value)))


def group_rows(rows: Iterable[Row], errors: list[RowError]) -> dict[str, CaseGroup]:
    cases: dict[str, CaseGroup] = {}
    charged: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)  # offence -> its row
    case_message = _("Rows of one case must agree: row %(row)s gives “%(value)s”.")
    suspect_message = _("Rows of one suspect must agree: row %(row)s gives “%(value)s”.")
    for row in rows:
        if not row.case_reference:
            continue
        case = cases.setdefault(row.case_reference, CaseGroup(row.case_reference))
        case.rows.append(row)
        _agree(case.agreed, _case_values(row), row, case_message, errors)
        if row.victims is not None:
            _count_victims(case, row, case_message, errors)
        if not row.key:
            continue
        suspect = case.suspects.setdefault(row.key, SuspectGroup(row.key))
        suspect.rows.append(row)
        _agree(suspect.agreed, _suspect_values(row), row, suspect_message, errors)
        if row.failed:
            suspect.unknown.update(c for c in row.failed if c in STEP_COLUMNS)
        if row.offence is None:
            continue
        offences = charged[row.case_reference, row.key]
        try:
            check_new_charge(offences, row.offence.pk)
        except RefusedStep:
            message = _("Row %(row)s already charges this suspect with this offence.")
            number = offences[row.offence.pk]
            said = message % {"row": number}
            errors.append(RowError(row.number, "offence_article", said, row.offence.article))
        else:
            offences[row.offence.pk] = row.number
    for case in cases.values():
        for suspect in case.suspects.values():
            if suspect.unknown:
                suspect.unknown.difference_update(suspect.agreed)  # another row gives the date
    return cases


def _count_victims(case: CaseGroup, row: Row, message: str, errors: list[RowError]) -> None:
    """Each row may give one group of the case's victims (sex and age band); rows giving the
    same group give the same count."""
    assert row.victims is not None
    sex, band, count = row.victims
    if (sex, band) not in case.victims:
        case.victims[sex, band] = (count, row.number)
    elif case.victims[sex, band][0] != count:
        first, number = case.victims[sex, band]
        said = message % {"row": number, "value": first}
        errors.append(RowError(row.number, "victim_count", said, str(count)))


# What is already recorded ------------------------------------------------------------------


def chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def load_existing(organisation_id: int, cases: dict[str, CaseGroup]) -> None:
    """Attach what is already recorded (by an earlier import or by hand) to the groups: cases
    by reference, suspects by name key, their charges and steps; a few queries in all."""
    by_id: dict[int, CaseGroup] = {}
    for chunk in chunks(sorted(cases)):
        found = Case.objects.filter(
            owner_organisation_id=organisation_id, source_reference__in=chunk
        ).select_related("place")
        for case in found.order_by("id"):
            group = cases[case.source_reference]
            group.same_reference.append(case.number)
            if group.case is None:
                group.case, group.case_id = case, case.pk
                by_id[case.pk] = group
    suspects: dict[int, Existing] = {}
    for chunk in chunks(sorted(by_id)):
        counted = VictimCount.objects.filter(case_id__in=chunk)
        for pk, case_id, sex, band, count in counted.values_list(
            "id", "case_id", "sex", "age_band", "count"
        ):
            by_id[case_id].recorded_victims[sex, band] = (count, pk)
        links = CasePerson.objects.filter(case_id__in=chunk, role=SUSPECT).order_by("id")
        for pk, case_id, key in links.values_list("id", "case_id", "person__name_key"):
            suspect = by_id[case_id].suspects.get(key)
            if suspect is not None and suspect.existing is None:
                suspect.existing = suspects[pk] = Existing(pk)
                suspect.link_id = pk
    for chunk in chunks(sorted(suspects)):
        charges = Charge.objects.filter(suspect_id__in=chunk).values_list(
            "id", "suspect_id", "offence_id", "verdict"
        )
        for pk, suspect_id, offence_id, verdict in charges:
            suspects[suspect_id].charges[offence_id] = (pk, verdict)
        steps = ProceedingStep.objects.filter(suspect_id__in=chunk).order_by("date", "id")
        for suspect_id, kind, on in steps.values_list("suspect_id", "kind", "date"):
            suspects[suspect_id].steps.append((on, kind))


def check_cases(user: User, cases: dict[str, CaseGroup], errors: list[RowError]) -> None:
    """Each case against what is recorded: one case of the user's to change, in its province,
    or a new one the user may register. A recorded case that is not one or not the user's is
    ``unresolved``: its rows are not checked against its proceedings (they are not the user's
    to see)."""
    may_register: dict[str, bool] = {}
    for group in cases.values():
        number = group.rows[0].number
        province: Area | None = group.value("province_code")
        case = group.case
        if case is not None and len(group.same_reference) > 1:
            message = _("Several cases of your organisation have this reference: %(numbers)s.")
            numbers = ", ".join(group.same_reference)
            said = message % {"numbers": numbers}
            errors.append(RowError(number, "case_reference", said, shown(group.reference)))
            group.unresolved = True
        elif case is not None and not can(user, Action.CHANGE, Resource.CASE, case):
            message = _("Case %(number)s has this reference and you may not change it.")
            said = message % {"number": case.number}
            errors.append(RowError(number, "case_reference", said, shown(group.reference)))
            group.unresolved = True
        elif case is not None and province and case.place.path.split(".")[0] != province.code:
            message = _("Case %(number)s has this reference but another province.")
            said = message % {"number": case.number}
            errors.append(RowError(number, "province_code", said, province.code))
        elif case is None and province is not None:
            if province.code not in may_register:
                draft = Case(owner_organisation=user.organisation, place=province)
                may_register[province.code] = can(user, Action.CREATE, Resource.CASE, draft)
            if not may_register[province.code]:
                message = _("You may not register cases in this province.")
                errors.append(RowError(number, "province_code", message, province.code))
        if not group.unresolved:
            group.new_victims = [
                (sex, band, count)
                for (sex, band), (count, _row) in group.victims.items()
                if group.recorded_victims.get((sex, band), (None,))[0] != count
            ]
