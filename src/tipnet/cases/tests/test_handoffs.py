"""Hand-offs between a criminal case and victim protection (issue 11): a child victim referred
from the police case to social services, seen by reference and reason only until the
guardian's consent; and a request to link a case outside one's area, by its number."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from tipnet.accounts.access import Action, Resource, can, may_identify
from tipnet.accounts.roles import OrganisationKind as K
from tipnet.accounts.roles import RoleCode as R
from tipnet.audit.models import AuditEvent
from tipnet.cases import handoff_services as handoffs
from tipnet.cases import services
from tipnet.cases.handoff_rules import LINK_REQUESTS_PER_DAY, RefusedHandoff
from tipnet.cases.handoffs import CaseReferral, LinkRequest
from tipnet.core.actor import Actor
from tipnet.core.waiting import waiting_for
from tipnet.protection import services as protection
from tipnet.protection.models import ServiceOffering
from tipnet.protection.rules import Refused
from tipnet.testing import login, make_org, make_person, make_user

pytestmark = pytest.mark.django_db

REASON = "Girl of 14 found at the karaoke; her aunt in Poipet cares for her (officer 012 345)."
INFORMED = {f"informed_{x}": "on" for x in ("purpose", "use", "sharing", "retention", "withdrawal")}


class Handoffs:
    def __init__(self, world: Any) -> None:
        cast = world.cast
        self.world, self.case = world, world.case
        self.police = cast.users["police"]
        self.dosvy = make_org("DoSVY BMC", K.MINISTRY, "01")
        ServiceOffering.objects.create(organisation=self.dosvy, service="psychosocial", area=None)
        self.worker = make_user("sw_bmc", [R.SOCIAL_WORKER], self.dosvy, "01", totp=True)
        self.child = make_person(
            cast.orgs["police_bmc"], cast.village.code, name_latin="Chea Sreypov",
            name_km="ជា ស្រីពៅ", date_of_birth=timezone.localdate() - timedelta(days=14 * 365),
        )  # fmt: skip
        actor = Actor.command(self.police, via="test")
        self.victim = services.add_person(actor, self.case, self.child, "victim", {
            "trafficking_status": "ActualVictimOfTrafficking", "status_decided_by": "Police",
        })  # fmt: skip

    def refer(self) -> CaseReferral:
        return handoffs.refer_child(
            Actor.command(self.police, via="test"), self.case, self.victim, self.dosvy, REASON,
            timezone.localdate(),
        )  # fmt: skip

    def consent(self, client: Any, referral: CaseReferral) -> Any:
        login(client, self.worker)
        return client.post(reverse("protection:consent_add", args=[referral.protection_case_id]), {
            "given_on": timezone.localdate().isoformat(), "given_by": "guardian",
            "guardian_name": "Chea Aunt", **INFORMED, "purposes": ["case_management"],
            "categories": ["identity"],
        })  # fmt: skip


@pytest.fixture
def h(world: Any) -> Handoffs:
    return Handoffs(world)


def test_it_refers_a_child_from_the_case_page_to_a_receiver_that_owns_the_protection_case(
    client: Any, h: Handoffs
) -> None:
    login(client, h.police)
    page = client.get(reverse("cases:detail", args=[h.case.pk])).content.decode()
    assert reverse("cases:refer_child", args=[h.case.pk]) in page
    form = client.get(reverse("cases:refer_child", args=[h.case.pk])).content.decode()
    assert "Chea Sreypov" in form and "DoSVY BMC" in form
    assert "Sok Sreyneang" not in form  # the adult victim is not offered
    response = client.post(reverse("cases:refer_child", args=[h.case.pk]), {
        "victim": h.victim.pk, "to_organisation": h.dosvy.pk, "reason": REASON,
        "referred_on": timezone.localdate().isoformat(),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = CaseReferral.objects.get()
    pc = referral.protection_case
    assert pc.owner_organisation == h.dosvy and pc.person == h.child
    assert pc.place_id == h.case.place_id and list(pc.criminal_cases.all()) == [h.case]
    assert referral.from_organisation_id == h.police.organisation_id
    # The reason is encrypted at rest, and sealed in the trail.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM cases_casereferral WHERE id = %s", [referral.pk])
        raw = cursor.fetchone()[0]
    assert "karaoke" not in str(raw)
    events = AuditEvent.objects.filter(object_type="cases.casereferral", object_id=str(referral.pk))
    assert events.filter(action="create").exists()
    assert "karaoke" not in str(events.get(action="create").changes)
    assert AuditEvent.objects.filter(
        object_type="protection.protectioncase", object_id=str(pc.pk), action="create"
    ).exists()
    page = client.get(reverse("cases:detail", args=[h.case.pk])).content.decode()
    assert pc.reference in page and "Waiting for the guardian" in page


def test_it_shows_the_receiver_the_reference_and_reason_only_until_the_guardians_consent(
    client: Any, h: Handoffs
) -> None:
    referral = h.refer()
    pc = referral.protection_case
    login(client, h.worker)
    home = client.get(reverse("home")).content.decode()
    assert reverse("cases:child_referrals") in home
    detail = client.get(reverse("protection:detail", args=[pc.pk])).content.decode()
    assert pc.reference in detail and "Chea Sreypov" not in detail and "ស្រីពៅ" not in detail
    assert reverse("protection:consent_add", args=[pc.pk]) in detail
    page = client.get(reverse("cases:child_referral", args=[referral.pk])).content.decode()
    assert "karaoke" in page and "Chea Sreypov" not in page
    listed = client.get(reverse("protection:list")).content.decode()
    assert pc.reference in listed and "Chea Sreypov" not in listed
    found = client.get(reverse("search"), {"q": "Chea Sreypov"}).content.decode()
    assert pc.reference not in found
    # Never the criminal case file, before or after the consent.
    assert client.get(reverse("cases:detail", args=[h.case.pk])).status_code == 403
    assert not may_identify(h.worker, Resource.PROTECTION, pc)
    response = h.consent(client, referral)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert may_identify(h.worker, Resource.PROTECTION, pc)
    detail = client.get(reverse("protection:detail", args=[pc.pk])).content.decode()
    assert "Chea Sreypov" in detail
    assert client.get(reverse("cases:detail", args=[h.case.pk])).status_code == 403
    # The police keep their case, and see the answer.
    assert can(h.police, Action.VIEW, Resource.CASE, h.case)
    assert handoffs.status_of(referral) == handoffs.ReferralStatus.CONSENTED


def test_it_refuses_anything_beyond_the_referral_until_the_consent_with_the_reason(
    client: Any, h: Handoffs
) -> None:
    referral = h.refer()
    pc = referral.protection_case
    actor = Actor.command(h.worker, via="test")
    with translation.override("en"), pytest.raises(Refused) as refused:
        protection.add_assessment(actor, pc, {
            "level": "individual", "assessed_on": timezone.localdate(), "risk": "high",
            "needs": [], "findings": "x",
        })  # fmt: skip
    assert "consent of a parent or guardian" in refused.value.message
    assert "Record consent" in refused.value.message
    with pytest.raises(Refused):
        protection.move_stage(actor, pc, "recovery", timezone.localdate())
    login(client, h.worker)
    url = reverse("protection:identification_add", args=[pc.pk])
    with translation.override("en"):
        response = client.post(url, {
            "identified_on": timezone.localdate().isoformat(), "organisation": h.dosvy.pk,
            "officer": "x", "procedure": "mosvy_formal", "result": "KH_ChildAtRisk",
        }, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 200 and not pc.identifications.exists()
    # A parent's consent to statistics only does not open the case; to case management does.
    protection.add_consent(actor, pc, {
        "given_on": timezone.localdate(), "given_by": "parent", "purposes": ["statistics"],
        "categories": [],
    })  # fmt: skip
    assert handoffs.awaiting_consent(pc)
    h.consent(client, referral)
    assert not handoffs.awaiting_consent(pc)
    protection.add_assessment(actor, pc, {
        "level": "individual", "assessed_on": timezone.localdate(), "risk": "high",
        "needs": [], "findings": "x",
    })  # fmt: skip
    assert pc.assessments.count() == 1


def test_it_lets_the_receiver_close_a_case_whose_guardian_refuses(h: Handoffs) -> None:
    referral = h.refer()
    actor = Actor.command(h.worker, via="test")
    protection.close_case(
        actor, referral.protection_case, "consent_withdrawn", timezone.localdate(), ""
    )
    referral.protection_case.refresh_from_db()
    assert handoffs.status_of(referral) == handoffs.ReferralStatus.CLOSED
    url = reverse("cases:child_referrals")
    assert sum(w.count for w in waiting_for(h.worker) if w.url == url) == 0


def test_it_refuses_an_adult_a_receiver_outside_the_directory_and_a_short_reason(
    client: Any, h: Handoffs
) -> None:
    actor = Actor.command(h.police, via="test")
    today = timezone.localdate()
    with pytest.raises(RefusedHandoff):
        handoffs.refer_child(actor, h.case, h.world.victim, h.dosvy, REASON, today)
    with pytest.raises(RefusedHandoff):
        handoffs.refer_child(actor, h.case, h.victim, h.world.cast.orgs["police_btb"], REASON,
                             today)  # fmt: skip
    with pytest.raises(RefusedHandoff):
        handoffs.refer_child(actor, h.case, h.victim, h.dosvy, "too short", today)
    h.refer()
    with pytest.raises(RefusedHandoff):  # already waiting for this child's consent
        h.refer()
    assert CaseReferral.objects.count() == 1
    # Police of another unit may not refer from this case, nor read the referral.
    login(client, h.world.cast.users["police_other"])
    assert client.get(reverse("cases:refer_child", args=[h.case.pk])).status_code == 403
    referral = CaseReferral.objects.get()
    assert client.get(reverse("cases:child_referral", args=[referral.pk])).status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied").exists()


def test_it_counts_referred_children_waiting_for_consent_on_the_receivers_home_page(
    client: Any, h: Handoffs
) -> None:
    def count() -> int:
        url = reverse("cases:child_referrals")
        return sum(w.count for w in waiting_for(h.worker) if w.url == url)

    referral = h.refer()
    assert count() == 1
    h.consent(client, referral)
    assert count() == 0


# --- Link requests -------------------------------------------------------------------------


def _protection_case(world: Any) -> Any:
    from tipnet.geo.models import Area

    focal = world.cast.users["focalpoint"]
    return protection.create_case(
        Actor.command(focal, via="test"), world.cast.people["ccwc_poipet"],
        {"category": "KH_ChildAtRisk", "source": "community", "opened_on": date(2026, 1, 5)},
        Area.objects.get(code="011002"),
    )  # fmt: skip


def test_it_answers_a_link_request_the_same_whether_or_not_the_number_exists(
    client: Any, world: Any
) -> None:
    pc = _protection_case(world)
    focal = world.cast.users["focalpoint"]
    assert not can(focal, Action.VIEW, Resource.CASE, world.case)
    login(client, focal)
    url = reverse("cases:link_request_new", args=[pc.pk])
    answers = []
    for number in (world.case.number, "01-2026-99999"):
        response = client.post(url, {"number": number, "note": "Same girl"})
        answers.append((response.status_code, response["Location"]))
        with translation.override("en"):
            shown = [str(m) for m in response.wsgi_request._messages]
        assert shown[-1] == (
            "Your request was sent. If a case has this number, its organisation will answer "
            "it; the answer shows under “Requests to link a case”."
        )
    assert answers[0] == answers[1] == (302, reverse("cases:link_requests"))
    # Both rows of the asker's list read alike but for the number typed.
    import re

    listed = client.get(reverse("cases:link_requests")).content.decode()
    assert world.case.title not in listed
    rows = re.findall(r'<li data-link-request="\d+">(.*?)</li>', listed, re.S)
    assert len(rows) == 2
    assert rows[0].replace("01-2026-99999", "N") == rows[1].replace(world.case.number, "N")
    assert LinkRequest.objects.count() == 2
    # Each request is audited; whether the number exists is for the auditors only.
    events = AuditEvent.objects.filter(object_type="cases.linkrequest", action="create")
    assert sorted(e.detail for e in events) == [
        "link request, number known", "link request, number unknown"
    ]  # fmt: skip
    # The asker never opens the answer page.
    request = LinkRequest.objects.get(case=world.case)
    assert client.get(reverse("cases:link_request", args=[request.pk])).status_code == 403


def test_it_links_the_case_when_its_organisation_accepts(client: Any, world: Any) -> None:
    pc = _protection_case(world)
    request = handoffs.request_link(
        Actor.command(world.cast.users["focalpoint"], via="test"), pc, world.case.number, "x"
    )
    police = world.cast.users["police"]
    url = reverse("cases:link_requests")
    assert sum(w.count for w in waiting_for(police) if w.url == url) == 1
    login(client, world.cast.users["police_other"])
    assert client.get(reverse("cases:link_request", args=[request.pk])).status_code == 403
    client.logout()
    login(client, police)
    listed = client.get(url).content.decode()
    assert pc.reference in listed
    with translation.override("en"):
        page = client.get(reverse("cases:link_request", args=[request.pk])).content.decode()
    assert f"Link case {world.case.number} to {pc.reference}" in page
    response = client.post(reverse("cases:link_request", args=[request.pk]), {"decision": "accept"})
    assert response.status_code == 302
    assert list(pc.criminal_cases.all()) == [world.case]
    request.refresh_from_db()
    assert request.status == "accepted" and request.answered_by == police
    assert AuditEvent.objects.filter(
        object_type="cases.linkrequest", object_id=str(request.pk), action="change"
    ).exists()
    assert sum(w.count for w in waiting_for(police) if w.url == url) == 0
    # Answered once only.
    with pytest.raises(RefusedHandoff):
        handoffs.answer_link(Actor.command(police, via="test"), request, False)


def test_it_declines_without_linking(client: Any, world: Any) -> None:
    pc = _protection_case(world)
    request = handoffs.request_link(
        Actor.command(world.cast.users["focalpoint"], via="test"), pc, world.case.number
    )
    login(client, world.cast.users["police"])
    client.post(reverse("cases:link_request", args=[request.pk]), {"decision": "decline"})
    request.refresh_from_db()
    assert request.status == "declined" and not pc.criminal_cases.exists()


def test_it_limits_link_requests_per_user_and_day(world: Any) -> None:
    pc = _protection_case(world)
    actor = Actor.command(world.cast.users["focalpoint"], via="test")
    for n in range(LINK_REQUESTS_PER_DAY):
        handoffs.request_link(actor, pc, f"01-2026-{n + 500:05d}")
    with translation.override("en"), pytest.raises(RefusedHandoff) as refused:
        handoffs.request_link(actor, pc, "01-2026-00777")
    assert "tomorrow" in refused.value.message
    assert LinkRequest.objects.count() == LINK_REQUESTS_PER_DAY


def test_it_shows_the_sender_the_child_and_the_reason_and_nobody_else(
    client: Any, h: Handoffs
) -> None:
    referral = h.refer()
    url = reverse("cases:child_referral", args=[referral.pk])
    login(client, h.police)
    page = client.get(url).content.decode()
    assert "Chea Sreypov" in page and "karaoke" in page
    assert reverse("protection:detail", args=[referral.protection_case_id]) not in page
    assert AuditEvent.objects.filter(
        object_type="cases.casereferral", object_id=str(referral.pk), action="view"
    ).exists()
    for name in ("prosecutor", "analyst", "focalpoint", "socialworker"):
        client.logout()
        login(client, h.world.cast.users[name])
        assert client.get(url).status_code == 403, name
