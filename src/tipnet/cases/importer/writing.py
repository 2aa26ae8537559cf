"""Writing checked groups in bulk (tipnet.core.bulk), reading back the ids they got."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone

from tipnet.accounts.access import Resource, Sensitivity
from tipnet.cases import codes
from tipnet.cases.importer.columns import (
    BATCH,
    SUSPECT,
    K,
)
from tipnet.cases.importer.grouping import CaseGroup, Step, SuspectGroup, chunks
from tipnet.cases.importer.rows import Row, codes_of
from tipnet.cases.models import Case, CasePerson, Charge, ProceedingStep
from tipnet.cases.services import next_case_numbers
from tipnet.cases.stages import (
    furthest,
)
from tipnet.cases.summary import refresh, summarise
from tipnet.cases.victims import VictimCount
from tipnet.core.bulk import insert_rows, reserve_ids
from tipnet.geo.models import Area
from tipnet.people.keys import keys_for, person_facts, record_facts
from tipnet.people.models import Gender, Person

if TYPE_CHECKING:
    from tipnet.accounts.models import User

# Writing -----------------------------------------------------------------------------------


def write(user: User, cases: dict[str, CaseGroup]) -> tuple[list[int], list[int]]:
    """Write checked groups in bulk; the ids of the cases created and of those updated."""
    updated = [c.case_id for c in cases.values() if c.case_id is not None and c.touched]
    created = _create_cases(user, [c for c in cases.values() if c.case_id is None])
    touched = [s for c in cases.values() for s in c.suspects.values() if s.touched]
    _create_suspects(user, [(c, s) for c in cases.values() for s in c.suspects.values()])
    charge_ids = _write_charges(touched)
    _create_steps(user, touched, charge_ids)
    _write_victims(user, [c for c in cases.values() if c.new_victims])
    # New cases and suspects were written with their stage and summary; refresh the others.
    refresh(
        [s.link_id for s in touched if s.existing is not None and s.link_id is not None],
        [
            c.case_id
            for c in cases.values()
            if c.case_id is not None and c.touched and not c.created
        ],
    )
    return created, updated


def _create_cases(user: User, groups: list[CaseGroup]) -> list[int]:
    wanted: dict[tuple[Area, int], int] = defaultdict(int)
    for group in groups:
        wanted[(group.value("province_code"), group.value("reported_on").year)] += 1
    taken = {(p, y): iter(next_case_numbers(p, y, n)) for (p, y), n in wanted.items()}
    numbers = []
    rows = []
    for group in groups:  # in file order, so that numbers follow the sheet
        province: Area = group.value("province_code")
        reported: date = group.value("reported_on")
        types = group.value("exploitation_types", frozenset())
        numbers.append(next(taken[(province, reported.year)]))
        # A new case's suspects are all new: its stage is known before anything is written.
        stage = furthest(_new_summary(s)["stage"] for s in group.suspects.values())
        rows.append(
            {
                "number": numbers[-1],
                "title": group.value("case_title"),
                "source": group.value("source", codes.CaseSource.COURT),
                "source_reference": group.reference,
                "reporting_organisation_id": user.organisation_id,
                "owner_organisation_id": user.organisation_id,
                "created_by_id": user.pk,
                "place_id": province.pk,
                "reported_on": reported,
                "exploitation_types": [c for c in codes_of(codes.ExploitationType) if c in types],
                "stage": stage,
            }
        )
    reserved = reserve_ids(Case, len(rows))
    insert_rows(Case, rows, ids=reserved)
    ids: dict[str, int] = {}
    if reserved is not None:
        ids.update(zip(numbers, reserved, strict=True))
    else:
        for chunk in chunks(numbers):  # case numbers are unique
            ids.update(Case.objects.filter(number__in=chunk).values_list("number", "id"))
    for group, number in zip(groups, numbers, strict=True):
        group.case_id, group.created = ids[number], True
    return [ids[n] for n in numbers]


def _create_suspects(user: User, pairs: list[tuple[CaseGroup, SuspectGroup]]) -> None:
    pairs = [(c, s) for c, s in pairs if s.link_id is None]
    if not pairs:
        return
    now = timezone.now()
    # Each new person is in one case: their access keys are known before they are written.
    case_ids = {cast(int, c.case_id) for c, _s in pairs}
    cases = record_facts("cases.Case", Resource.CASE, case_ids)
    own = person_facts(cast(int, user.organisation_id), None, Sensitivity.STANDARD)
    persons = [
        {
            "access_keys": keys_for(own, [cases[cast(int, c.case_id)]]),
            "owner_organisation_id": user.organisation_id,
            "created_by_id": user.pk,
            "name_km": s.rows[0].name_km,
            "name_latin": s.rows[0].name_latin,
            "name_key": s.key,
            "gender": s.value("suspect_gender", Gender.UNKNOWN),
            "date_of_birth": s.value("suspect_birth_date"),
        }
        for c, s in pairs
    ]
    reserved = reserve_ids(Person, len(persons))
    insert_rows(Person, persons, now, ids=reserved)
    if reserved is not None:
        found = [(pk, p["name_key"]) for pk, p in zip(reserved, persons, strict=True)]
    else:
        # People have no unique key to read their ids back by; those this import inserted
        # are the importing user's with this very timestamp (imports of one organisation run
        # one at a time), in the order inserted. The names check that the order is the one
        # expected.
        found = list(
            Person.objects.filter(created_by=user, created_at=now)
            .order_by("id")
            .values_list("id", "name_key")
        )
        if [key for _pk, key in found] != [p["name_key"] for p in persons]:
            raise RuntimeError("the people just imported could not be told apart")
    links = [
        {"case_id": c.case_id, "person_id": pk, "role": SUSPECT, **_new_summary(s)}
        for (c, s), (pk, _key) in zip(pairs, found, strict=True)
    ]
    reserved = reserve_ids(CasePerson, len(links))
    insert_rows(CasePerson, links, ids=reserved)
    if reserved is not None:
        for (_c, s), pk in zip(pairs, reserved, strict=True):
            s.link_id = pk
        return
    # A link is unique per case, person and role: read the ids back by those.
    ids: dict[tuple[int, int], int] = {}
    for chunk in chunks(sorted({c.case_id for c, _s in pairs})):
        found_links = CasePerson.objects.filter(case_id__in=chunk, role=SUSPECT)
        for pk, case_id, person_id in found_links.values_list("id", "case_id", "person_id"):
            ids[case_id, person_id] = pk
    for (c, s), (person_id, _key) in zip(pairs, found, strict=True):
        s.link_id = ids[c.case_id, person_id]  # type: ignore[index]


def _new_summary(suspect: SuspectGroup) -> dict[str, Any]:
    """Stage and summary of a suspect this import creates, from its planned steps and charges
    (those recorded before are refreshed from the database after writing)."""
    return summarise(
        [(step.kind, step.on) for step in suspect.new_steps],
        [row.verdict for row in suspect.new_charges],
    )


def _verdict_fields(row: Row) -> dict[str, Any]:
    return {
        "verdict": row.verdict,
        "verdict_on": row.verdict_on,
        "prison_years": row.prison_years or 0,
        "prison_months": row.prison_months or 0,
        "fine_amount": row.fine_amount,
        "fine_currency": row.fine_currency if row.fine_amount is not None else "",
        "verdict_court": row.verdict_court_level,
    }


VERDICT_FIELDS = list(_verdict_fields(Row(0)))


def _write_charges(suspects: list[SuspectGroup]) -> dict[int, int]:
    """Create the new charges (with their verdicts) and decide recorded ones; the charge id of
    each row with a verdict, by row number."""
    new = [
        {
            "suspect_id": s.link_id,
            "offence_id": row.offence.pk,  # type: ignore[union-attr]
            "charged_on": row.charged_on,
            **(_verdict_fields(row) if row.verdict else {}),
        }
        for s in suspects
        for row in s.new_charges
    ]
    reserved = reserve_ids(Charge, len(new))
    insert_rows(Charge, new, ids=reserved)
    charged = [s for s in suspects if s.new_charges]
    found: dict[tuple[int, int], int] = {}
    if reserved is not None:
        for charge, pk in zip(new, reserved, strict=True):
            found[charge["suspect_id"], charge["offence_id"]] = pk
    else:
        # A suspect is charged once per offence: read the new ids back by those two.
        for chunk in chunks(sorted(s.link_id for s in charged if s.link_id is not None)):
            charges = Charge.objects.filter(suspect_id__in=chunk)
            for pk, suspect_id, offence_id in charges.values_list("id", "suspect_id", "offence_id"):
                found[suspect_id, offence_id] = pk
    ids = {
        row.number: found[s.link_id, row.offence.pk]  # type: ignore[index,union-attr]
        for s in charged
        for row in s.new_charges
        if row.verdict
    }
    decided = []
    for s in suspects:
        for row in s.new_verdicts:
            assert s.existing is not None and row.offence is not None
            pk = s.existing.charges[row.offence.pk][0]
            decided.append(Charge(pk=pk, **_verdict_fields(row)))
            ids[row.number] = pk
    Charge.objects.bulk_update(decided, VERDICT_FIELDS, batch_size=BATCH)
    return ids


def _court_and_outcome(suspect: SuspectGroup, step: Step) -> tuple[str, str]:
    """The court level and outcome a step records: a verdict's are its row's; an appeal is
    before the appeal's court, which decides it with the appeal's outcome."""
    if step.row is not None:
        return step.row.verdict_court_level, step.row.verdict
    if step.kind in (K.APPEAL, K.APPEAL_DECIDED):
        court = suspect.value("appeal_court_level", "")
        return court, suspect.value("appeal_outcome", "") if step.kind == K.APPEAL_DECIDED else ""
    return "", ""


def _create_steps(user: User, suspects: list[SuspectGroup], charge_ids: dict[int, int]) -> None:
    # Inserted in the order checked, so that ids keep same-day steps in that order.
    rows = []
    for s in suspects:
        for step in s.new_steps:
            court, outcome = _court_and_outcome(s, step)
            rows.append(
                {
                    "suspect_id": s.link_id,
                    "kind": step.kind,
                    "date": step.on,
                    "charge_id": charge_ids[step.row.number] if step.row else None,
                    "court_level": court,
                    "outcome": outcome,
                    "recorded_by_id": user.pk,
                }
            )
    insert_rows(ProceedingStep, rows)


def _write_victims(user: User, cases: list[CaseGroup]) -> None:
    """The victims counted of each case, by sex and age band: new groups created, the count of
    a group recorded before set to the file's (a later court return counts again)."""
    new, changed = [], []
    now = timezone.now()
    for case in cases:
        for sex, band, count in case.new_victims:
            recorded = case.recorded_victims.get((sex, band))
            if recorded is None:
                new.append({"case_id": case.case_id, "sex": sex, "age_band": band,
                            "count": count, "recorded_by_id": user.pk})  # fmt: skip
            else:
                changed.append(
                    VictimCount(pk=recorded[1], count=count, recorded_by_id=user.pk, updated_at=now)
                )
    insert_rows(VictimCount, new, now)
    VictimCount.objects.bulk_update(
        changed, ["count", "recorded_by", "updated_at"], batch_size=BATCH
    )
