"""The proceedings rules on a corrected history (cases/history.py): pure functions."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from tipnet.cases.history import Proceedings, Step, check_change, first_refusal
from tipnet.cases.stages import RefusedStep

TODAY = date(2026, 12, 1)


def _proceedings(*steps: tuple[str, str], charges: int = 1, undecided: int = 0) -> Proceedings:
    return Proceedings(
        tuple(Step(n, kind, date.fromisoformat(on)) for n, (kind, on) in enumerate(steps, 1)),
        charges, undecided,
    )  # fmt: skip


FULL = _proceedings(("investigation", "2026-01-05"), ("arrest", "2026-01-12"),
                    ("forwarded", "2026-01-20"), ("judicial_investigation", "2026-02-05"),
                    ("indicted", "2026-04-01"), ("trial", "2026-06-01"),
                    ("verdict", "2026-07-15"))  # fmt: skip


def test_it_accepts_a_date_corrected_within_its_neighbours():
    assert first_refusal(FULL, TODAY) is None
    check_change(FULL, FULL.moved(2, date(2026, 1, 14)), TODAY, changed=2)


def test_it_names_the_step_an_arrest_moved_after_the_verdict_would_follow():
    with translation.override("en"), pytest.raises(RefusedStep) as refused:
        check_change(FULL, FULL.moved(2, date(2026, 8, 1)), TODAY, changed=2)
    message = str(refused.value.message)
    assert "“Arrested” cannot follow the stage “Verdict given”" in message
    assert "would come after “Verdict” (15 Jul 2026)" in message


def test_it_refuses_a_future_date_and_a_withdrawal_that_leaves_a_step_alone():
    with translation.override("en"), pytest.raises(RefusedStep, match="future"):
        check_change(FULL, FULL.moved(7, date(2027, 1, 1)), TODAY, changed=7)
    alone = _proceedings(("arrest", "2026-01-12"), ("forwarded", "2026-01-20"))
    with translation.override("en"), pytest.raises(RefusedStep) as refused:
        check_change(alone, alone.without(1), TODAY)
    assert "“File forwarded to the prosecutor” (20 Jan 2026) could no longer stand" in str(
        refused.value.message
    )


def test_it_keeps_a_final_judgment_from_losing_a_verdict():
    final = _proceedings(*[(s.kind, s.on.isoformat()) for s in FULL.ordered()],
                         ("final", "2026-09-01"))  # fmt: skip
    after = Proceedings(final.without(7).steps, final.charges, final.undecided + 1)
    with translation.override("en"), pytest.raises(RefusedStep, match="Final judgment"):
        check_change(final, after, TODAY)


def test_it_does_not_hold_an_old_refusal_against_an_unrelated_correction():
    odd = _proceedings(("arrest", "2026-01-12"), ("indicted", "2026-01-20"))  # an old import
    assert first_refusal(odd, TODAY) is not None
    check_change(odd, odd.moved(1, date(2026, 1, 13)), TODAY, changed=1)
