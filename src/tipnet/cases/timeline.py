"""A case's timeline: its dated events, every proceeding step and charge, with the corrected
and withdrawn ones kept in place and marked (who, when and why); the people's corrected and
withdrawn entries; and which entries the case page offers to correct (:func:`correctable`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from tipnet.cases.models import Case, CasePerson, Charge, ProceedingStep
from tipnet.cases.stages import ProceedingKind

if TYPE_CHECKING:
    from tipnet.accounts.seen import Seen

VERDICT = ProceedingKind.VERDICT

# How an entry stands: in force, in force after a correction, a copy of the values before a
# correction, or withdrawn.
IN_FORCE, AMENDED, CORRECTED, WITHDRAWN = "", "amended", "corrected", "withdrawn"


@dataclass(frozen=True)
class TimelineEntry:
    date: date
    label: str
    suspect: CasePerson | Seen | None  # Seen: what the viewer sees of it (the case page's)
    step: ProceedingStep | None
    detail: str = ""
    kind: str = ""  # the step's kind, "charge", or "" for the case's own dates
    pk: int | None = None
    state: str = IN_FORCE
    by: str = ""  # who corrected or withdrew it (a name only for who identifies the case)
    at: datetime | None = None
    reason: str = ""  # free text: only for who identifies the case

    @property
    def in_force(self) -> bool:
        return self.state in (IN_FORCE, AMENDED)


def who(user: Any, identified: bool) -> str:
    """Who corrected or withdrew an entry: their name and organisation, or only the
    organisation for a reader who may not identify the case (officers' names identify)."""
    if user is None:
        return ""
    organisation = str(user.organisation) if user.organisation_id else ""
    if not identified:
        return organisation
    return ", ".join(x for x in (user.display_name, organisation) if x)


def _marks(entry: Any, identified: bool, amended: set[int]) -> dict[str, Any]:
    if entry.withdrawn_at is None:
        return {"state": AMENDED if entry.pk in amended else IN_FORCE}
    return {
        "state": CORRECTED if entry.superseded_by_id else WITHDRAWN,
        "by": who(entry.withdrawn_by, identified),
        "at": entry.withdrawn_at,
        "reason": entry.withdrawal_reason if identified else "",
    }


def _same(charge: Charge, later: Charge | None) -> bool:
    return later is not None and (later.offence_id, later.charged_on) == (
        charge.offence_id,
        charge.charged_on,
    )


def timeline(case: Case, identified: bool = True) -> list[TimelineEntry]:
    """The case's dated events: report, incident, every proceeding step and charge, those
    corrected or withdrawn included. Not ``identified``: without the officers' names,
    document references and reasons (free text); the suspects are shown through
    :mod:`tipnet.accounts.seen` by the caller."""
    entries = [
        TimelineEntry(case.reported_on, _("Case reported"), None, None, case.get_source_display())
    ]
    if case.incident_from:
        entries.append(TimelineEntry(case.incident_from, _("Incident began"), None, None))
    steps = list(
        ProceedingStep.all_objects.filter(suspect__case=case).select_related(
            "suspect__person", "organisation", "charge__offence", "withdrawn_by__organisation"
        )
    )
    amended = {s.superseded_by_id for s in steps if s.superseded_by_id}
    for step in steps:
        detail = ", ".join(
            str(x)
            for x in (
                step.organisation,
                step.officer if identified else "",
                step.charge and step.charge.offence,
                step.get_court_level_display() if step.court_level else "",
                step.document_reference if identified else "",
            )
            if x
        )
        entries.append(
            TimelineEntry(step.date, step.get_kind_display(), step.suspect, step, detail,
                          kind=step.kind, pk=step.pk, **_marks(step, identified, amended))
        )  # fmt: skip
    charges = list(
        Charge.all_objects.filter(suspect__case=case).select_related(
            "suspect__person", "offence", "withdrawn_by__organisation"
        )
    )
    by_pk = {c.pk: c for c in charges}
    # A copy kept by a verdict's correction has the charge's own values: the verdict's step
    # shows that correction.
    shown = [
        c
        for c in charges
        if not _same(c, by_pk.get(c.superseded_by_id) if c.superseded_by_id is not None else None)
    ]
    charge_amended = {c.superseded_by_id for c in shown if c.superseded_by_id}
    for charge in shown:
        entries.append(
            TimelineEntry(charge.charged_on, _("Charged"), charge.suspect, None,
                          str(charge.offence), kind="charge", pk=charge.pk,
                          **_marks(charge, identified, charge_amended))
        )  # fmt: skip
    return sorted(entries, key=lambda e: (e.date, e.step.pk if e.step else 0))


@dataclass(frozen=True)
class LinkChange:
    """A person's entry in the case as it was before a correction, or withdrawn."""

    link: CasePerson | Seen  # Seen: what the viewer sees of it (the case page's)
    state: str
    by: str
    at: datetime | None
    reason: str


def link_history(case: Case, identified: bool = True) -> list[LinkChange]:
    """The corrected and withdrawn entries of the people in the case, oldest first (the
    caller shows each link through :mod:`tipnet.accounts.seen`)."""
    links = CasePerson.all_objects.filter(case=case, withdrawn_at__isnull=False)
    links = links.select_related("person", "case", "withdrawn_by__organisation")
    return [LinkChange(link, **_marks(link, identified, set()))
            for link in links.order_by("withdrawn_at", "id")]  # fmt: skip


def correctable(user: Any, case: Case) -> dict[str, set[int]]:
    """The entries in force of ``case`` that ``user`` may correct or withdraw (the case
    page's buttons), each asked of the access module with the organisation that recorded it."""
    from tipnet.accounts.access import Action, Resource, can, may_correct
    from tipnet.accounts.models import User

    found: dict[str, set[int]] = {"steps": set(), "charges": set(), "verdicts": set(),
                                  "links": set()}  # fmt: skip
    if not can(user, Action.CHANGE, Resource.CASE, case):
        return found
    steps = list(ProceedingStep.objects.filter(suspect__case=case).values_list(
        "pk", "kind", "charge_id", "recorded_by_id"))  # fmt: skip
    charges = list(Charge.objects.filter(suspect__case=case).values_list(
        "pk", "verdict", "recorded_by_id"))  # fmt: skip
    links = list(CasePerson.objects.filter(case=case).values_list("pk", "recorded_by_id"))
    users = {s[-1] for s in steps} | {c[-1] for c in charges} | {link[-1] for link in links}
    orgs = dict(User.objects.filter(pk__in=users - {None}).values_list("pk", "organisation_id"))

    def may(recorded_by: int | None) -> bool:
        org = orgs.get(recorded_by) if recorded_by else None
        return may_correct(user, Resource.CASE, case, org or case.owner_organisation_id)

    verdict_by = {charge: by for _pk, kind, charge, by in steps if kind == VERDICT}
    found["steps"] = {pk for pk, kind, _c, by in steps if kind != VERDICT and may(by)}
    found["charges"] = {pk for pk, _v, by in charges if may(by)}
    found["verdicts"] = {pk for pk, v, by in charges if v and may(verdict_by.get(pk, by))}
    found["links"] = {pk for pk, by in links if may(by)}
    return found
