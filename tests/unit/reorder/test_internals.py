"""Checks of the speed-motivated internals against their plain definitions."""

from __future__ import annotations

import math
import random
from statistics import NormalDist

import pytest

from reorder import DueItem, ReorderModel
from reorder.model import (
    _DEFAULT_WEIGHTS,
    _SCORE,
    FEATURE_NAMES,
    _conditional_median,
    _evidence,
    normalise_history,
)
from reorder.priors import fit_logistic
from tests.unit.reorder.histories import population


def log_normal_survival(mu: float, sigma: float, t: float) -> float:
    return NormalDist(mu, sigma).cdf(math.log1p(t)) * -1.0 + 1.0


def test_the_inline_score_equals_the_weighted_sum_of_the_feature_vector() -> None:
    # GIVEN a fitted model (non-default weights) and varied shoppers
    model = ReorderModel.fit(population(12))
    rng = random.Random(7)
    for weights in (model.weights, _DEFAULT_WEIGHTS, tuple(rng.uniform(-1, 1) for _ in FEATURE_NAMES)):
        for shopper in population(12)[:5]:
            orders = normalise_history(shopper[: rng.randint(1, len(shopper))])
            now = orders[-1][0] + rng.uniform(0.0, 40.0)
            vectors: list[tuple[str, list[float]]] = []

            # WHEN we score with and without the feature vectors
            seen = _evidence(orders, now, model.priors, model.settings, weights, features=vectors)

            # THEN the inline logit is exactly the dot product used to fit the weights
            assert len(vectors) == len(seen)
            for pid, vector in vectors:
                assert len(vector) == len(FEATURE_NAMES)
                expected = sum(w * x for w, x in zip(weights, vector, strict=True))
                assert seen[pid][_SCORE] == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_cart_position_reads_where_in_the_basket_the_product_was_added() -> None:
    # GIVEN milk added first, then last, then in the middle of three; bread always after it
    orders = normalise_history(
        [(0.0, ["milk", "bread"]), (7.0, ["eggs", "bread", "milk"]), (14.0, ["eggs", "milk", "bread"])]
    )
    vectors: list[tuple[str, list[float]]] = []

    # WHEN we take the feature vectors
    _evidence(orders, 21.0, ReorderModel().priors, ReorderModel().settings, _DEFAULT_WEIGHTS, features=vectors)

    # THEN 0 is first and 1 is last: the average over the purchases, and the place at the last one
    by_id = dict(vectors)
    mean, last = FEATURE_NAMES.index("cart_position"), FEATURE_NAMES.index("last_cart_position")
    assert by_id["milk"][mean] == pytest.approx((0.0 + 1.0 + 0.5) / 3)
    assert by_id["milk"][last] == pytest.approx(0.5)
    assert by_id["bread"][mean] == pytest.approx((1.0 + 0.5 + 1.0) / 3)
    assert by_id["eggs"][last] == 0.0


@pytest.mark.parametrize("sigma", [0.2, 0.5, 1.0])
@pytest.mark.parametrize("elapsed", [0.0, 3.0, 10.0, 25.0, 80.0, 400.0])
def test_the_run_out_day_is_the_conditional_median_of_the_interval(sigma: float, elapsed: float) -> None:
    # GIVEN a log-normal interval with a median of 14 days that has already lasted `elapsed` days
    mu = math.log(15.0)

    # WHEN we take the tabulated conditional median
    median = _conditional_median(mu, sigma, elapsed)

    # THEN it is not before `elapsed` and half of the remaining probability lies beyond it
    assert median >= elapsed
    remaining = log_normal_survival(mu, sigma, elapsed)
    if remaining > 1e-9:
        assert log_normal_survival(mu, sigma, median) / remaining == pytest.approx(0.5, abs=0.02)


def test_a_due_item_from_predict_is_an_immutable_record_with_named_fields() -> None:
    # GIVEN a shopper's prediction (built straight from tuples, for speed)
    item = ReorderModel().predict([(0.0, {"milk": 1}), (7.0, {"milk": 2})], now=14.0)[0]

    # THEN it is a DueItem that reads by name and cannot change
    assert isinstance(item, DueItem)
    assert (item.product_id, item.last_quantity, item.purchases) == ("milk", 2.0, 2)
    assert 0.0 <= item.probability <= 1.0
    with pytest.raises(AttributeError):
        item.probability = 0.1  # type: ignore[misc]


def test_the_logistic_solver_recovers_known_weights() -> None:
    # GIVEN labels drawn from known logistic weights
    rng = random.Random(3)
    rows: list[list[float]] = []
    labels: list[float] = []
    for _ in range(4000):
        x = [1.0, rng.gauss(0.0, 1.0), rng.gauss(0.0, 1.0)]
        p = 1.0 / (1.0 + math.exp(-(-0.5 + 1.5 * x[1] - 1.0 * x[2])))
        rows.append(x)
        labels.append(1.0 if rng.random() < p else 0.0)

    # WHEN we fit from zero, once free and once with a lower bound on the last weight
    free = fit_logistic(rows, labels, [0.0, 0.0, 0.0], l2=1e-3)
    bounded = fit_logistic(rows, labels, [0.0, 0.0, 0.0], l2=1e-3, lower={2: 0.0})

    # THEN the free fit finds them and the bounded one respects its bound
    assert free == pytest.approx([-0.5, 1.5, -1.0], abs=0.15)
    assert bounded[2] == 0.0
