"""Invariants of ``predict`` over generated histories (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from reorder import Feedback, FeedbackKind, ReorderModel
from tests.unit.reorder.histories import population

PRODUCTS = st.sampled_from(["milk", "eggs", "rice", "soap", "tea", "batteries", "novelty-mug"])
BASKET = st.one_of(
    st.lists(PRODUCTS, min_size=1, max_size=4),
    st.dictionaries(PRODUCTS, st.integers(min_value=1, max_value=4), min_size=1, max_size=4),
)
HISTORY = st.lists(
    st.tuples(st.floats(min_value=0.0, max_value=400.0, allow_nan=False), BASKET), max_size=25
)
NOW = st.floats(min_value=0.0, max_value=800.0, allow_nan=False)
FEEDBACK = st.lists(
    st.builds(
        Feedback,
        product_id=PRODUCTS,
        day=st.floats(min_value=0.0, max_value=800.0, allow_nan=False),
        kind=st.sampled_from(list(FeedbackKind)),
    ),
    max_size=4,
)
MODELS = [ReorderModel(), ReorderModel.fit(population(8))]


@settings(max_examples=150, deadline=None)
@given(history=HISTORY, now=NOW, feedback=FEEDBACK, fitted=st.booleans())
def test_predictions_are_deterministic(history, now, feedback, fitted) -> None:  # type: ignore[no-untyped-def]
    # GIVEN any history, day and feedback
    model = MODELS[fitted]

    # WHEN we predict twice
    # THEN the answers are equal
    assert model.predict(history, now, feedback=feedback) == model.predict(history, now, feedback=feedback)


@settings(max_examples=150, deadline=None)
@given(history=HISTORY, now=NOW, feedback=FEEDBACK, fitted=st.booleans())
def test_only_products_bought_by_now_are_predicted_each_once(history, now, feedback, fitted) -> None:  # type: ignore[no-untyped-def]
    # GIVEN any history, day and feedback
    bought = {pid for day, items in history if day <= now for pid in items}

    # WHEN we predict
    items = MODELS[fitted].predict(history, now, feedback=feedback)

    # THEN exactly the products bought on or before now are listed, each once
    ids = [item.product_id for item in items]
    assert sorted(ids) == sorted(bought)


@settings(max_examples=150, deadline=None)
@given(history=HISTORY, now=NOW, feedback=FEEDBACK, fitted=st.booleans())
def test_probabilities_are_within_0_and_1_and_days_are_finite(history, now, feedback, fitted) -> None:  # type: ignore[no-untyped-def]
    # GIVEN any history, day and feedback
    # WHEN we predict
    items = MODELS[fitted].predict(history, now, feedback=feedback)

    # THEN every figure is a usable number and the ranking is most probable first
    for item in items:
        assert 0.0 <= item.probability <= 1.0
        assert math.isfinite(item.run_out_day)
        assert math.isfinite(item.interval_days) and item.interval_days > 0.0
        assert item.days_since_last >= 0.0
        assert item.last_quantity > 0.0
        assert item.purchases >= 1
    probabilities = [item.probability for item in items]
    assert probabilities == sorted(probabilities, reverse=True)


@settings(max_examples=100, deadline=None)
@given(history=HISTORY, now=NOW, fitted=st.booleans())
def test_never_ask_products_are_never_prompted(history, now, fitted) -> None:  # type: ignore[no-untyped-def]
    # GIVEN "never ask" answers for every product
    never = [Feedback(product_id=pid, day=0.0, kind=FeedbackKind.NEVER) for pid in ("milk", "eggs", "rice")]

    # WHEN we predict
    items = MODELS[fitted].predict(history, now, feedback=never)

    # THEN none of them is prompted
    assert not any(item.prompt for item in items if item.product_id in {"milk", "eggs", "rice"})


EXTREME_HISTORY = st.lists(
    st.tuples(
        st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
        st.dictionaries(
            PRODUCTS,
            st.one_of(st.floats(min_value=0.0, max_value=1e6, allow_nan=False), st.integers(0, 1_000_000)),
            min_size=1,
            max_size=3,
        ),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(history=EXTREME_HISTORY, now=st.floats(min_value=-1e7, max_value=1e7, allow_nan=False))
def test_extreme_but_valid_days_and_quantities_give_finite_answers(history, now) -> None:  # type: ignore[no-untyped-def]
    # GIVEN days and quantities at the edges of what is accepted (tiny, zero and huge)
    # WHEN we predict
    items = MODELS[1].predict(history, now)

    # THEN every figure is still a finite number in range
    for item in items:
        assert 0.0 <= item.probability <= 1.0
        assert math.isfinite(item.run_out_day)
        assert math.isfinite(item.interval_days)
        assert math.isfinite(item.days_since_last)
