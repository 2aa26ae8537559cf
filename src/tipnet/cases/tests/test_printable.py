"""The printed case summary (the court return) and the court calendar: PDFs in the user's
language, each user seeing what the case page shows them, every print audited as an export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from tipnet.audit.models import AuditEvent
from tipnet.cases import services
from tipnet.cases.hearings import schedule_hearing
from tipnet.cases.models import Offence
from tipnet.core.actor import Actor
from tipnet.core.tests.pdftext import assert_khmer_print, keeping_the_html, pdf_text
from tipnet.testing import login

pytestmark = pytest.mark.django_db


def _court_return(world: Any) -> None:
    """Suspect A arrested, charged, tried and convicted with a prison term and a fine; a
    trial hearing of suspect B planned before the provincial court."""
    police = Actor.command(world.cast.users["police"], via="test")
    case = world.case
    case.source_reference = "CRT-BMC-2026-117"
    case.save(update_fields=["source_reference"])
    a = world.suspect_a
    services.add_step(police, a, "arrest", date(2026, 1, 12))
    services.add_step(police, a, "forwarded", date(2026, 1, 20),
                      organisation=world.cast.orgs["prosecution_bmc"])  # fmt: skip
    charge = services.add_charge(
        police, a, Offence.objects.get(law="TIP2008", article="10"), date(2026, 1, 21)
    )
    services.add_step(
        police, a, "judicial_investigation", date(2026, 2, 1), organisation=world.court
    )
    services.add_step(police, a, "indicted", date(2026, 3, 1))
    services.add_step(police, a, "trial", date(2026, 4, 1))
    services.record_verdict(police, charge, {
        "verdict": "convicted", "verdict_on": date(2026, 4, 20), "verdict_court": "first_instance",
        "prison_years": 7, "prison_months": 6, "prison_days": 0, "fine_amount": 10_000_000,
        "fine_currency": "KHR",
    })  # fmt: skip
    schedule_hearing(police, case, {
        "scheduled_for": date.today() + timedelta(days=9), "court": world.court,
        "chamber": "Chamber 3", "purpose": "trial", "suspect": world.suspect_b,
    })  # fmt: skip


def _get(client: Any, user: Any, url: str, language: str = "en") -> Any:
    """``url`` as ``user`` sees it in ``language`` (the user's saved language decides)."""
    user.language = language
    user.save(update_fields=["language"])
    login(client, user)
    return client.get(url)


def test_it_prints_the_court_return_of_a_case_for_who_identifies_it(
    client: Any, world: Any
) -> None:
    _court_return(world)
    police = world.cast.users["police"]
    url = reverse("cases:summary_pdf", args=[world.case.pk])
    response = _get(client, police, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="case-{world.case.number}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for shown in (world.case.number, "CRT-BMC-2026-117", "Hotline: girls taken to Thailand",
                  "Meas Vuthy", "Touch Kosal", "Sok Sreyneang", "Convicted", "Arrested",
                  "Chamber 3", "prison"):  # fmt: skip
        assert shown.replace(" ", "") in text, shown
    event = AuditEvent.objects.filter(action="export", object_type="cases.case").latest("id")
    assert event.object_id == str(world.case.pk) and event.actor_id == police.pk
    assert event.detail == "case summary, PDF, identified"


def test_it_prints_in_khmer_with_the_khmer_font(client: Any, world: Any, monkeypatch: Any) -> None:
    _court_return(world)
    made_from = keeping_the_html(monkeypatch)
    url = reverse("cases:summary_pdf", args=[world.case.pk])
    response = _get(client, world.cast.users["police"], url, "km")
    assert response.status_code == 200
    assert_khmer_print(
        response.content, made_from, world.case.number, "Case summary (court return)"
    )


def test_it_gives_a_counting_role_no_names_no_title_no_court_file_number(
    client: Any, world: Any
) -> None:
    _court_return(world)
    analyst = world.cast.users["analyst"]
    response = _get(client, analyst, reverse("cases:summary_pdf", args=[world.case.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert world.case.number in text and "Convicted" in text and "Person#" in text
    for hidden in ("Meas", "Vuthy", "Kosal", "Sreyneang", "Hotline: girls", "CRT-BMC"):
        assert hidden not in text, hidden
    event = AuditEvent.objects.filter(action="export", actor_id=analyst.pk).latest("id")
    assert event.detail == "case summary, PDF, masked"


def test_it_refuses_who_may_not_see_the_case(client: Any, world: Any) -> None:
    url = reverse("cases:summary_pdf", args=[world.case.pk])
    assert _get(client, world.cast.users["police_other"], url).status_code == 403
    assert _get(client, world.cast.users["prevention"], url).status_code == 403
    missing = reverse("cases:summary_pdf", args=[world.case.pk + 1000])
    assert _get(client, world.cast.users["police"], missing).status_code == 404
    assert not AuditEvent.objects.filter(action="export", object_type="cases.case").exists()


def test_it_prints_the_court_calendar_as_the_calendar_page_shows_it(
    client: Any, world: Any
) -> None:
    _court_return(world)
    url = reverse("cases:court_calendar_pdf", args=[world.court.pk])
    police = world.cast.users["police"]
    response = _get(client, police, url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert world.case.number in text and "TouchKosal" in text and "Chamber3" in text
    event = AuditEvent.objects.filter(action="export", actor_id=police.pk).latest("id")
    assert event.object_type == "accounts.organisation" and event.object_id == str(world.court.pk)
    assert event.detail == "court calendar, PDF, 1 hearings"
    client.logout()
    masked = pdf_text(_get(client, world.cast.users["analyst"], url).content)
    assert world.case.number in masked
    assert "Kosal" not in masked and "Hotline" not in masked
    assert _get(client, world.cast.users["prevention"], url).status_code == 403
    other = reverse("cases:court_calendar_pdf", args=[world.cast.orgs["police_bmc"].pk])
    assert _get(client, police, other).status_code == 404  # not a court
