"""Correcting and withdrawing what was entered on a case (issue 11): through the pages the
police and the prosecutor use, on a small world built through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tipnet.audit.models import AuditEvent
from tipnet.audit.services import unseal
from tipnet.cases import corrections, services
from tipnet.cases.models import CasePerson, Charge, Offence, ProceedingStep
from tipnet.cases.queries import pipeline
from tipnet.cases.summary import summary_problems
from tipnet.core.actor import Actor
from tipnet.core.versioning import StaleEdit
from tipnet.testing import login

pytestmark = pytest.mark.django_db


def _actor(world: Any, who: str) -> Actor:
    return Actor.command(world.cast.users[who], via="test")


def _to_trial(world: Any, suspect: CasePerson, arrested: str = "2026-01-12") -> None:
    """Arrest, charge, forward, investigation, indictment and trial, recorded by the police."""
    police = _actor(world, "police")
    prosecution = world.cast.orgs["prosecution_bmc"]
    services.add_step(police, suspect, "arrest", date.fromisoformat(arrested))
    services.add_charge(police, suspect, Offence.objects.get(law="TIP2008", article="10"),
                        date(2026, 1, 15))  # fmt: skip
    services.add_step(police, suspect, "forwarded", date(2026, 1, 20), organisation=prosecution)
    for kind, on in (("judicial_investigation", date(2026, 2, 5)),
                     ("indicted", date(2026, 4, 1)), ("trial", date(2026, 6, 1))):  # fmt: skip
        services.add_step(police, suspect, kind, on, organisation=world.court)


def _verdict(world: Any, suspect: CasePerson, verdict: str, years: int = 0) -> Charge:
    charge = Charge.objects.get(suspect=suspect)
    return services.record_verdict(_actor(world, "prosecutor"), charge, {
        "verdict": verdict, "verdict_on": date(2026, 7, 15), "verdict_court": "first_instance",
        "prison_years": years,
    })  # fmt: skip


def _post(client: Any, world: Any, path: str, data: dict[str, Any]) -> Any:
    client.cookies["tipnet_language"] = "en"
    return client.post(f"/cases/{world.case.pk}/{path}", data)


def _step(suspect: CasePerson, kind: str) -> ProceedingStep:
    return ProceedingStep.objects.get(suspect=suspect, kind=kind)


def test_it_corrects_a_mistyped_arrest_date(world, client):
    a = world.suspect_a
    police = _actor(world, "police")
    services.add_step(police, a, "arrest", date(2026, 1, 2))  # typed 02 for 12
    services.add_step(police, a, "forwarded", date(2026, 1, 20))
    arrest = _step(a, "arrest")
    login(client, world.cast.users["police"])
    response = _post(client, world, f"steps/{arrest.pk}/correct/", {
        "date": "2026-01-12", "place_province": "", "version": arrest.version,
        "reason": "Typed 02 for 12: the arrest report says 12 January.",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    arrest.refresh_from_db()
    a.refresh_from_db()
    assert (arrest.date, arrest.version) == (date(2026, 1, 12), 2)
    assert a.arrested_on == date(2026, 1, 12) and a.stage == "prosecution"
    copy = ProceedingStep.all_objects.get(superseded_by=arrest)
    assert copy.date == date(2026, 1, 2) and copy.withdrawn_by == world.cast.users["police"]
    assert ProceedingStep.objects.filter(suspect=a).count() == 2  # the copy does not count
    assert summary_problems() == []
    # The timeline keeps the mistyped entry, marked with who, when and why.
    page = client.get(f"/cases/{world.case.pk}/").text
    assert 'data-timeline-corrected="arrest"' in page and "2 Jan 2026" in page
    assert "Typed 02 for 12" in page and 'data-mark="amended"' in page
    # Audited: the date in clear, the reason sealed.
    event = AuditEvent.objects.filter(detail=f"correct step arrest #{arrest.pk}").get()
    assert event.changes["step.date"] == {"old": "2026-01-02", "new": "2026-01-12"}
    assert "Typed" not in str(event.changes)
    assert "Typed 02" in unseal(event.changes["reason"])["new"]


def test_it_refuses_moving_the_arrest_after_the_verdict_naming_what_to_change(world, client):
    a = world.suspect_a
    _to_trial(world, a)
    _verdict(world, a, "convicted", years=10)
    arrest = _step(a, "arrest")
    login(client, world.cast.users["police"])
    response = _post(client, world, f"steps/{arrest.pk}/correct/", {
        "date": "2026-08-01", "version": arrest.version, "reason": "Wrong date",
    })  # fmt: skip
    assert response.status_code == 200
    text = response.content.decode()
    assert "would come after “File forwarded to the prosecutor” (20 Jan 2026)" in text
    assert "correct or withdraw “File forwarded to the prosecutor” first" in text
    arrest.refresh_from_db()
    assert arrest.date == date(2026, 1, 12) and arrest.version == 1
    assert not ProceedingStep.all_objects.filter(withdrawn_at__isnull=False).exists()
    # Withdrawing the arrest would leave the forwarding without what it follows.
    response = _post(client, world, f"steps/{arrest.pk}/withdraw/",
                     {"version": arrest.version, "reason": "Not him"})  # fmt: skip
    assert "“File forwarded to the prosecutor” (20 Jan 2026) could no longer stand" in (
        response.content.decode()
    )
    assert _step(a, "arrest").withdrawn_at is None


def test_it_withdraws_a_charge(world, client):
    a = world.suspect_a
    police = _actor(world, "police")
    services.add_step(police, a, "arrest", date(2026, 1, 12))
    art8, art10 = (Offence.objects.get(law="TIP2008", article=n) for n in ("8", "10"))
    wrong = services.add_charge(police, a, art8, date(2026, 1, 15))
    services.add_charge(police, a, art10, date(2026, 1, 15))
    login(client, world.cast.users["police"])
    page = client.get(f"/cases/{world.case.pk}/").text
    assert f'href="/cases/{world.case.pk}/charges/{wrong.pk}/withdraw/"' in page
    response = _post(client, world, f"charges/{wrong.pk}/withdraw/", {"version": 1, "reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = _post(client, world, f"charges/{wrong.pk}/withdraw/",
                     {"version": 1, "reason": "Article 8 was never charged"})  # fmt: skip
    assert response.status_code == 302
    assert list(Charge.objects.filter(suspect=a).values_list("offence", flat=True)) == [art10.pk]
    page = client.get(f"/cases/{world.case.pk}/").text
    assert 'data-timeline-withdrawn="charge"' in page and "Article 8 was never charged" in page
    # The same offence may be charged again once the wrong charge is withdrawn.
    services.add_charge(police, a, art8, date(2026, 1, 16))
    assert Charge.all_objects.filter(suspect=a, offence=art8).count() == 2
    assert summary_problems() == []


def test_it_refuses_withdrawing_the_last_charge_of_an_indictment_or_a_decided_one(world):
    a = world.suspect_a
    _to_trial(world, a)
    charge = Charge.objects.get(suspect=a)
    with pytest.raises(corrections.RefusedStep, match="needs at least one charge"):
        corrections.withdraw_charge(_actor(world, "police"), charge, 1, "mistake")
    _verdict(world, a, "acquitted")
    charge.refresh_from_db()
    with pytest.raises(corrections.RefusedStep, match="withdraw the verdict first"):
        corrections.withdraw_charge(_actor(world, "police"), charge, charge.version, "mistake")


def test_it_corrects_a_verdict_and_the_pipeline_follows(world, client):
    cast, a, b = world.cast, world.suspect_a, world.suspect_b
    _to_trial(world, a)
    _to_trial(world, b, arrested="2026-01-13")
    _verdict(world, a, "convicted", years=10)
    acquittal = _verdict(world, b, "acquitted")
    before = pipeline(cast.users["analyst"], 2026, "01")
    assert (before.suspects_decided, before.suspects_convicted) == (2, 1)
    login(client, cast.users["prosecutor"])
    response = _post(client, world, f"charges/{acquittal.pk}/verdict/correct/", {
        "verdict": "convicted", "verdict_on": "2026-07-16", "verdict_court": "first_instance",
        "prison_years": 5, "prison_months": 0, "prison_days": 0, "suspended_years": 0,
        "suspended_months": 0, "suspended_days": 0, "version": acquittal.version,
        "reason": "The clerk ticked the wrong box: the judgment convicts him.",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    acquittal.refresh_from_db()
    b.refresh_from_db()
    assert (acquittal.verdict, acquittal.prison_years) == ("convicted", 5)
    assert (b.first_verdict_on, b.convicted) == (date(2026, 7, 16), True)
    verdict_step = _step(b, "verdict")
    assert verdict_step.outcome == "convicted" and verdict_step.date == date(2026, 7, 16)
    after = pipeline(cast.users["analyst"], 2026, "01")
    assert (after.suspects_decided, after.suspects_convicted) == (2, 2)
    assert after.conviction_rate == 1.0
    assert summary_problems() == []
    page = client.get(f"/cases/{world.case.pk}/").text
    assert 'data-timeline-corrected="verdict"' in page and "ticked the wrong box" in page
    event = AuditEvent.objects.get(detail=f"correct verdict #{acquittal.pk}")
    assert event.changes["charge.verdict"] == {"old": "acquitted", "new": "convicted"}

    # Withdrawn, the verdict no longer counts: the suspect is back on trial.
    corrections.withdraw_verdict(_actor(world, "prosecutor"), acquittal, acquittal.version,
                                 "Judgment annulled")  # fmt: skip
    b.refresh_from_db()
    assert (b.stage, b.decided, b.first_verdict_on) == ("trial", False, None)
    withdrawn = pipeline(cast.users["analyst"], 2026, "01")
    assert (withdrawn.suspects_decided, withdrawn.suspects_by_stage["trial"]) == (1, 1)
    assert summary_problems() == []


def test_it_lets_only_the_recording_organisation_correct(world, client):
    cast, a = world.cast, world.suspect_a
    _to_trial(world, a)
    charge = _verdict(world, a, "convicted", years=3)
    arrest = _step(a, "arrest")
    login(client, cast.users["prosecutor"])  # the case is before his office
    page = client.get(f"/cases/{world.case.pk}/").text
    assert f"/steps/{arrest.pk}/correct/" not in page  # recorded by the police
    assert f"/charges/{charge.pk}/correct/" not in page
    assert f"/charges/{charge.pk}/verdict/correct/" in page  # his own verdict
    for path in (
        f"steps/{arrest.pk}/correct/",
        f"steps/{arrest.pk}/withdraw/",
        f"charges/{charge.pk}/correct/",
        f"persons/{world.victim.pk}/withdraw/",
    ):
        assert client.get(f"/cases/{world.case.pk}/{path}").status_code == 403
        assert _post(client, world, path, {"version": 1, "reason": "x"}).status_code == 403
    denied = AuditEvent.objects.filter(action="permission_denied", detail="correct case entry")
    assert denied.count() == 8
    assert _step(a, "arrest").withdrawn_at is None
    client.logout()
    login(client, cast.users["police"])
    assert client.get(f"/cases/{world.case.pk}/charges/{charge.pk}/verdict/withdraw/"
                      ).status_code == 403  # fmt: skip
    client.logout()
    login(client, cast.users["police_other"])  # another unit: not even the case
    assert client.get(f"/cases/{world.case.pk}/steps/{arrest.pk}/correct/").status_code == 403


def test_it_refuses_a_stale_correction(world, client):
    a = world.suspect_a
    services.add_step(_actor(world, "police"), a, "arrest", date(2026, 1, 2))
    arrest = _step(a, "arrest")
    login(client, world.cast.users["police"])
    # A colleague corrects it first, while this officer has the form open (version 1).
    corrections.correct_step(_actor(world, "police"), arrest, {"date": date(2026, 1, 12)}, 1,
                             "colleague")  # fmt: skip
    response = _post(client, world, f"steps/{arrest.pk}/correct/",
                     {"date": "2026-01-11", "version": 1, "reason": "mine"})  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200 and "data-stale-edit" in text
    assert "Someone else corrected or withdrew this entry" in text
    assert _step(a, "arrest").date == date(2026, 1, 12)
    with pytest.raises(StaleEdit):
        corrections.withdraw_step(_actor(world, "police"), arrest, 1, "late")
    # A withdrawn entry is no longer offered: 404.
    corrections.withdraw_step(_actor(world, "police"), arrest, 2, "not him")
    assert client.get(f"/cases/{world.case.pk}/steps/{arrest.pk}/correct/").status_code == 404


def test_it_corrects_a_victims_status_and_a_role_and_withdraws_a_person(world, client):
    cast, victim, a = world.cast, world.victim, world.suspect_a
    login(client, cast.users["police"])
    response = _post(client, world, f"persons/{victim.pk}/correct/", {
        "role": "victim", "trafficking_status": "PossibleVictimOfTrafficking",
        "status_decided_by": "Police", "version": victim.version,
        "reason": "Not yet identified: the interview is next week.",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    victim.refresh_from_db()
    assert (victim.trafficking_status, victim.version) == ("PossibleVictimOfTrafficking", 2)
    assert CasePerson.all_objects.get(superseded_by=victim).trafficking_status == (
        "ActualVictimOfTrafficking"
    )
    page = client.get(f"/cases/{world.case.pk}/").text
    assert 'data-link-history="corrected"' in page and "interview is next week" in page
    # A suspect with proceedings keeps the role until they are withdrawn.
    services.add_step(_actor(world, "police"), a, "arrest", date(2026, 1, 12))
    with pytest.raises(corrections.RefusedStep, match="withdraw those first"):
        corrections.correct_link(_actor(world, "police"), a, {"role": "witness"}, 1, "x")
    with pytest.raises(corrections.RefusedStep, match="withdraw those first"):
        corrections.withdraw_link(_actor(world, "police"), a, 1, "x")
    # Suspect B was entered by mistake: withdrawn, he no longer counts.
    b = world.suspect_b
    response = _post(client, world, f"persons/{b.pk}/withdraw/",
                     {"version": 1, "reason": "Entered in the wrong case"})  # fmt: skip
    assert response.status_code == 302
    assert list(CasePerson.objects.filter(case=world.case, role="suspect")) == [a]
    assert pipeline(cast.users["analyst"], 2026, "01").suspects_total == 1
    assert 'data-link-history="withdrawn"' in client.get(f"/cases/{world.case.pk}/").text
    assert summary_problems() == []


def test_it_hides_the_reasons_and_names_from_counting_roles(world, client):
    a = world.suspect_a
    services.add_step(_actor(world, "police"), a, "arrest", date(2026, 1, 2))
    corrections.correct_step(_actor(world, "police"), _step(a, "arrest"),
                             {"date": date(2026, 1, 12)}, 1, "Qzreasonx")  # fmt: skip
    login(client, world.cast.users["analyst"])
    page = client.get(f"/cases/{world.case.pk}/").text
    assert 'data-timeline-corrected="arrest"' in page
    assert "Qzreasonx" not in page and "data-correct-step" not in page
    assert world.cast.users["police"].display_name not in page
