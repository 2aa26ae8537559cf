"""Correcting and withdrawing identifications, assessments and care plans; reopening a closed
case; paper first (a referral, a consent or a visit of last week keeps its date); the stage
and the category following what was recorded."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import translation
from django.utils.timezone import localdate

from tipnet.accounts.roles import RoleCode
from tipnet.audit.models import AuditEvent
from tipnet.core.numbers import day
from tipnet.core.versioning import StaleEdit
from tipnet.protection import corrections, services
from tipnet.protection.models import Assessment, FollowUp, Identification, Referral
from tipnet.protection.rules import Refused
from tipnet.protection.tests.conftest import as_user, days_ago
from tipnet.testing import login, make_user


@pytest.fixture
def en(client):  # type: ignore[no-untyped-def]
    client.cookies["tipnet_language"] = "en"
    return client


def _reintegrated(pworld):  # type: ignore[no-untyped-def]
    pworld.identify()
    pworld.consent()
    pworld.assess_and_plan()
    services.move_stage(pworld.request(), pworld.case, "reintegration", days_ago(100))
    return pworld.refresh()


def _last_event(case):  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(object_id=str(case.pk)).order_by("-id").first()


def test_it_corrects_an_identification_and_keeps_the_old_values_marked(pworld, en):
    pworld.identify()
    entry = Identification.objects.get()
    corrections.correct(pworld.request(), entry, {"identified_on": days_ago(129),
                        "officer": "Keo Sokhom"}, 1, "Typed the date of the form.")  # fmt: skip
    entry.refresh_from_db()
    assert (entry.identified_on, entry.officer, entry.version) == (days_ago(129), "Keo Sokhom", 2)
    copy = Identification.all_objects.get(superseded_by=entry)
    assert (copy.identified_on, copy.officer, copy.withdrawal_reason) == (
        days_ago(128), "Keo Sokha", "Typed the date of the form.")  # fmt: skip
    assert list(pworld.case.identifications.all()) == [entry]  # the copy no longer counts
    event = _last_event(pworld.case)
    assert event.detail == f"correct identification #{entry.pk}"
    assert event.changes["identification.identified_on"] == {
        "old": str(days_ago(128)), "new": str(days_ago(129))}  # fmt: skip
    sealed = json.dumps(event.changes)
    assert "Keo Sokh" not in sealed and "Typed the date" not in sealed  # free text sealed
    login(en, pworld.cast.users["focalpoint"])
    page = en.get(f"/protection/{pworld.case.pk}/").text
    assert 'data-state="corrected"' in page and 'data-state="amended"' in page
    assert "Typed the date of the form." in page
    analyst = en.__class__()
    analyst.cookies["tipnet_language"] = "en"
    login(analyst, pworld.cast.users["analyst"])
    counted = analyst.get(f"/protection/{pworld.case.pk}/").text
    assert 'data-state="corrected"' in counted and "Typed the date" not in counted
    assert "data-correct=" not in counted


def test_it_refuses_a_correction_the_recovery_no_longer_rests_on(pworld):
    pworld.identify()
    services.move_stage(pworld.request(), pworld.case, "recovery", days_ago(125))
    entry = Identification.objects.get()
    with pytest.raises(Refused, match="Record the identification") as refused:
        corrections.correct(pworld.request(), entry, {"identified_on": days_ago(120)}, 1, "x")
    assert day(days_ago(125)) in refused.value.message  # in the language it was refused in
    with pytest.raises(Refused, match="and withdraw this one afterwards"):
        corrections.withdraw(pworld.request(), entry, 1, "Entered twice.")
    with pytest.raises(Refused, match="Give the reason"):
        corrections.withdraw(pworld.request(), entry, 1, "  ")
    entry.refresh_from_db()
    assert entry.version == 1 and Identification.all_objects.count() == 1


def test_it_makes_the_category_follow_the_identification(pworld):
    pworld.case.category = "PossibleVictimOfTrafficking"
    pworld.case.save()
    services.add_identification(pworld.request(), pworld.case, {
        "identified_on": days_ago(128), "organisation": pworld.ccwc, "officer": "Keo Sokha",
        "procedure": "mosvy_formal", "result": "ActualVictimOfTrafficking",
    })  # fmt: skip
    assert pworld.refresh().category == "ActualVictimOfTrafficking"
    entry = Identification.objects.get()
    corrections.correct(pworld.request(), entry, {"result": "KH_ChildAtRisk"}, 1, "Wrong box.")
    assert pworld.refresh().category == "KH_ChildAtRisk"
    event = AuditEvent.objects.filter(detail="category from identification").order_by("-id")[0]
    assert event.changes["category"] == {"old": "ActualVictimOfTrafficking",
                                         "new": "KH_ChildAtRisk"}  # fmt: skip


def test_it_lets_only_the_recording_organisation_correct(pworld, en):
    pworld.identify()
    pworld.consent(purposes=["case_management", "transfer"])
    referral = services.send_referral(pworld.request(), pworld.case, {
        "kind": "transfer", "to_organisation": pworld.shelter, "reason": "Transfer",
        "shared": ["identity"],
    })  # fmt: skip
    services.answer_referral(pworld.request("socialworker"), referral, "accepted", days_ago(0))
    entry = Identification.objects.get()
    # The shelter owns the case now; its social worker for the girl's province may change it.
    worker = make_user("sw_bmc", [RoleCode.SOCIAL_WORKER], pworld.shelter, "01", totp=True)
    login(en, worker)
    assert en.get(f"/protection/{pworld.case.pk}/edit/").status_code == 200
    url = f"/protection/{pworld.case.pk}/identifications/{entry.pk}/correct/"
    assert en.get(url).status_code == 403
    assert en.post(url, {"identified_on": days_ago(1), "reason": "x"}).status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied",
                                     detail="correct protection entry").count() == 2  # fmt: skip
    assert "data-correct=" not in en.get(f"/protection/{pworld.case.pk}/").text
    assert Identification.objects.get().version == 1


def test_it_refuses_a_stale_correction(pworld, en):
    pworld.identify()
    entry = Identification.objects.get()
    corrections.correct(pworld.request(), entry, {"officer": "Keo Sokhom"}, 1, "Name.")
    with pytest.raises(StaleEdit):
        corrections.correct(pworld.request(), entry, {"officer": "Other"}, 1, "Name.")
    login(en, pworld.cast.users["focalpoint"])
    url = f"/protection/{pworld.case.pk}/identifications/{entry.pk}/withdraw/"
    response = en.post(url, {"version": 1, "reason": "Entered twice."})
    assert "Someone else changed this entry" in response.text
    assert Identification.objects.get().withdrawn_at is None


def test_it_withdraws_an_assessment_only_once_another_carries_the_reintegration(pworld, en):
    _reintegrated(pworld)
    first = Assessment.objects.get()
    with pytest.raises(Refused, match="Record an assessment"):
        corrections.withdraw(pworld.request(), first, 1, "Another child's assessment.")
    services.add_assessment(pworld.request(), pworld.case, {
        "level": "individual", "assessed_on": days_ago(110), "risk": "medium", "needs": [],
        "findings": "Sleeps well.",
    })  # fmt: skip
    login(en, pworld.cast.users["focalpoint"])
    url = f"/protection/{pworld.case.pk}/assessments/{first.pk}/withdraw/"
    response = en.post(url, {"version": 1, "reason": "Another child's assessment."})
    assert response.status_code == 302
    first = Assessment.all_objects.get(pk=first.pk)
    assert first.withdrawn_at and first.withdrawn_by == pworld.focalpoint
    page = en.get(f"/protection/{pworld.case.pk}/").text
    assert 'data-state="withdrawn"' in page and "Another child&#x27;s assessment." in page
    plan = pworld.case.care_plans.get()
    with pytest.raises(Refused, match="Add a care plan"):
        corrections.withdraw(pworld.request(), plan, 1, "Wrong plan.")
    corrections.correct(pworld.request(), plan, {"responsible": "CCWC and school"}, 1, "Who.")
    assert pworld.case.care_plans.get().responsible == "CCWC and school"


def test_it_corrects_through_the_page_and_shows_the_refusal(pworld, en):
    pworld.identify()
    services.move_stage(pworld.request(), pworld.case, "recovery", days_ago(125))
    entry = Identification.objects.get()
    login(en, pworld.cast.users["focalpoint"])
    url = f"/protection/{pworld.case.pk}/identifications/{entry.pk}/correct/"
    form = {"identified_on": days_ago(120), "organisation": pworld.ccwc.pk, "officer": "Keo",
            "procedure": "mosvy_formal", "result": "KH_ChildAtRisk", "version": 1,
            "reason": "Date of the form."}  # fmt: skip
    refused = en.post(url, form)
    assert refused.status_code == 200 and "(button ‘Record the identification’)" in refused.text
    assert en.post(url, {**form, "identified_on": days_ago(126)}).status_code == 302
    assert Identification.objects.get().identified_on == days_ago(126)


def test_it_lets_a_protection_supervisor_reopen_a_closed_case(pworld, en):
    services.close_case(pworld.request(), pworld.case, "lost_contact", days_ago(2), "Moved.")
    case = pworld.refresh()
    with pytest.raises(Refused, match="‘Reopen the case’"):
        pworld.identify()
    login(en, pworld.cast.users["focalpoint"])
    assert en.get(f"/protection/{case.pk}/reopen/").status_code == 403
    assert "data-reopen" not in en.get(f"/protection/{case.pk}/").text
    supervisor = make_user("sup", [RoleCode.PROTECTION_SUPERVISOR], pworld.ccwc, "011002",
                           totp=True)  # fmt: skip
    login(en, supervisor)
    assert "data-reopen" in en.get(f"/protection/{case.pk}/").text
    response = en.post(f"/protection/{case.pk}/reopen/",
                       {"on": days_ago(3), "reason": "Found again.", "version": case.version})  # fmt: skip
    assert "after it closed" in response.text  # before the closure
    response = en.post(f"/protection/{case.pk}/reopen/",
                       {"on": days_ago(0), "reason": "She came back to the CCWC.",
                        "version": case.version})  # fmt: skip
    assert response.status_code == 302
    case = pworld.refresh()
    assert (case.stage, case.status, case.closed_on, case.closure_reason) == (
        "identification", "Active", None, "")  # fmt: skip
    assert (case.reopened_on, case.reopened_by, case.reopen_reason) == (
        days_ago(0), supervisor, "She came back to the CCWC.")  # fmt: skip
    event = _last_event(case)
    assert event.detail == "reopened" and event.changes["stage"]["old"] == "closed"
    assert "came back" not in json.dumps(event.changes) and "Moved." not in json.dumps(
        event.changes)  # fmt: skip
    assert "She came back to the CCWC." in en.get(f"/protection/{case.pk}/").text
    pworld.identify()  # open again: work goes on
    with pytest.raises(Refused, match="nothing to reopen"):
        corrections.reopen_case(as_user(supervisor), case, days_ago(0), "again", case.version)


def test_it_records_a_referral_of_last_week_with_its_date(pworld):
    pworld.consent()
    data = {"kind": "referral", "to_organisation": pworld.shelter, "offering": pworld.offering,
            "reason": "AdditionalServicesRequired", "shared": ["identity"]}  # fmt: skip
    with pytest.raises(Refused, match="before the case was opened"):
        services.send_referral(
            pworld.request(), pworld.case, {**data, "requested_on": days_ago(131)}
        )
    with pytest.raises(Refused, match="future"):
        services.send_referral(
            pworld.request(), pworld.case, {**data, "requested_on": days_ago(-1)}
        )
    # Before the consent was given: no consent covers it on that day.
    with pytest.raises(Refused, match="No active consent"):
        services.send_referral(
            pworld.request(), pworld.case, {**data, "requested_on": days_ago(129)}
        )
    referral = services.send_referral(pworld.request(), pworld.case,
                                      {**data, "requested_on": days_ago(7)})  # fmt: skip
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.requested_on == days_ago(7) and localdate(referral.recorded_at) == days_ago(0)
    with pytest.raises(Refused, match="before the referral was sent"):
        services.answer_referral(pworld.request("socialworker"), referral, "accepted", days_ago(8))


def en_day(d: date) -> str:
    """A date as English pages write it."""
    with translation.override("en"):
        return day(d)


def test_it_records_a_referral_of_last_week_through_the_page(pworld, en):
    pworld.consent()
    login(en, pworld.cast.users["focalpoint"])
    form = {"kind": "referral", "offering": pworld.offering.pk, "shared": ["identity"],
            "reason": "AdditionalServicesRequired", "requested_on": days_ago(6)}  # fmt: skip
    review = en.post(f"/protection/{pworld.case.pk}/refer/", form)
    assert f'value="{days_ago(6)}"' in review.text
    en.post(f"/protection/{pworld.case.pk}/refer/", {**form, "confirm": "1"})
    referral = Referral.objects.get()
    assert referral.requested_on == days_ago(6)
    page = en.get(f"/protection/referrals/{referral.pk}/").text
    assert en_day(days_ago(6)) in page and f"recorded {en_day(days_ago(0))}" in page


def test_it_checks_a_backdated_stage_on_what_was_recorded_by_then(pworld):
    pworld.identify(on=days_ago(120))
    with pytest.raises(Refused, match="Record the formal identification"):
        services.move_stage(pworld.request(), pworld.case, "recovery", days_ago(125))
    services.move_stage(pworld.request(), pworld.case, "recovery", days_ago(119))
    pworld.consent(given_on=days_ago(105))
    pworld.assess_and_plan()
    with pytest.raises(Refused, match="consent to case management"):
        services.move_stage(pworld.request(), pworld.case, "reintegration", days_ago(110))
    services.move_stage(pworld.request(), pworld.case, "reintegration", days_ago(100))


def test_it_starts_the_follow_up_with_the_first_visit_and_closes_as_reintegrated(pworld, en):
    _reintegrated(pworld)
    first, second = FollowUp.objects.order_by("due_on")
    with pytest.raises(Refused, match="Move to: Monitoring and follow-up"):
        services.close_case(pworld.request(), pworld.case, "reintegrated", days_ago(0), "")
    services.record_visit(pworld.request(), first, {"visited_on": days_ago(7), "outcome": "stable"})
    case = pworld.refresh()
    assert (case.stage, case.status, case.follow_up_on) == ("follow_up", "FollowUp", days_ago(7))
    first.refresh_from_db()
    assert first.visited_on == days_ago(7) and localdate(first.recorded_at) == days_ago(0)
    login(en, pworld.cast.users["focalpoint"])
    page = en.get(f"/protection/{case.pk}/").text
    assert f"Visited {en_day(days_ago(7))}" in page and f"recorded {en_day(days_ago(0))}" in page
    with pytest.raises(Refused, match="‘Record the visit’"):
        services.close_case(pworld.request(), case, "reintegrated", days_ago(0), "")
    services.record_visit(
        pworld.request(), second, {"visited_on": days_ago(1), "outcome": "stable"}
    )
    services.close_case(pworld.request(), case, "reintegrated", days_ago(0), "Goals met.")
    assert pworld.refresh().status == "Closed"
