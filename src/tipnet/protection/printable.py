"""The printed summary of a protection case, as PDF in the user's language.

It shows what the case page shows the user, decided by the access module
(:mod:`tipnet.accounts.seen`): the case through ``seen``, its person and records with the
case's decision, so a role that only counts gets the stage, dates and kinds of records with no
name, no home village and no free text; the consents given are printed with what they cover.
The receiver of a referral, who sees the case only through it, prints nothing here: the
referral's page shows it what the consent covers.
Entries in force only: corrected copies and withdrawn entries stay on the case page. Every
print is audited as an export of the case."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from tipnet.accounts.access import Action, Resource, deny, visible
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.seen import seen, seen_children
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event
from tipnet.cases.printable import filename
from tipnet.core.pdf import pdf_response
from tipnet.protection import rules
from tipnet.protection.models import Assessment, CarePlan, Identification, ProtectionCase
from tipnet.protection.views import get_case


def case_summary(user: Any, record: ProtectionCase) -> dict[str, Any]:
    """The summary of ``record`` as ``user`` sees it (they may view the case: ask the access
    module first)."""
    case = seen(user, Resource.PROTECTION, record)
    today = timezone.localdate()

    def views(records: Any) -> list[Any]:
        return seen_children(user, records, case)

    return {
        "case": case,
        "identifications": views(
            Identification.objects.filter(case=record).select_related("organisation")
        ),
        "consents": [
            (view, rules.is_active(view.record, today)) for view in views(record.consents.all())
        ],
        "assessments": views(Assessment.objects.filter(case=record)),
        "care_plans": views(CarePlan.objects.filter(case=record)),
        "referrals": views(record.referrals.select_related("to_organisation", "offering")),
        "visits": views(record.follow_ups.all()),
        "returns": views(record.returns.select_related("from_country")),
        "criminal_cases": record.criminal_cases.all(),
        "printed_at": timezone.now(),
    }


@login_required
def case_summary_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = get_case(request, pk)
    own = ProtectionCase.objects.filter(pk=record.pk)
    if not visible(request.user, Resource.PROTECTION, own, Action.VIEW, related=False).exists():
        # Seen only as the receiver of a referral: the referral's page shows what the consent
        # covers; the case summary is for those who see the case itself.
        deny(request, "print protection case: seen through a referral only", record)
    context = case_summary(request.user, record)
    response = pdf_response(
        request,
        "protection/print/case_summary.html",
        context,
        filename("protection-case", record.reference),
    )
    detail = "identified" if context["case"].identified else "masked"
    record_event(
        request, AuditAction.EXPORT, target=record, detail=f"protection case summary, PDF, {detail}"
    )
    return response
