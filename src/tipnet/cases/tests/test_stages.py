"""The proceedings rules of stages.py as plain functions: no database, no pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from tipnet.accounts.roles import OrganisationKind as ORG
from tipnet.cases.stages import (
    STEP_ORGANISATIONS,
    Problem,
    ProceedingKind,
    RefusedStep,
    Sentence,
    Stage,
    StepFacts,
    check_charge,
    check_new_charge,
    check_sentence,
    check_step,
    check_step_organisation,
    check_undecided,
    check_verdict,
    furthest,
    organisation_kinds,
    sentence_problems,
    stage_of,
    step_choices,
)

TODAY = date(2026, 6, 1)
NEW = StepFacts(stage="", last_date=None, has_charges=False, undecided_charges=0, arrested=False)
ARRESTED = replace(NEW, stage=Stage.ARRESTED, last_date=date(2026, 1, 12), arrested=True)


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def refusal(check, *args) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(RefusedStep) as refused:
        check(*args)
    return str(refused.value.message)


def test_stage_of_follows_the_steps_and_an_arrest_never_moves_them_back():
    assert stage_of([]) == ""
    assert stage_of(["investigation"]) == Stage.INVESTIGATION
    assert stage_of(["warrant"]) == Stage.AT_LARGE
    assert stage_of(["warrant", "arrest"]) == Stage.ARRESTED
    assert (
        stage_of(["arrest", "forwarded", "judicial_investigation"]) == Stage.JUDICIAL_INVESTIGATION
    )
    assert stage_of(["warrant", "forwarded", "arrest"]) == Stage.PROSECUTION
    assert stage_of(["arrest", "forwarded", "judicial_investigation", "indicted", "arrest"]) == (
        Stage.INDICTED
    )
    assert stage_of(["verdict", "appeal"]) == Stage.APPEAL
    assert stage_of(["verdict", "appeal", "appeal_decided"]) == Stage.VERDICT
    assert stage_of(["verdict", "final"]) == Stage.FINAL


def test_step_choices_are_in_the_order_of_the_proceedings_without_verdicts():
    assert step_choices("") == ["investigation", "arrest", "warrant"]
    assert step_choices(Stage.INVESTIGATION) == ["arrest", "warrant", "forwarded"]
    assert step_choices(Stage.JUDICIAL_INVESTIGATION) == ["arrest", "indicted", "dismissed"]
    assert step_choices(Stage.TRIAL) == []  # the verdict is given on each charge
    assert step_choices(Stage.VERDICT) == ["appeal", "final"]
    assert step_choices(Stage.DISMISSED) == step_choices(Stage.FINAL) == []
    assert step_choices("no such stage") == []


def test_furthest_is_the_most_advanced_stage():
    assert furthest([]) == furthest(["", ""]) == ""
    assert furthest(["arrested", "", "trial", "prosecution"]) == "trial"
    assert furthest(["indicted", "dismissed"]) == "dismissed"
    assert furthest(["final", "appeal"]) == "final"


def test_check_step_allows_a_step_that_may_follow():
    check_step(NEW, "arrest", TODAY, TODAY)
    check_step(ARRESTED, "forwarded", date(2026, 1, 12), TODAY)  # the same day is in order
    indicted = replace(ARRESTED, stage=Stage.JUDICIAL_INVESTIGATION, has_charges=True)
    check_step(indicted, "indicted", date(2026, 3, 1), TODAY)


def test_check_step_refuses_the_future_dates_out_of_order_and_a_second_arrest():
    assert refusal(check_step, NEW, "arrest", date(2026, 6, 2), TODAY) == (
        "A step cannot be dated in the future."
    )
    assert refusal(check_step, ARRESTED, "forwarded", date(2026, 1, 11), TODAY) == (
        "“File forwarded to the prosecutor” is dated before the previous step (12 Jan 2026): "
        "dates must be in order."
    )
    prosecution = replace(ARRESTED, stage=Stage.PROSECUTION)
    assert refusal(check_step, prosecution, "arrest", date(2026, 2, 1), TODAY) == (
        "This suspect is already recorded as arrested."
    )
    # An arrest after a warrant is allowed, once.
    check_step(replace(NEW, stage=Stage.AT_LARGE), "arrest", TODAY, TODAY)


@pytest.mark.parametrize(
    ("stage", "kind", "message"),
    [
        (Stage.PROSECUTION, "trial", "No trial before indictment: record the closing order first."),
        (Stage.INDICTED, "verdict", "No verdict before the trial, and none without a charge."),
        (Stage.TRIAL, "appeal", "An appeal can only follow a verdict."),
        (Stage.VERDICT, "appeal_decided", "An appeal can only follow a verdict."),
        (Stage.PROSECUTION, "indicted", "A closing order comes after the judicial investigation."),
        (Stage.ARRESTED, "dismissed", "A closing order comes after the judicial investigation."),
        (Stage.DISMISSED, "forwarded", "These proceedings are closed: no further step can be added."),
        (Stage.FINAL, "final", "These proceedings are closed: no further step can be added."),
        (Stage.TRIAL, "forwarded", "“File forwarded to the prosecutor” cannot follow the stage “On trial”."),
        ("", "forwarded", "“File forwarded to the prosecutor” cannot follow the stage “—”."),
        ("", "final", "“Final judgment” cannot follow the stage “—”."),
    ],
)  # fmt: skip
def test_check_step_says_why_a_step_cannot_follow(stage, kind, message):
    facts = replace(NEW, stage=stage, last_date=date(2026, 1, 1))
    assert refusal(check_step, facts, kind, date(2026, 2, 1), TODAY) == message


def test_check_step_wants_charges_before_the_indictment_and_verdicts_before_the_end():
    investigating = replace(ARRESTED, stage=Stage.JUDICIAL_INVESTIGATION)
    assert refusal(check_step, investigating, "indicted", TODAY, TODAY) == (
        "An indictment needs at least one charge: add the charges first."
    )
    check_step(investigating, "dismissed", TODAY, TODAY)  # dismissal needs no charge
    decided = replace(ARRESTED, stage=Stage.VERDICT, has_charges=True)
    check_step(decided, "final", TODAY, TODAY)
    assert refusal(check_step, replace(decided, undecided_charges=1), "final", TODAY, TODAY) == (
        "Every charge needs a verdict before the judgment becomes final."
    )


def test_check_charge_before_the_closing_order_and_not_in_the_future():
    for stage in (Stage.INVESTIGATION, Stage.AT_LARGE, Stage.ARRESTED, Stage.PROSECUTION,
                  Stage.JUDICIAL_INVESTIGATION):  # fmt: skip
        check_charge(replace(NEW, stage=stage), TODAY, TODAY)
    for stage in ("", Stage.INDICTED, Stage.TRIAL, Stage.DISMISSED, Stage.FINAL):
        assert refusal(check_charge, replace(NEW, stage=stage), TODAY, TODAY) == (
            "Charges are added before the closing order; this suspect is past it."
        )
    assert refusal(check_charge, ARRESTED, date(2026, 6, 2), TODAY) == (
        "A charge cannot be dated in the future."
    )


def test_check_verdict_after_the_trial_and_not_in_the_future():
    trial = date(2026, 4, 1)
    for stage in (Stage.TRIAL, Stage.VERDICT):
        check_verdict(NEW, stage, trial, trial, TODAY)
    no_trial = "No verdict before the trial, and none without a charge."
    assert refusal(check_verdict, NEW, Stage.INDICTED, trial, trial, TODAY) == no_trial
    assert refusal(check_verdict, NEW, Stage.TRIAL, None, trial, TODAY) == no_trial
    assert refusal(check_verdict, NEW, Stage.TRIAL, trial, date(2026, 6, 2), TODAY) == (
        "A verdict cannot be dated in the future."
    )
    assert refusal(check_verdict, NEW, Stage.TRIAL, trial, date(2026, 3, 31), TODAY) == (
        "The verdict is dated before the trial: dates must be in order."
    )


def test_every_step_names_an_organisation_of_its_kind():
    assert set(STEP_ORGANISATIONS) == set(ProceedingKind)
    for kind in ("investigation", "arrest"):
        assert STEP_ORGANISATIONS[kind] == {ORG.POLICE_UNIT}
    assert STEP_ORGANISATIONS["warrant"] == {ORG.POLICE_UNIT, ORG.COURT}
    assert STEP_ORGANISATIONS["forwarded"] == {ORG.PROSECUTION}
    for kind in ("judicial_investigation", "indicted", "dismissed", "trial", "verdict", "appeal",
                 "appeal_decided", "final"):  # fmt: skip
        assert STEP_ORGANISATIONS[kind] == {ORG.COURT}
    for kind in ProceedingKind:  # the organisation stays optional everywhere
        check_step_organisation(kind, None)
        check_step_organisation(kind, "")
    check_step_organisation("forwarded", ORG.PROSECUTION)
    check_step_organisation("trial", ORG.COURT)
    check_step_organisation("warrant", ORG.COURT)


def test_check_step_organisation_refuses_a_partner_of_the_wrong_kind():
    # A police unit named as the prosecutor's office would become a partner of the case.
    assert refusal(check_step_organisation, "forwarded", ORG.POLICE_UNIT) == (
        "For “File forwarded to the prosecutor” choose an organisation of the kind: "
        "Prosecutor's office."
    )
    assert refusal(check_step_organisation, "trial", ORG.PROSECUTION) == (
        "For “Trial” choose an organisation of the kind: Court."
    )
    assert refusal(check_step_organisation, "warrant", ORG.NGO) == (
        "For “At large: arrest warrant issued” choose an organisation of the kind: "
        "Court / Police unit."
    )
    for kind in (ORG.NGO, ORG.COURT, ORG.PROSECUTION, ORG.MINISTRY):
        with pytest.raises(RefusedStep):
            check_step_organisation("arrest", kind)


def test_organisation_kinds_is_what_any_of_the_steps_may_name():
    assert organisation_kinds([]) == set()
    assert organisation_kinds(step_choices("")) == {ORG.POLICE_UNIT, ORG.COURT}
    assert organisation_kinds(step_choices(Stage.ARRESTED)) == {ORG.PROSECUTION}
    assert organisation_kinds(step_choices(Stage.PROSECUTION)) == {ORG.POLICE_UNIT, ORG.COURT}


def test_one_charge_per_offence_and_one_verdict_per_charge():
    check_new_charge(set(), 10)
    check_new_charge({8, 12}, 10)
    assert refusal(check_new_charge, {8, 10}, 10) == (
        "This suspect is already charged with this offence."
    )
    check_undecided("")
    assert refusal(check_undecided, "acquitted") == (
        "This charge already has a verdict; record an appeal to change it."
    )


def convicted(**sentence) -> Sentence:  # type: ignore[no-untyped-def]
    return Sentence(verdict="convicted", verdict_on=date(2026, 4, 20), **sentence)


def test_a_fitting_sentence_has_no_problem():
    assert sentence_problems(Sentence()) == []
    assert sentence_problems(convicted()) == []
    assert sentence_problems(convicted(prison_years=10, prison_months=11, suspended_years=2,
                                       fine_amount=Decimal("20000000"), fine_currency="KHR",
                                       compensation_amount=Decimal(0),
                                       compensation_currency="USD")) == []  # fmt: skip
    # Zeros are no sentence: sheets fill the sentence columns on every row.
    acquitted = Sentence(verdict="acquitted", verdict_on=date(2026, 4, 20))
    assert sentence_problems(replace(acquitted, prison_years=0, prison_months=0)) == []
    check_sentence(convicted(prison_years=1))


def test_sentence_problems_name_the_fields_at_fault():
    assert sentence_problems(Sentence(verdict="convicted")) == [
        Problem("Give the date of the verdict.", ("verdict_on",))
    ]
    assert sentence_problems(Sentence(verdict_on=date(2026, 4, 20))) == [
        Problem("Give the verdict given on this date.", ("verdict",))
    ]
    months = "Months must be 0 to 11; put whole years in years."
    assert sentence_problems(convicted(prison_months=12, suspended_months=12, prison_years=5)) == [
        Problem(months, ("prison_months",)),
        Problem(months, ("suspended_months",)),
    ]
    assert sentence_problems(convicted(fine_amount=Decimal(100))) == [
        Problem("Give the currency.", ("fine_currency",))
    ]
    assert sentence_problems(
        convicted(compensation_amount=Decimal(-1), compensation_currency="USD")
    ) == [Problem("An amount cannot be negative.", ("compensation_amount",))]
    assert sentence_problems(
        Sentence(prison_years=2, fine_amount=Decimal(5), fine_currency="USD")
    ) == [Problem("A sentence needs a verdict.", ("verdict", "prison_years", "fine_amount"))]
    for verdict in ("acquitted", "dismissed"):
        given = Sentence(verdict=verdict, verdict_on=TODAY, prison_days=3)
        assert sentence_problems(given) == [
            Problem("An acquittal or dismissal carries no sentence.", ("prison_days",))
        ]
    longer = "The suspended part cannot be longer than the prison sentence."
    suspended = ("suspended_years", "suspended_months", "suspended_days")
    assert sentence_problems(convicted(prison_years=1, suspended_years=1, suspended_days=1)) == [
        Problem(longer, suspended)
    ]
    assert sentence_problems(convicted(suspended_months=1)) == [Problem(longer, suspended)]


def test_sentence_of_reads_a_form_or_a_row_and_check_sentence_says_the_first_problem():
    data = {"verdict": "acquitted", "verdict_on": TODAY, "prison_years": 2, "fine_amount": None,
            "verdict_court": "first_instance", "number": 7}  # fmt: skip
    assert Sentence.of(data) == Sentence(verdict="acquitted", verdict_on=TODAY, prison_years=2)
    assert refusal(check_sentence, Sentence.of(data)) == (
        "An acquittal or dismissal carries no sentence."
    )
    assert refusal(check_sentence, Sentence(verdict="convicted", prison_months=13)) == (
        "Give the date of the verdict."
    )


# Suspects at large and appeals (issue 11: court returns) -----------------------------------


def test_a_suspect_at_large_is_marked_or_has_a_warrant_and_no_arrest():
    from tipnet.cases.stages import is_at_large

    assert is_at_large(["warrant", "forwarded"]) is True
    assert is_at_large(["warrant", "arrest"]) is False
    assert is_at_large(["investigation", "forwarded"]) is False
    assert is_at_large(["warrant"], marked=False) is False  # released, not at large
    assert is_at_large(["investigation"], marked=True) is True


def test_a_suspect_marked_at_large_needs_a_warrant_and_no_arrest():
    from tipnet.cases.stages import check_at_large

    check_at_large(["warrant", "forwarded", "judicial_investigation"])
    assert "never arrested" in refusal(check_at_large, ["warrant", "arrest"])
    assert "arrest warrant" in refusal(check_at_large, ["investigation", "forwarded"])


def test_a_verdict_needs_no_arrest_and_a_suspect_at_large_is_convicted_in_absentia():
    from tipnet.cases.stages import check_presence

    on_trial = replace(NEW, stage=Stage.TRIAL, last_date=date(2026, 3, 1), has_charges=True,
                       undecided_charges=1, at_large=True)  # fmt: skip
    # Warrant, forwarded, ... trial: the steps never needed an arrest.
    steps = ["warrant", "forwarded", "judicial_investigation"]
    assert stage_of(steps) == Stage.JUDICIAL_INVESTIGATION
    check_verdict(on_trial, on_trial.stage, date(2026, 3, 1), date(2026, 3, 2), TODAY)
    check_presence(on_trial, "convicted_in_absentia")
    check_presence(on_trial, "acquitted")
    assert "in absentia" in refusal(check_presence, on_trial, "convicted")
    present = replace(on_trial, at_large=False, arrested=True)
    check_presence(present, "convicted")
    check_presence(present, "convicted_in_absentia")  # released or escaped before the trial
    check_presence(NEW, "convicted")  # facts without the mark: the rule does not apply


def test_an_appeal_is_lodged_decided_with_an_outcome_by_a_higher_court():
    from tipnet.cases.stages import Appeal, appeal_problems

    def columns(**given):  # type: ignore[no-untyped-def]
        return [p.fields for p in appeal_problems(Appeal.of(given))]

    assert columns() == []
    assert columns(verdict_court_level="first_instance", appeal_on=date(2026, 1, 1),
                   appeal_court_level="appeal", appeal_decided_on=date(2026, 4, 1),
                   appeal_outcome="upheld") == []  # fmt: skip
    assert columns(appeal_outcome="upheld") == [("appeal_on",), ("appeal_decided_on",)]
    assert columns(appeal_on=date(2026, 1, 1), appeal_decided_on=date(2026, 2, 1)) == [
        ("appeal_outcome",)
    ]
    assert columns(appeal_on=date(2026, 1, 1), appeal_court_level="first_instance") == [
        ("appeal_court_level",)
    ]
    assert columns(verdict_court_level="appeal", appeal_on=date(2026, 1, 1),
                   appeal_court_level="appeal") == [("appeal_court_level",)]  # fmt: skip
    assert columns(verdict_court_level="appeal", appeal_on=date(2026, 1, 1),
                   appeal_court_level="supreme") == []  # fmt: skip
    # The order after the verdict is check_step's.
    decided = replace(NEW, stage=Stage.VERDICT, last_date=date(2026, 1, 1), has_charges=True)
    check_step(decided, ProceedingKind.APPEAL, date(2026, 2, 1), TODAY)
    assert "follow a verdict" in refusal(
        check_step, ARRESTED, ProceedingKind.APPEAL, date(2026, 2, 1), TODAY
    )
