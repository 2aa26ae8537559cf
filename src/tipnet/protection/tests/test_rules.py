from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from tipnet.protection import rules
from tipnet.protection.rules import CaseFacts, Refused

TODAY = date(2026, 6, 1)
FACTS = CaseFacts(stage="identification", last_date=date(2026, 1, 1), identified=True,
                  consent_to_case_management=True, assessed=True, planned=True, open_visits=0,
                  pending_referrals=0, handed_over=False)  # fmt: skip


def consent(**kw):  # type: ignore[no-untyped-def]
    base = {"pk": 1, "given_on": date(2026, 1, 5), "withdrawn_on": None, "retain_until": None,
            "purposes": ["case_management", "referral"], "categories": ["identity"]}  # fmt: skip
    return SimpleNamespace(**{**base, **kw})


def test_it_moves_through_the_stages_in_order():
    assert rules.next_stages("identification") == ["recovery", "reintegration"]
    rules.check_stage(FACTS, "recovery", date(2026, 2, 1), TODAY)
    with pytest.raises(Refused, match="cannot move"):
        rules.check_stage(FACTS, "follow_up", date(2026, 2, 1), TODAY)
    with pytest.raises(Refused, match="formal identification"):
        rules.check_stage(replace(FACTS, identified=False), "recovery", date(2026, 2, 1), TODAY)


def test_it_wants_consent_assessment_and_plan_before_reintegration():
    bare = replace(FACTS, consent_to_case_management=False, assessed=False, planned=False)
    with pytest.raises(Refused) as refused:
        rules.check_stage(bare, "reintegration", date(2026, 2, 1), TODAY)
    for what in ("consent", "assessment", "care plan"):
        assert what in refused.value.message


def test_it_refuses_dates_out_of_order_or_in_the_future():
    with pytest.raises(Refused, match="future"):
        rules.check_stage(FACTS, "recovery", date(2026, 7, 1), TODAY)
    with pytest.raises(Refused, match="in order"):
        rules.check_stage(FACTS, "recovery", date(2025, 12, 1), TODAY)


def test_it_maps_stages_to_the_htcds_status():
    assert rules.status_for("recovery") == "Active"
    assert rules.status_for("follow_up") == "FollowUp"
    assert rules.status_for("closed", "reintegrated") == "Closed"
    assert rules.status_for("closed", "referred") == "ClosedReferred"


def test_it_closes_as_reintegrated_only_after_every_visit():
    follow = replace(FACTS, stage="follow_up")
    rules.check_closure(follow, "reintegrated", date(2026, 5, 1), TODAY)
    with pytest.raises(Refused, match="every follow-up"):
        rules.check_closure(replace(follow, open_visits=1), "reintegrated", date(2026, 5, 1), TODAY)
    with pytest.raises(Refused, match="after its reintegration and follow-up"):
        rules.check_closure(FACTS, "reintegrated", date(2026, 5, 1), TODAY)
    with pytest.raises(Refused, match="accepted referral"):
        rules.check_closure(FACTS, "referred", date(2026, 5, 1), TODAY)
    with pytest.raises(Refused, match="waiting"):
        rules.check_closure(replace(FACTS, pending_referrals=1), "lost_contact", TODAY, TODAY)
    with pytest.raises(Refused, match="closed"):
        rules.check_closure(replace(FACTS, stage="closed"), "lost_contact", TODAY, TODAY)


def test_it_schedules_two_visits_at_the_interval(settings):
    settings.TIPNET_FOLLOWUP_INTERVAL_DAYS = 30
    assert rules.follow_up_dates(date(2026, 1, 1)) == [date(2026, 1, 31), date(2026, 3, 2)]
    late = SimpleNamespace(due_on=date(2026, 5, 1), visited_on=None)
    assert rules.is_overdue(late, TODAY)
    assert not rules.is_overdue(SimpleNamespace(due_on=date(2026, 5, 1), visited_on=TODAY), TODAY)


def test_it_finds_the_consent_that_covers_a_referral():
    given = consent()
    assert rules.covering_consent([given], "referral", ["identity"], TODAY) is given
    assert rules.covering_consent([given], "referral", ["identity", "health"], TODAY) is None
    assert rules.covering_consent([given], "transfer", [], TODAY) is None
    assert rules.not_covered([given], "referral", ["identity", "health"], TODAY) == [
        "Health and psychosocial notes"
    ]
    withdrawn = consent(withdrawn_on=date(2026, 3, 1))
    assert rules.covering_consent([withdrawn], "referral", [], TODAY) is None
    expired = consent(retain_until=date(2026, 2, 1))
    assert rules.covering_consent([expired], "referral", [], TODAY) is None
    assert rules.covering_consent([given], "referral", [], date(2026, 1, 1)) is None


def test_it_wants_a_permission_and_a_reason_to_override():
    with pytest.raises(Refused, match="No active consent"):
        rules.check_override(False, "a long enough reason for the record", ["Referral"])
    with pytest.raises(Refused, match="written reason"):
        rules.check_override(True, "urgent", ["Referral"])
    rules.check_override(True, "Child in immediate danger at home tonight", ["Referral"])


def test_it_shows_the_receiver_only_what_consent_still_covers():
    referral = SimpleNamespace(status="accepted", override_reason="", kind="referral",
                               shared=["identity", "contact"])  # fmt: skip
    assert rules.shown_categories(referral, [consent()], TODAY) == {"identity"}
    assert rules.shown_categories(referral, [consent(withdrawn_on=TODAY)], TODAY) == set()
    referral.status = "revoked"
    assert rules.shown_categories(referral, [consent()], TODAY) == set()


def test_it_keeps_every_recorded_date_out_of_the_future():
    rules.check_not_future(TODAY, TODAY)
    rules.check_not_future(date(2020, 1, 1), TODAY)  # records may predate the case
    with pytest.raises(Refused, match=r"^This date is in the future: enter the day it happened"):
        rules.check_not_future(date(2026, 6, 2), TODAY)
    answer = SimpleNamespace(status="requested", requested_on=date(2026, 5, 1))
    with pytest.raises(Refused, match=r"^This date is in the future: enter the day it happened"):
        rules.check_answer(answer, "receiver", "accepted", date(2026, 6, 2), TODAY)
    with pytest.raises(Refused, match="before the referral was sent"):
        rules.check_answer(answer, "receiver", "accepted", date(2026, 4, 30), TODAY)


def test_it_dates_a_withdrawal_between_the_consent_and_today():
    rules.check_withdrawal(date(2026, 1, 5), date(2026, 1, 5), TODAY)
    rules.check_withdrawal(date(2026, 1, 5), TODAY, TODAY)
    for on in (date(2026, 1, 4), date(2026, 6, 2)):
        with pytest.raises(Refused, match="between the consent date and today"):
            rules.check_withdrawal(date(2026, 1, 5), on, TODAY)


def test_it_dates_a_visit_between_the_reintegration_and_today():
    rules.check_visit(date(2026, 3, 1), date(2026, 3, 1), TODAY)
    rules.check_visit(None, date(2026, 1, 1), TODAY)
    with pytest.raises(Refused, match="before the reintegration"):
        rules.check_visit(date(2026, 3, 1), date(2026, 2, 28), TODAY)
    with pytest.raises(Refused, match="future"):
        rules.check_visit(date(2026, 3, 1), date(2026, 6, 2), TODAY)
