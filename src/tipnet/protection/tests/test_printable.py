"""The printed summary of a protection case: a PDF in the user's language with what the case
page shows the user, every print audited as an export."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tipnet.audit.models import AuditEvent
from tipnet.core.tests.pdftext import assert_khmer_print, keeping_the_html, pdf_text
from tipnet.testing import login

pytestmark = pytest.mark.django_db


def _get(client: Any, user: Any, url: str, language: str = "en") -> Any:
    """``url`` as ``user`` sees it in ``language`` (the user's saved language decides)."""
    user.language = language
    user.save(update_fields=["language"])
    login(client, user)
    return client.get(url)


def _worked(pworld: Any) -> None:
    pworld.identify()
    pworld.consent()
    pworld.assess_and_plan()


def test_it_prints_the_case_for_its_owner(client: Any, pworld: Any) -> None:
    _worked(pworld)
    url = reverse("protection:summary_pdf", args=[pworld.case.pk])
    response = _get(client, pworld.focalpoint, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for shown in (pworld.case.reference, "Sun Srey Leak", "Keo Sokha", "Back to school.",
                  "Nightmares", "Sun Sophea", "The village chief saw a broker"):  # fmt: skip
        assert shown.replace(" ", "") in text, shown
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert (event.object_type, event.object_id) == (
        "protection.protectioncase",
        str(pworld.case.pk),
    )
    assert event.actor_id == pworld.focalpoint.pk
    assert event.detail == "protection case summary, PDF, identified"


def test_it_prints_in_khmer_with_the_khmer_font(client: Any, pworld: Any, monkeypatch: Any) -> None:
    made_from = keeping_the_html(monkeypatch)
    url = reverse("protection:summary_pdf", args=[pworld.case.pk])
    response = _get(client, pworld.focalpoint, url, "km")
    assert response.status_code == 200
    assert_khmer_print(
        response.content, made_from, pworld.case.reference, "Protection case summary"
    )


def test_it_gives_a_counting_role_no_name_and_no_free_text(client: Any, pworld: Any) -> None:
    _worked(pworld)
    analyst = pworld.cast.users["analyst"]
    response = _get(client, analyst, reverse("protection:summary_pdf", args=[pworld.case.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert pworld.case.reference in text and "Person#" in text
    for hidden in ("Srey", "Keo Sokha", "Back to school", "Nightmares", "Sophea", "broker"):
        assert hidden.replace(" ", "") not in text, hidden
    event = AuditEvent.objects.filter(action="export", actor_id=analyst.pk).latest("id")
    assert event.detail == "protection case summary, PDF, masked"


def test_it_refuses_who_may_not_see_the_case(client: Any, pworld: Any) -> None:
    url = reverse("protection:summary_pdf", args=[pworld.case.pk])
    for name in ("police", "prevention", "socialworker"):
        client.logout()
        assert _get(client, pworld.cast.users[name], url).status_code == 403, name
    missing = reverse("protection:summary_pdf", args=[pworld.case.pk + 1000])
    assert _get(client, pworld.focalpoint, missing).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_it_prints_nothing_for_the_receiver_of_a_referral(client: Any, pworld: Any) -> None:
    """The shelter that accepted a referral sees what the consent covers on the referral's
    page; the case summary is for those who see the case itself."""
    from tipnet.protection import services
    from tipnet.protection.tests.conftest import as_user, days_ago

    pworld.identify()
    pworld.consent()
    referral = services.send_referral(pworld.request(), pworld.case, {
        "kind": "referral", "to_organisation": pworld.shelter, "offering": pworld.offering,
        "reason": "AdditionalServicesRequired", "details": "Needs a safe place.",
        "shared": ["identity"],
    })  # fmt: skip
    shelter = pworld.cast.users["socialworker"]
    services.answer_referral(as_user(shelter), referral, "accepted", days_ago(0), "")
    url = reverse("protection:summary_pdf", args=[pworld.case.pk])
    assert _get(client, shelter, url).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()
