"""``tipnet synth``: consistent, fictional, marked data on whatever provinces are loaded."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tipnet.accounts.models import Organisation, User
from tipnet.audit.models import AuditEvent
from tipnet.cases.models import Case, CaseNumberCounter, CasePerson, Charge, ProceedingStep
from tipnet.cases.stages import CONVICTIONS, Stage, furthest, stage_of
from tipnet.people.models import Person
from tipnet.people.names import name_key
from tipnet.synth.generate import consistency_problems
from tipnet.synth.names import FAMILY_NAMES, GIVEN_NAMES, PROVINCE_POPULATION
from tipnet.testing import ensure_offences, ensure_roles, ensure_test_gazetteer, login

NUMBER = re.compile(r"^(\d{2})-(\d{4})-(\d{5,})$")


def synth(cases: int, seed: int) -> str:
    out = StringIO()
    call_command("synth", cases=cases, seed=seed, stdout=out)
    return out.getvalue()


def check_numbers() -> None:
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    highest: dict[tuple[str, int], int] = {}
    for number in numbers:
        match = NUMBER.match(number)
        assert match, number
        key = (match[1], int(match[2]))
        highest[key] = max(highest.get(key, 0), int(match[3]))
    counters = {(c.province_id, c.year): c.last for c in CaseNumberCounter.objects.all()}
    for key, last in highest.items():
        assert counters[key] >= last, key


def test_name_lists_are_big_enough() -> None:
    assert len(GIVEN_NAMES) >= 60 and len(FAMILY_NAMES) >= 40
    assert len(PROVINCE_POPULATION) == 25
    assert all(len(romanised) >= 2 for _, romanised in FAMILY_NAMES)


def test_synth_makes_consistent_synthetic_data(gazetteer: None) -> None:
    synth(50, seed=1)
    assert Case.objects.count() == 50
    check_numbers()
    # Stages are those the steps give (recomputed here, independently of the generator).
    steps: dict[int, list[str]] = {}
    for suspect, kind in ProceedingStep.objects.order_by("suspect_id", "date", "id").values_list(
        "suspect_id", "kind"
    ):
        steps.setdefault(suspect, []).append(kind)
    for case in Case.objects.prefetch_related("persons"):
        suspects = [p for p in case.persons.all() if p.role == "suspect"]
        for link in suspects:
            assert link.stage == stage_of(steps.get(link.pk, []))
        assert case.stage == furthest(p.stage for p in suspects)
        assert case.place_id.startswith(case.number[:2])
    assert consistency_problems() == []
    # Verdicts only for suspects at verdict, appeal or final judgment.
    late = {Stage.VERDICT, Stage.APPEAL, Stage.FINAL}
    for charge in Charge.objects.select_related("suspect"):
        assert bool(charge.verdict) == (charge.suspect.stage in late)
        if charge.verdict in CONVICTIONS:
            assert charge.verdict_on >= charge.charged_on
    # Everyone generated is fictional and marked so; names have their folded key.
    assert not Case.objects.filter(is_synthetic=False).exists()
    assert not Person.objects.filter(is_synthetic=False).exists()
    assert Organisation.objects.filter(is_synthetic=True).exists()
    assert not Organisation.objects.filter(is_synthetic=False).exists()
    assert User.objects.filter(is_synthetic=True).exists()
    assert not User.objects.filter(is_synthetic=False).exists()
    for person in Person.objects.all()[:50]:
        assert person.name_key == name_key(person.name_km, person.name_latin, person.aliases)
    assert CasePerson.objects.filter(role="victim").count() >= 50
    # One audit event for the run, not one per record.
    assert AuditEvent.objects.filter(object_type="synth").count() == 1


def test_synthetic_analyst_sees_list_and_pipeline(gazetteer: None, client: Any) -> None:
    synth(50, seed=3)
    analyst = User.objects.get(username="synth_analyst")
    login(client, analyst)
    assert client.get("/cases/").status_code == 200
    assert client.get("/cases/?province=01&stage=trial").status_code == 200
    assert client.get("/cases/pipeline/").status_code == 200
    assert client.get("/cases/pipeline/?province=02&year=2020").status_code == 200


def test_second_run_adds_without_clashing(gazetteer: None) -> None:
    synth(30, seed=1)
    organisations = Organisation.objects.count()
    synth(30, seed=1)  # the same seed again: new numbers, same organisations and users
    assert Case.objects.count() == 60
    assert Organisation.objects.count() == organisations
    check_numbers()
    assert consistency_problems() == []


@pytest.mark.django_db
def test_real_cases_continue_the_sequence(gazetteer: None) -> None:
    from tipnet.cases.services import next_case_number
    from tipnet.geo.models import Area

    synth(40, seed=5)
    counter = CaseNumberCounter.objects.order_by("-last").first()
    number = next_case_number(Area.objects.get(code=counter.province_id), counter.year)
    assert number == f"{counter.province_id}-{counter.year}-{counter.last + 1:05d}"
    assert not Case.objects.filter(number=number).exists()
    # New rows get ids past the generated ones.
    person = Person.objects.create(owner_organisation=Organisation.objects.first(), name_latin="X")
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk


def test_synth_protection_cases_follow_the_rules(gazetteer: None) -> None:
    from collections import Counter

    from tipnet.protection.models import FollowUp, ProtectionCase, Referral
    from tipnet.synth.protection_check import protection_problems

    synth(400, seed=2)
    cases = ProtectionCase.objects.all()
    victims = CasePerson.objects.filter(role="victim").count()
    assert 0.25 * victims < cases.count() < 0.55 * victims
    assert not cases.filter(is_synthetic=False).exists()
    assert protection_problems() == []
    # Every stage is reached, with the protection rules' statuses and closure reasons.
    stages = Counter(cases.values_list("stage", flat=True))
    assert set(stages) == {"identification", "recovery", "reintegration", "follow_up", "closed"}
    assert {"reintegrated", "referred"} <= set(cases.values_list("closure_reason", flat=True))
    assert set(cases.values_list("status", flat=True)) == {
        "Active", "FollowUp", "Closed", "ClosedReferred"
    }  # fmt: skip
    assert Referral.objects.filter(kind="referral", status="completed").exists()
    assert Referral.objects.filter(kind="transfer", status="accepted").exists()
    # Every reintegrated case has its two visits.
    reintegrated = cases.filter(reintegrated_on__isnull=False)
    assert FollowUp.objects.count() == 2 * reintegrated.count() > 0
    # Each is linked to the criminal case of its victim.
    for pcase in cases.prefetch_related("criminal_cases")[:30]:
        linked = pcase.criminal_cases.get()
        assert linked.persons.filter(person=pcase.person, role="victim").exists()


def test_synth_protection_fields_decrypt_and_users_see_their_cases(
    gazetteer: None, client: Any
) -> None:
    from tipnet.accounts.access import Resource, visible
    from tipnet.protection.models import Assessment, CarePlan, Consent, ProtectionCase, Referral
    from tipnet.synth.protection import PLANS

    synth(150, seed=6)
    # The encrypted fields read back through the ORM (EncryptedTextField's context).
    assert Assessment.objects.count() > 0
    assert all(a.findings.startswith("Synthetic findings") for a in Assessment.objects.all())
    objectives = {objective for _, objective, _ in PLANS}
    assert all(p.objectives in objectives and p.actions for p in CarePlan.objects.all())
    guardians = Consent.objects.exclude(given_by="person")
    assert guardians.exists()
    assert {c.guardian_name for c in guardians} == {"Synthetic guardian"}
    assert all(c.purposes and "case_management" in c.purposes for c in Consent.objects.all())
    # Each province's social worker sees the cases their NGO owns, through the access layer.
    cases = ProtectionCase.objects.all()
    for worker in User.objects.filter(username__startswith="synth_", username__endswith="_social"):
        mine = visible(worker, Resource.PROTECTION, ProtectionCase.objects.all())
        owned = cases.filter(owner_organisation_id=worker.organisation_id)
        assert set(mine.values_list("pk", flat=True)) == set(owned.values_list("pk", flat=True))
    # A transfer moved the case to the receiving NGO, whose social worker now has it.
    transfer = Referral.objects.filter(kind="transfer", status="accepted").first()
    assert transfer is not None
    assert transfer.case.owner_organisation_id == transfer.to_organisation_id
    assert transfer.case.case_worker.organisation_id == transfer.to_organisation_id
    # The protection pages show them.
    shown = [cases.filter(stage=stage).first() for stage in ("identification", "closed")]
    shown.append(transfer.case)
    for pcase in shown:
        login(client, pcase.case_worker)
        assert client.get("/protection/").status_code == 200
        assert client.get(f"/protection/{pcase.pk}/").status_code == 200
        assert client.get("/protection/referrals/").status_code == 200
        for referral in pcase.referrals.all():
            assert client.get(f"/protection/referrals/{referral.pk}/").status_code == 200


def test_synth_without_encryption_leaves_protection_texts_empty(gazetteer: None) -> None:
    from tipnet.protection.models import Assessment, CarePlan

    call_command("synth", cases=40, seed=7, no_encrypt=True, stdout=StringIO())
    assert Assessment.objects.exists() and CarePlan.objects.exists()
    assert set(Assessment.objects.values_list("findings", flat=True)) == {""}
    assert set(CarePlan.objects.values_list("objectives", flat=True)) == {""}


def test_protection_check_finds_broken_rules(gazetteer: None, monkeypatch: Any) -> None:
    from tipnet.protection.models import FollowUp, Identification, ProtectionCase, Referral
    from tipnet.synth import protection_check
    from tipnet.synth.protection_check import protection_problems

    synth(200, seed=8)
    monkeypatch.setattr(protection_check, "BATCH", 7)  # cases read a few at a time
    assert protection_problems() == []
    cases = ProtectionCase.objects.all()
    recovering = cases.filter(stage="recovery").first()
    Identification.objects.filter(case=recovering).delete()
    following = cases.filter(stage="follow_up").first()
    following.status = "Active"
    following.save(update_fields=["status"])
    closed = cases.filter(closure_reason="reintegrated").first()
    FollowUp.objects.filter(case=closed).update(visited_on=None)
    referral = Referral.objects.filter(kind="referral").first()
    Referral.objects.filter(pk=referral.pk).update(shared="|identity|health|contact|")
    Referral.objects.filter(pk=referral.pk).update(consent=None)
    found = "\n".join(protection_problems())
    assert f"protection case {recovering.pk}: recovery without an identification" in found
    assert f"protection case {following.pk}: status 'Active'" in found
    assert f"protection case {closed.pk}: closed as reintegrated with a visit not made" in found
    assert f"referral {referral.pk} not covered by its consent" in found


def test_a_load_outside_a_transaction_writes_chunks_alongside(flushable_audit: None) -> None:
    """On PostgreSQL, outside a transaction, a writer thread copies each chunk while the next
    is generated: the result is as consistent as the one-thread load."""
    from django.db import connection

    from tipnet.protection.models import ProtectionCase
    from tipnet.synth.protection_check import protection_problems

    if connection.vendor != "postgresql":
        pytest.skip("the overlapped load is PostgreSQL's")
    ensure_roles()
    ensure_offences()
    ensure_test_gazetteer()
    out = StringIO()
    call_command("synth", cases=2500, seed=4, chunk=1000, check=True, stdout=out)
    assert "protection cases follow the rules" in out.getvalue()
    assert Case.objects.count() == 2500 and ProtectionCase.objects.exists()
    check_numbers()
    assert consistency_problems() == [] and protection_problems() == []


def test_it_fills_up_to_a_number_of_cases_and_adds_nothing_the_second_time(gazetteer):
    """make run's demo: ``--fill`` takes --cases as the number the database should hold."""
    call_command("synth", cases=30, seed=3, fill=True, stdout=StringIO())
    held = Case.objects.filter(is_synthetic=True).count()
    assert 0 < held <= 30
    call_command("synth", cases=30, seed=3, fill=True, stdout=StringIO())
    assert Case.objects.filter(is_synthetic=True).count() == held
