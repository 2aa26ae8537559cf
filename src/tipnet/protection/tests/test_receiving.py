"""A shelter works the case referred to it within the consent: it sees the case through the
referral it accepted (a grant of the access module, not ownership), records the stay, the
services and notes back to the sender, and nothing once the referral ended."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tipnet.accounts.access import Action, NotAllowed, Resource, can, may_identify, visible
from tipnet.accounts.roles import OrganisationKind
from tipnet.audit.models import AuditEvent
from tipnet.core.waiting import waiting_for
from tipnet.protection import services, services_work
from tipnet.protection.models import (
    ProtectionCase,
    ReferralNote,
    ServiceGiven,
    ServiceOffering,
    Stay,
)
from tipnet.protection.rules import Refused, receiving_referral_q
from tipnet.protection.tests.conftest import as_user, days_ago
from tipnet.testing import login, make_org, make_user


@pytest.fixture
def en(client):  # type: ignore[no-untyped-def]
    client.cookies["tipnet_language"] = "en"
    return client


def referred(pworld, shared, accept=True):  # type: ignore[no-untyped-def]
    referral = services.send_referral(pworld.request(), pworld.case, {
        "kind": "referral", "to_organisation": pworld.shelter, "offering": pworld.offering,
        "reason": "AdditionalServicesRequired", "shared": shared,
        "details": "Arrives Monday with her aunt.",
    })  # fmt: skip
    if accept:
        services.answer_referral(pworld.request("socialworker"), referral, "accepted", days_ago(0))
    referral.refresh_from_db()
    return referral


def test_it_lets_the_shelter_work_the_accepted_case_and_the_sender_read_its_note(pworld, en):
    pworld.identify()
    pworld.consent()  # identity and case history, not contact or health
    pworld.assess_and_plan()
    referral = services.send_referral(pworld.request(), pworld.case, {
        "kind": "referral", "to_organisation": pworld.shelter, "offering": pworld.offering,
        "reason": "AdditionalServicesRequired", "shared": ["identity"],
    })  # fmt: skip
    login(en, pworld.cast.users["socialworker"])
    page = en.get(f"/protection/referrals/{referral.pk}/")
    # Buttons say what they do; the case stays closed until the referral is accepted.
    assert ">Accept this referral<" in page.text and ">Decline this referral<" in page.text
    assert ">Accepted<" not in page.text and "data-work=" not in page.text
    assert en.get(f"/protection/{pworld.case.pk}/").status_code == 403
    form = en.get(f"/protection/referrals/{referral.pk}/accepted/")
    assert "Accept this referral" in form.text
    en.post(f"/protection/referrals/{referral.pk}/accepted/", {"on": str(days_ago(0))})

    # The case page sends the receiver to the referral page: what the consent covers.
    case_page = en.get(f"/protection/{pworld.case.pk}/")
    assert case_page.status_code == 302
    assert case_page["Location"] == f"/protection/referrals/{referral.pk}/"
    page = en.get(f"/protection/referrals/{referral.pk}/")
    assert "Sun Srey Leak" in page.text and ">Mark the service completed<" in page.text
    for hidden in ("097 111 2222", "Nightmares", "broker visit", "data-shared-history",
                   "Back to school"):  # fmt: skip
        assert hidden not in page.text, hidden

    base = f"/protection/referrals/{referral.pk}/work"
    response = en.post(f"{base}/stay/", {"place": "Girls' house, Battambang",
                                          "admitted_on": str(days_ago(0))})  # fmt: skip
    assert response.status_code == 302
    en.post(f"{base}/service/", {"given_on": str(days_ago(0)), "service": "psychosocial",
                                 "note": "First counselling session."})  # fmt: skip
    en.post(f"{base}/note/", {"text": "She arrived safely and slept well."})
    stay, given, note = Stay.objects.get(), ServiceGiven.objects.get(), ReferralNote.objects.get()
    assert stay.organisation == pworld.shelter and stay.discharged_on is None
    assert given.service == "psychosocial" and note.recorded_by == pworld.cast.users["socialworker"]
    page = en.get(f"/protection/referrals/{referral.pk}/")
    assert (
        "Girls&#x27; house, Battambang" in page.text and "First counselling session." in page.text
    )

    # Audited on the referral, the free text never in the trail.
    events = AuditEvent.objects.filter(object_type="protection.referral", object_id=str(referral.pk),
                                       action="change")  # fmt: skip
    recorded = {next(iter(e.changes)) for e in events if e.changes}
    assert {"stay", "service_given", "note"} <= recorded
    trail = " ".join(str(e.changes) + e.detail for e in events)
    assert "slept well" not in trail and "Battambang" not in trail
    from tipnet.audit.labels import field_label

    assert field_label("protection.referral", "note") == "Note to the referring organisation"
    assert field_label("protection.referral", "service_given") == "Service given"

    # The sender reads the note, from its case page.
    login(en, pworld.cast.users["focalpoint"])
    case_page = en.get(f"/protection/{pworld.case.pk}/")
    assert 'data-referral-notes="1"' in case_page.text
    page = en.get(f"/protection/referrals/{referral.pk}/")
    assert "She arrived safely and slept well." in page.text and "data-work=" not in page.text
    assert en.get(f"{base}/note/").status_code == 403  # the sender adds nothing there


def test_it_hides_the_identity_the_consent_does_not_cover(pworld, en):
    pworld.consent(categories=["case_history"])
    referral = referred(pworld, [])
    login(en, pworld.cast.users["socialworker"])
    page = en.get(f"/protection/referrals/{referral.pk}/")
    assert "Sun Srey Leak" not in page.text and "ស៊ុន" not in page.text
    assert f"Person #{pworld.child.pk}" in page.text and "Additional services required" in page.text
    listing = en.get("/protection/")
    assert f'data-protection-case="{pworld.case.pk}"' in listing.text
    assert "Sun Srey Leak" not in listing.text
    worker = pworld.cast.users["socialworker"]
    assert can(worker, Action.VIEW, Resource.PROTECTION, pworld.case)
    assert not may_identify(worker, Resource.PROTECTION, pworld.case)
    assert not can(worker, Action.CHANGE, Resource.PROTECTION, pworld.case)


@pytest.mark.parametrize("end", ["declined", "revoked", "completed"])
def test_it_ends_the_grant_with_the_referral(pworld, en, end):
    pworld.consent()
    referral = referred(pworld, ["identity"], accept=end != "declined")
    worker = pworld.cast.users["socialworker"]
    if end != "declined":
        services_work.add_stay(as_user(worker), referral, {
            "place": "Girls' house", "admitted_on": days_ago(0), "discharged_on": None,
        })  # fmt: skip
    side = "focalpoint" if end == "revoked" else "socialworker"
    services.answer_referral(pworld.request(side), referral, end, days_ago(0))
    referral.refresh_from_db()
    login(en, worker)
    assert en.get(f"/protection/{pworld.case.pk}/").status_code == 403
    assert en.get(f"/protection/referrals/{referral.pk}/work/stay/").status_code == 403
    assert not visible(worker, Resource.PROTECTION, ProtectionCase.objects.all()).exists()
    with pytest.raises(Refused, match="work on it has ended"):
        services_work.add_note(as_user(worker), referral, "One more thing.")
    assert not ReferralNote.objects.exists()
    # What the shelter recorded itself it still reads on the referral page.
    page = en.get(f"/protection/referrals/{referral.pk}/")
    assert page.status_code == 200
    assert ("Girls&#x27; house" in page.text) == (end != "declined")


def test_it_refuses_another_shelter_and_a_shelter_user_without_protection_work(pworld, en):
    pworld.consent()
    referral = referred(pworld, ["identity"])
    other = make_org("Shelter KPT", OrganisationKind.NGO, "02")
    stranger = make_user("stranger", ["social_worker"], other, "02", totp=True)
    login(en, stranger)
    assert en.get(f"/protection/{pworld.case.pk}/").status_code == 403
    assert en.get(f"/protection/referrals/{referral.pk}/").status_code == 403
    assert en.get(f"/protection/referrals/{referral.pk}/work/stay/").status_code == 403
    assert en.post(f"/protection/referrals/{referral.pk}/work/note/",
                   {"text": "x"}).status_code == 403  # fmt: skip
    assert "Sun Srey Leak" not in en.get("/protection/").text
    with pytest.raises(NotAllowed, match="accepted this referral"):
        services_work.add_note(as_user(stranger), referral, "Hello.")
    # A user of the shelter whose role does no protection work gets no grant either.
    prevention = make_user("shelter_prev", ["prevention_officer"], pworld.shelter, "02", totp=True)
    assert not can(prevention, Action.VIEW, Resource.PROTECTION, pworld.case)
    assert not ReferralNote.objects.exists()
    assert AuditEvent.objects.filter(action="permission_denied", actor=stranger).exists()


def test_it_keeps_the_receiver_out_of_the_cases_other_referrals(pworld, en):
    pworld.consent()
    referral = referred(pworld, ["identity"])
    clinic = make_org("Clinic BTB", OrganisationKind.NGO, "02")
    medical = ServiceOffering.objects.create(organisation=clinic, service="medical")
    other = services.send_referral(pworld.request(), pworld.case, {
        "kind": "referral", "to_organisation": clinic, "offering": medical, "reason": "Other",
        "shared": ["identity"],
    })  # fmt: skip
    login(en, pworld.cast.users["socialworker"])
    assert en.get(f"/protection/referrals/{other.pk}/").status_code == 403
    assert en.get(f"/protection/referrals/{referral.pk}/").status_code == 200
    assert "Clinic BTB" not in en.get("/protection/referrals/").text


def test_it_checks_the_dates_and_the_version_of_a_stay(pworld, en):
    pworld.consent()
    referral = referred(pworld, ["identity"])
    worker = as_user(pworld.cast.users["socialworker"])
    with pytest.raises(Refused, match="before the referral was made"):
        services_work.add_stay(worker, referral, {"place": "House", "admitted_on": days_ago(9)})
    with pytest.raises(Refused, match="discharge cannot be before the admission"):
        services_work.add_stay(worker, referral, {
            "place": "House", "admitted_on": days_ago(0), "discharged_on": days_ago(1),
        })  # fmt: skip
    assert not Stay.objects.exists()
    stay = services_work.add_stay(worker, referral, {"place": "House", "admitted_on": days_ago(0)})
    login(en, pworld.cast.users["socialworker"])
    url = f"/protection/referrals/{referral.pk}/work/stays/{stay.pk}/"
    today = str(days_ago(0))
    saved = en.post(url, {"place": "House", "admitted_on": today, "discharged_on": today,
                          "version": "1"})  # fmt: skip
    assert saved.status_code == 302
    stale = en.post(url, {"place": "Other house", "admitted_on": today, "version": "1"})
    assert "Someone else saved this stay" in stale.text and "data-stale-edit" in stale.text
    stay.refresh_from_db()
    assert stay.place == "House" and stay.discharged_on == days_ago(0) and stay.version == 2
    bad = en.post(url, {"place": "", "admitted_on": "2999-01-01", "version": "2"})
    assert bad.status_code == 200 and "This date is in the future." in bad.text
    stay.refresh_from_db()
    assert stay.version == 2


def test_it_counts_the_work_on_both_home_pages(pworld):
    pworld.consent()
    referral = referred(pworld, ["identity"])
    worker, focal = pworld.cast.users["socialworker"], pworld.cast.users["focalpoint"]
    services_work.add_note(as_user(worker), referral, "Settled in.")
    today = timezone.localdate()
    shelter = {str(w.label): w for w in waiting_for(worker, today)}
    working = shelter["Referrals your organisation accepted and is working on"]
    assert working.count == 1 and not working.digest
    sender = {str(w.label): w.count for w in waiting_for(focal, today)}
    assert sender["Notes from the organisations your referrals went to, this week"] == 1
    # The one definition of the grant (the stored access keys of issue 12 use it too).
    from tipnet.protection.models import Referral

    assert list(Referral.objects.filter(receiving_referral_q([pworld.shelter.pk]))) == [referral]
    assert not Referral.objects.filter(receiving_referral_q([pworld.ccwc.pk])).exists()
