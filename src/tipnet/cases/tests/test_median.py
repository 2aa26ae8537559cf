"""The pipeline's median from (days, count) pairs is the median of the expanded list."""

from __future__ import annotations

import random
import statistics
from collections import Counter

import pytest

from tipnet.cases.queries import weighted_median


@pytest.mark.parametrize("seed", range(200))
def test_it_matches_the_median_of_every_value(seed):
    rng = random.Random(seed)
    values = [rng.randint(0, 30) for _ in range(rng.randint(1, 25))]
    assert weighted_median(list(Counter(values).items())) == statistics.median(values)


def test_no_values_have_no_median():
    assert weighted_median([]) is None
