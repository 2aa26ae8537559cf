from __future__ import annotations

import pytest
from django.utils import translation

from tipnet.audit.models import AuditEvent
from tipnet.core.numbers import day
from tipnet.people.models import Person
from tipnet.protection import services
from tipnet.protection.models import Consent, FollowUp, ProtectionCase, Referral
from tipnet.protection.rules import Refused
from tipnet.protection.tests.conftest import days_ago
from tipnet.testing import login

NEW_CASE = {
    "new-name_km": "ស៊ុន ស្រីពៅ", "new-name_latin": "Sun Sreypov", "new-gender": "Feminine",
    "new-date_of_birth": "2013-04-02", "new-sensitivity": "standard", "new-home_country": "KH",
    "new-home_province": "01", "new-home_district": "0110", "new-home_commune": "011002",
    "category": "KH_ChildAtRisk", "source": "community", "opened_on": str(days_ago(2)),
    "source_details": "Neighbours say a broker promised work in Thailand.",
    "sensitivity": "standard", "home_province": "01", "home_district": "0110",
    "home_commune": "011002",
}  # fmt: skip


@pytest.fixture
def en(client):  # type: ignore[no-untyped-def]
    client.cookies["tipnet_language"] = "en"
    return client


def test_it_lets_the_focal_point_open_a_case_from_a_community_referral(cast, en):
    focal = cast.users["focalpoint"]
    login(en, focal)
    en.post("/protection/new/", {**NEW_CASE, "case_worker": focal.pk})
    case = ProtectionCase.objects.get()
    assert case.person.name_latin == "Sun Sreypov" and case.place_id == "011002"
    assert case.owner_organisation == cast.orgs["ccwc"] and case.case_worker == focal
    assert (case.stage, case.status) == ("identification", "Active")
    created = AuditEvent.objects.get(action="create", object_type="protection.protectioncase")
    assert (
        created.changes["source_details"]["changed"]
        and "sealed" in created.changes["source_details"]
    )
    page = en.get(f"/protection/{case.pk}/")
    assert "Sun Sreypov" in page.text and "broker promised" in page.text


def test_it_refuses_a_case_without_a_place_and_writes_nothing(cast, en):
    login(en, cast.users["focalpoint"])
    bad = {**NEW_CASE, "home_province": "", "home_district": "", "home_commune": "",
           "opened_on": "2999-01-01", "new-name_km": "", "new-name_latin": ""}  # fmt: skip
    response = en.post("/protection/new/", bad)
    assert response.status_code == 200
    for message in ("Choose at least the province", "in the future", "Give the name"):
        assert message in response.text, message
    assert (
        not ProtectionCase.objects.exists()
        and not Person.objects.filter(name_latin="Sun Sreypov").exists()
    )


def test_it_counts_without_names_for_the_analyst(pworld, en):
    pworld.identify()
    pworld.assess_and_plan()
    login(en, pworld.cast.users["analyst"])
    listing = en.get("/protection/")
    assert "data-masked" in listing.text and f"Person #{pworld.child.pk}" in listing.text
    assert "Sun Srey Leak" not in listing.text
    page = en.get(f"/protection/{pworld.case.pk}/")
    assert page.status_code == 200
    for secret in ("Sun Srey Leak", "Nightmares", "broker visit", "Back to school", "Keo Sokha"):
        assert secret not in page.text, secret
    assert en.post(f"/protection/{pworld.case.pk}/consent/", {}).status_code == 403
    figures = en.get("/protection/indicators/")
    assert 'data-figure="cases">1<' in figures.text and "Sun Srey Leak" not in figures.text


def test_it_shows_the_police_nothing_of_protection(pworld, en):
    login(en, pworld.cast.users["police"])
    assert en.get("/protection/").status_code == 403
    assert en.get(f"/protection/{pworld.case.pk}/").status_code == 403
    assert en.get("/protection/referrals/").status_code == 403
    assert en.get("/protection/indicators/").status_code == 403
    assert 'data-nav="protection"' not in en.get("/").text
    assert AuditEvent.objects.filter(action="permission_denied").count() == 4


def test_it_hides_the_case_from_the_social_worker_of_another_organisation(pworld, en):
    login(en, pworld.cast.users["socialworker"])
    assert en.get(f"/protection/{pworld.case.pk}/").status_code == 403
    assert "Sun Srey Leak" not in en.get("/protection/").text


def test_it_refuses_a_child_consenting_alone_and_writes_nothing(pworld, en):
    login(en, pworld.cast.users["focalpoint"])
    response = en.post(f"/protection/{pworld.case.pk}/consent/", {
        "given_on": str(days_ago(1)), "given_by": "person", "purposes": ["referral"],
        "informed_purpose": "on",
    })  # fmt: skip
    assert response.status_code == 200
    assert "consent is given by a parent or guardian" in response.text
    assert "every point of the checklist" in response.text
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(detail="consent").exists()


def test_it_records_consent_from_a_guardian(pworld, en):
    login(en, pworld.cast.users["focalpoint"])
    response = en.post(f"/protection/{pworld.case.pk}/consent/", {
        "given_on": str(days_ago(1)), "given_by": "parent", "guardian_name": "Sun Sophea",
        "purposes": ["case_management", "referral"], "categories": ["identity"],
        "informed_purpose": "on", "informed_use": "on", "informed_sharing": "on",
        "informed_retention": "on", "informed_withdrawal": "on",
    })  # fmt: skip
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.purposes == ["case_management", "referral"]
    event = AuditEvent.objects.get(detail="consent")
    assert event.object_id == str(pworld.case.pk)


def test_it_tells_the_second_editor_and_keeps_the_first_edit(pworld, en):
    login(en, pworld.cast.users["focalpoint"])
    url = f"/protection/{pworld.case.pk}/edit/"
    form = {"category": "KH_ChildAtRisk", "source": "community", "sensitivity": "standard",
            "version": pworld.case.version}  # fmt: skip
    assert en.post(url, {**form, "category": "PossibleVictimOfTrafficking"}).status_code == 302
    second = en.post(url, {**form, "sensitivity": "restricted"})
    assert second.status_code == 200 and "data-stale-edit" in second.text
    case = pworld.refresh()
    assert (case.category, case.sensitivity, case.version) == (
        "PossibleVictimOfTrafficking", "standard", 2,
    )  # fmt: skip


def test_it_refuses_reintegration_before_consent_assessment_and_plan(pworld, en):
    pworld.identify()
    login(en, pworld.cast.users["focalpoint"])
    response = en.post(
        f"/protection/{pworld.case.pk}/stage/",
        {"stage": "reintegration", "on": str(days_ago(100))},
    )
    with translation.override("en"):
        on = day(days_ago(100))  # as the English page writes it
    assert f"Reintegration on {on} needs consent to case management" in response.text
    for button in ("Record consent", "Record an assessment", "Add a care plan"):
        assert f"(button ‘{button}’)" in response.text
    assert pworld.refresh().stage == "identification" and not FollowUp.objects.exists()


def test_it_schedules_the_visits_and_flags_the_overdue_one(pworld, en, settings):
    settings.TIPNET_FOLLOWUP_INTERVAL_DAYS = 90
    pworld.identify()
    pworld.consent()
    pworld.assess_and_plan()
    services.move_stage(pworld.request(), pworld.case, "reintegration", days_ago(100))
    due = sorted(FollowUp.objects.values_list("due_on", flat=True))
    assert due == [days_ago(10), days_ago(-80)]
    assert pworld.refresh().status == "Active"
    login(en, pworld.cast.users["focalpoint"])
    mine = en.get("/protection/follow-ups/")
    assert 'data-overdue-count="1"' in mine.text and mine.text.count("data-overdue>") == 1
    with pytest.raises(Refused, match="before the reintegration"):
        services.record_visit(pworld.request(), FollowUp.objects.first(),
                              {"visited_on": days_ago(101), "outcome": "stable"})  # fmt: skip


def test_it_finds_services_by_kind_and_province(pworld, en):
    login(en, pworld.cast.users["focalpoint"])
    assert "Girls&#x27; shelter" in en.get("/protection/services/?service=shelter&province=02").text
    assert "Girls&#x27; shelter" not in en.get("/protection/services/?province=01").text
    assert "No service found" in en.get("/protection/services/?service=legal_aid").text


def test_it_closes_only_with_a_reason_the_rules_accept(pworld):
    with pytest.raises(Refused, match="after its reintegration and follow-up"):
        services.close_case(pworld.request(), pworld.case, "reintegrated", days_ago(1), "")
    services.close_case(pworld.request(), pworld.case, "lost_contact", days_ago(1), "Moved.")
    case = pworld.refresh()
    assert (case.stage, case.status, case.closure_reason) == ("closed", "Closed", "lost_contact")
    with pytest.raises(Refused, match="closed"):
        pworld.consent()
    assert not Referral.objects.exists()


def test_it_records_when_a_care_plan_actually_started_and_ended(pworld, en):
    from datetime import date, timedelta

    from tipnet.protection.models import CarePlan

    plan = services.add_care_plan(pworld.request(), pworld.case, {
        "plan_type": "Education", "objectives": "Back to school", "actions": "Enrol in grade 7",
        "responsible": "CCWC", "planned_start": days_ago(60), "planned_end": days_ago(10),
    })  # fmt: skip
    login(en, pworld.cast.users["focalpoint"])
    url = f"/protection/{pworld.case.pk}/care-plans/{plan.pk}/"
    future = (date.today() + timedelta(days=5)).isoformat()
    bad = en.post(url, {"actual_start": str(days_ago(50)), "actual_end": future})
    assert "cannot be in the future" in bad.text
    assert CarePlan.objects.get(pk=plan.pk).actual_end is None
    ok = en.post(url, {"actual_start": str(days_ago(50)), "actual_end": str(days_ago(5))})
    assert ok.status_code == 302
    plan.refresh_from_db()
    assert (plan.actual_start, plan.actual_end) == (days_ago(50), days_ago(5))
    event = AuditEvent.objects.filter(action="change", object_id=str(pworld.case.pk)).first()
    assert f"care_plan {plan.pk} actual_end" in event.changes
    login(en, pworld.cast.users["analyst"])
    assert en.post(url, {"actual_start": str(days_ago(1))}).status_code == 403
