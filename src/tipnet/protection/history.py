"""What the rules read of a protection case from the database: its facts on a date
(:class:`~tipnet.protection.rules.CaseFacts`: what was recorded by then, since paper comes
first and records carry the date things happened), the history a correction is checked on
(:class:`~tipnet.protection.correction_rules.CareHistory`), and the category that follows the
identifications in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.core.actor import Actor
from tipnet.protection import correction_rules, rules
from tipnet.protection.codes import Purpose, ReferralStatus
from tipnet.protection.models import Assessment, CarePlan, Identification, ProtectionCase


def facts_of(case: ProtectionCase, today: date | None = None, on: date | None = None
             ) -> rules.CaseFacts:  # fmt: skip
    """The case's facts as the rules see them on ``on`` (default today): identifications,
    assessments and consent count only when dated by then."""
    from tipnet.cases.handoff_services import awaiting_consent

    on = on or today or timezone.localdate()
    stage_dates = [case.opened_on, case.recovery_on, case.reintegrated_on, case.follow_up_on,
                   case.reopened_on]  # fmt: skip
    handed = case.referrals.filter(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED])
    consent = rules.covering_consent(case.consents.all(), Purpose.CASE_MANAGEMENT, [], on)
    return rules.CaseFacts(
        stage=case.stage,
        last_date=max(d for d in stage_dates if d is not None),
        identified=case.identifications.filter(identified_on__lte=on).exists(),
        consent_to_case_management=consent is not None,
        assessed=case.assessments.filter(assessed_on__lte=on).exists(),
        planned=case.care_plans.exists(),
        open_visits=case.follow_ups.filter(visited_on__isnull=True).count(),
        pending_referrals=case.referrals.filter(status=ReferralStatus.REQUESTED).count(),
        handed_over=handed.exists(),
        awaiting_consent=awaiting_consent(case),
    )


def care_history(case: ProtectionCase, entry: Any = None, values: dict[str, Any] | None = None,
                 withdrawn: bool = False) -> correction_rules.CareHistory:  # fmt: skip
    """The history of the case as it would be with ``entry`` corrected to ``values``, or
    (``withdrawn``) without it."""

    def dates(model: type[Any], field: str) -> tuple[date, ...]:
        found = []
        for pk, on in model.objects.filter(case=case).values_list("pk", field):
            if entry is not None and type(entry) is model and pk == entry.pk:
                if withdrawn:
                    continue
                on = (values or {}).get(field, on)
            found.append(on)
        return tuple(found)

    plans = CarePlan.objects.filter(case=case).count()
    if withdrawn and isinstance(entry, CarePlan):
        plans -= 1
    return correction_rules.CareHistory(
        recovery_on=case.recovery_on,
        reintegrated_on=case.reintegrated_on,
        identified=dates(Identification, "identified_on"),
        assessed=dates(Assessment, "assessed_on"),
        plans=plans,
    )


def follow_identification(actor: Actor, case: ProtectionCase) -> None:
    """The case's category follows the identifications in force (a possible victim found a
    victim becomes a victim's case), audited as a change of the case. ``case`` is locked."""
    results = Identification.objects.filter(case=case).order_by("identified_on", "id")
    category = correction_rules.category_after(
        results.values_list("result", flat=True), case.category
    )
    if category == case.category:
        return
    before, case.category = case.category, category
    case.version += 1
    case.save(update_fields=["category", "version", "updated_at"])
    record_event(
        actor,
        AuditAction.CHANGE,
        target=case,
        changes={"category": {"old": before, "new": category}},
        detail="category from identification",
    )


# What the case page shows of the entries: those in force, corrected or withdrawn -----------

IN_FORCE, AMENDED, CORRECTED, WITHDRAWN = "", "amended", "corrected", "withdrawn"


@dataclass(frozen=True)
class Mark:
    """How an entry stands: in force, in force after a correction, a copy of the values
    before a correction, or withdrawn; who (a name only for who identifies the case) and
    when. The reason is read from the entry's view (free text: withheld from counting roles)."""

    state: str = IN_FORCE
    by: str = ""
    at: datetime | None = None

    @property
    def in_force(self) -> bool:
        return self.state in (IN_FORCE, AMENDED)


def who(user: Any, identified: bool) -> str:
    """Who corrected or withdrew an entry: their name and organisation, or only the
    organisation for a reader who may not identify the case."""
    if user is None:
        return ""
    organisation = str(user.organisation) if user.organisation_id else ""
    if not identified:
        return organisation
    return ", ".join(x for x in (user.display_name, organisation) if x)


def entries(model: type[Any], case: ProtectionCase, identified: bool,
            related: tuple[str, ...] = ()) -> list[tuple[Any, Mark]]:  # fmt: skip
    """Every entry of ``model`` on the case, the corrected and withdrawn ones included, each
    followed by the copies of its values before its corrections (newest first)."""
    rows = list(
        model.all_objects.filter(case=case).select_related("withdrawn_by__organisation", *related)
    )
    copies: dict[int, list[Any]] = {}
    for row in rows:
        if row.superseded_by_id:
            copies.setdefault(row.superseded_by_id, []).append(row)
    out: list[tuple[Any, Mark]] = []
    for row in rows:
        if row.superseded_by_id:
            continue
        earlier = sorted(copies.get(row.pk, []), key=lambda c: c.withdrawn_at, reverse=True)
        if row.withdrawn_at is not None:
            mark = Mark(WITHDRAWN, who(row.withdrawn_by, identified), row.withdrawn_at)
        else:
            mark = Mark(AMENDED if earlier else IN_FORCE)
        out.append((row, mark))
        out += [(c, Mark(CORRECTED, who(c.withdrawn_by, identified), c.withdrawn_at))
                for c in earlier]  # fmt: skip
    return out
