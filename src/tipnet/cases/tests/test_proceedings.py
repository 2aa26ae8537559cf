"""The proceedings rules, through the pages a police officer and a prosecutor use."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import translation

from tipnet.audit.models import AuditEvent
from tipnet.cases.models import Charge, Offence, ProceedingStep
from tipnet.cases.queries import pipeline
from tipnet.cases.summary import summary_problems
from tipnet.testing import login


def _step(client, world, suspect, kind, on, **extra):
    url = f"/cases/{world.case.pk}/suspects/{suspect.pk}/step/"
    return client.post(url, {"kind": kind, "date": on, **extra})


def _charge(client, world, suspect, article="10", on="2026-02-01"):
    offence = Offence.objects.get(law="TIP2008", article=article)
    url = f"/cases/{world.case.pk}/suspects/{suspect.pk}/charge/"
    return client.post(url, {"offence": offence.pk, "charged_on": on})


def _verdict(client, world, suspect, verdict, on, **sentence):
    charge = Charge.objects.get(suspect=suspect)
    url = f"/cases/{world.case.pk}/charges/{charge.pk}/verdict/"
    return client.post(url, {"verdict": verdict, "verdict_on": on, "verdict_court": "first_instance",
                             "prison_years": 0, "prison_months": 0, "prison_days": 0,
                             "suspended_years": 0, "suspended_months": 0, "suspended_days": 0,
                             **sentence})  # fmt: skip


def test_it_follows_two_suspects_from_arrest_to_verdict_and_appeal(world, client):
    cast, a, b = world.cast, world.suspect_a, world.suspect_b
    login(client, cast.users["police"])
    assert _step(client, world, a, "arrest", "2026-01-12").status_code == 302
    assert _step(client, world, b, "arrest", "2026-01-13").status_code == 302
    for s in (a, b):
        assert _charge(client, world, s).status_code == 302
        _step(
            client,
            world,
            s,
            "forwarded",
            "2026-01-20",
            organisation=cast.orgs["prosecution_bmc"].pk,
        )
        _step(client, world, s, "judicial_investigation", "2026-02-05", organisation=world.court.pk)
        _step(client, world, s, "indicted", "2026-04-01", organisation=world.court.pk)
        assert (
            _step(client, world, s, "trial", "2026-06-01", organisation=world.court.pk).status_code
            == 302
        )
    world.case.refresh_from_db()
    assert world.case.prosecution_organisation == cast.orgs["prosecution_bmc"]
    assert world.case.court_organisation == world.court

    # The prosecutor now sees the case before his office and records the verdicts.
    client.logout()
    login(client, cast.users["prosecutor"])
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    convicted = _verdict(client, world, a, "convicted", "2026-07-15", prison_years=10,
                         fine_amount="20000000", fine_currency="KHR")  # fmt: skip
    assert convicted.status_code == 302
    assert _verdict(client, world, b, "acquitted", "2026-07-15").status_code == 302
    assert _step(client, world, a, "appeal", "2026-08-01", court_level="appeal").status_code == 302

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stage, b.stage) == ("appeal", "verdict")
    # The stored summary the pipeline counts from follows every step and verdict.
    assert (a.arrested_on, a.first_verdict_on, a.decided, a.convicted) == (
        date(2026, 1, 12),
        date(2026, 7, 15),
        True,
        True,
    )
    assert (b.decided, b.convicted) == (True, False)
    assert summary_problems() == []
    charge = Charge.objects.get(suspect=a)
    assert (charge.verdict, charge.prison_years, charge.fine_currency) == ("convicted", 10, "KHR")
    figures = pipeline(cast.users["analyst"], 2026, "01")
    assert figures.cases_total == 1 and figures.suspects_total == 2
    assert figures.suspects_by_stage == {"appeal": 1, "verdict": 1}
    assert figures.conviction_rate == 0.5
    verdict_day = date(2026, 7, 15)
    spans = [(verdict_day - date(2026, 1, 12)).days, (verdict_day - date(2026, 1, 13)).days]
    assert figures.median_days_arrest_to_verdict == sum(spans) / 2
    page = client.get(f"/cases/{world.case.pk}/").text
    assert page.count('data-timeline="arrest"') == 2 and 'data-timeline="appeal"' in page
    assert AuditEvent.objects.filter(action="change", object_id=str(world.case.pk)).count() >= 14


def test_it_refuses_steps_out_of_order_with_the_reason(world, client):
    login(client, world.cast.users["police"])
    a = world.suspect_a
    client.cookies["tipnet_language"] = "en"
    trial = _step(client, world, a, "trial", "2026-02-01")
    assert trial.status_code == 200 and "Select a valid choice" in trial.text  # not offered at all
    _step(client, world, a, "arrest", "2026-01-12")
    early = _step(client, world, a, "forwarded", "2026-01-05")
    assert "dates must be in order" in early.text
    future = _step(client, world, a, "forwarded", (date.today() + timedelta(days=3)).isoformat())
    assert "future" in future.text
    _step(client, world, a, "forwarded", "2026-01-20")
    _step(client, world, a, "judicial_investigation", "2026-02-05")
    no_charge = _step(client, world, a, "indicted", "2026-03-01")
    assert "needs at least one charge" in no_charge.text
    assert ProceedingStep.objects.filter(suspect=a).count() == 3


def test_it_refuses_a_verdict_before_trial_and_an_appeal_before_a_verdict(world, client):
    login(client, world.cast.users["police"])
    a = world.suspect_a
    _step(client, world, a, "arrest", "2026-01-12")
    _charge(client, world, a, on="2026-01-15")
    response = _verdict(client, world, a, "convicted", "2026-02-01", prison_years=3)
    with translation.override("en"):
        assert "No verdict before the trial" in response.text
    assert Charge.objects.get(suspect=a).verdict == ""
    appeal = _step(client, world, a, "appeal", "2026-02-01", court_level="appeal")
    assert appeal.status_code == 200
    assert not ProceedingStep.objects.filter(suspect=a, kind="appeal").exists()


def test_it_checks_the_sentence(world, client):
    login(client, world.cast.users["police"])
    a = world.suspect_a
    for kind, on in [("arrest", "2026-01-12"), ("forwarded", "2026-01-20"),
                     ("judicial_investigation", "2026-02-05")]:  # fmt: skip
        _step(client, world, a, kind, on)
    _charge(client, world, a, on="2026-02-06")
    _step(client, world, a, "indicted", "2026-03-01")
    _step(client, world, a, "trial", "2026-04-01")
    client.cookies["tipnet_language"] = "en"
    bad = _verdict(client, world, a, "acquitted", "2026-04-20", prison_years=2)
    assert "carries no sentence" in bad.text
    bad = _verdict(client, world, a, "convicted", "2026-04-20", prison_years=1, suspended_years=2)
    assert "cannot be longer" in bad.text
    bad = _verdict(client, world, a, "convicted", "2026-04-20", fine_amount="100")
    assert "Give the currency" in bad.text
    assert Charge.objects.get(suspect=a).verdict == ""


def test_it_keeps_other_units_and_counting_roles_out(world, client):
    cast = world.cast
    login(client, cast.users["police_other"])
    assert client.get(f"/cases/{world.case.pk}/").status_code == 403
    assert client.post(f"/cases/{world.case.pk}/suspects/{world.suspect_a.pk}/step/",
                       {"kind": "arrest", "date": "2026-01-12"}).status_code == 403  # fmt: skip
    assert not ProceedingStep.objects.exists()
    client.logout()
    login(client, cast.users["analyst"])
    page = client.get(f"/cases/{world.case.pk}/")
    assert page.status_code == 200 and "Meas Vuthy" not in page.text and "data-masked" in page.text
    assert "Caller said" not in page.text  # the narrative identifies people
    assert (
        client.get(f"/cases/{world.case.pk}/suspects/{world.suspect_a.pk}/step/").status_code == 403
    )
    client.logout()
    login(client, cast.users["prosecutor"])  # not before his office yet
    assert client.get(f"/cases/{world.case.pk}/").status_code == 403


def test_it_shows_the_prosecutor_the_people_of_cases_before_his_office(world, client):
    cast = world.cast
    accused = world.suspect_a.person
    login(client, cast.users["prosecutor"])
    assert client.get(f"/people/{accused.pk}/").status_code == 403
    world.case.prosecution_organisation = cast.orgs["prosecution_bmc"]
    world.case.save()
    page = client.get(f"/people/{accused.pk}/")
    assert page.status_code == 200 and "Meas Vuthy" in page.text
    # The plain list holds his office's own records; a search finds the people of his cases.
    assert f'data-person="{accused.pk}"' not in client.get("/people/").text
    assert f'data-person="{accused.pk}"' in client.get("/people/?q=Meas+Vuthy").text
    assert client.get(f"/people/{accused.pk}/edit/").status_code == 403  # seeing is not changing
