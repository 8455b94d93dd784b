"""Bad input gets a documented, safe answer or a clear ReorderInputError."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest

from reorder import ReorderError, ReorderInputError, ReorderModel


@pytest.fixture
def model() -> ReorderModel:
    return ReorderModel()


def test_an_empty_history_predicts_nothing(model: ReorderModel) -> None:
    # GIVEN no orders
    # WHEN we predict
    # THEN the answer is an empty list
    assert model.predict([], 10.0) == []


def test_unsorted_days_give_the_same_answer_as_sorted_ones(model: ReorderModel) -> None:
    # GIVEN the same orders in and out of order
    ordered = [(0.0, ["milk"]), (7.0, ["milk", "eggs"]), (14.0, ["milk"])]
    shuffled = [ordered[2], ordered[0], ordered[1]]

    # WHEN we predict on both
    # THEN the predictions are identical
    assert model.predict(shuffled, 20.0) == model.predict(ordered, 20.0)


def test_orders_on_the_same_day_are_merged(model: ReorderModel) -> None:
    # GIVEN two entries on day 7 (one of them a mapping with 2 units)
    split = [(0.0, ["milk"]), (7.0, ["milk"]), (7.0, {"milk": 2, "eggs": 1})]
    merged = [(0.0, ["milk"]), (7.0, {"milk": 3, "eggs": 1})]

    # WHEN we predict
    items = model.predict(split, 10.0)

    # THEN day 7 counts as one purchase of 3 units, exactly like the merged history
    milk = next(item for item in items if item.product_id == "milk")
    assert milk.purchases == 2
    assert milk.last_quantity == 3.0
    assert items == model.predict(merged, 10.0)


def test_orders_after_now_are_ignored(model: ReorderModel) -> None:
    # GIVEN a history with an order dated after now holding a new product
    history = [(0.0, ["milk"]), (7.0, ["milk"]), (30.0, ["milk", "caviar"])]

    # WHEN we predict at day 10
    items = model.predict(history, 10.0)

    # THEN the future order is not used at all
    assert [item.product_id for item in items] == ["milk"]
    assert items[0].purchases == 2
    assert model.predict(history[:2], 10.0) == items


def test_a_zero_quantity_line_is_ignored(model: ReorderModel) -> None:
    # GIVEN a line with quantity 0 (e.g. removed from the cart)
    history = [(0.0, {"milk": 1, "caviar": 0})]

    # WHEN we predict
    # THEN only milk is known
    assert [item.product_id for item in model.predict(history, 5.0)] == ["milk"]


def test_decimal_quantities_from_the_database_are_accepted(model: ReorderModel) -> None:
    # GIVEN quantities as DynamoDB returns them
    history = [(0.0, {"milk": Decimal("2")}), (Decimal("7"), {"milk": Decimal("1")})]

    # WHEN we predict
    # THEN they behave like plain numbers
    assert model.predict(history, 9.0) == model.predict([(0.0, {"milk": 2}), (7.0, {"milk": 1})], 9.0)


@pytest.mark.parametrize(
    "quantity",
    ["two", None, -1, math.nan, math.inf, True, [1], 1e9, Decimal("-2")],
    ids=["text", "none", "negative", "nan", "infinite", "bool", "list", "implausible", "negative-decimal"],
)
def test_a_bad_quantity_is_a_clear_input_error(model: ReorderModel, quantity: Any) -> None:
    # GIVEN a line whose quantity is not a usable number
    history = [(0.0, {"milk": quantity})]

    # WHEN we predict
    # THEN a ReorderInputError (also a ValueError and a ReorderError) names the problem
    with pytest.raises(ReorderInputError, match="quantity"):
        model.predict(history, 5.0)
    with pytest.raises(ValueError):
        model.predict(history, 5.0)
    with pytest.raises(ReorderError):
        model.predict(history, 5.0)


@pytest.mark.parametrize("product_id", [42, None, b"milk", ""], ids=["int", "none", "bytes", "empty"])
def test_a_product_id_that_is_not_a_string_is_rejected(model: ReorderModel, product_id: Any) -> None:
    # GIVEN an id that is not a non-empty string, as a list item and as a mapping key
    # WHEN we predict
    # THEN both raise a ReorderInputError about the product id
    with pytest.raises(ReorderInputError, match="product id"):
        model.predict([(0.0, [product_id])], 5.0)
    with pytest.raises(ReorderInputError, match="product id"):
        model.predict([(0.0, {product_id: 1})], 5.0)


@pytest.mark.parametrize(
    "history",
    [
        "milk",
        [(0.0,)],
        [("monday", ["milk"])],
        [(math.nan, ["milk"])],
        [(1e12, ["milk"])],
        [(0.0, "milk")],
        [(0.0, 3)],
        None,
    ],
    ids=["string", "no-items", "text-day", "nan-day", "far-day", "string-items", "number-items", "none"],
)
def test_a_malformed_history_is_a_clear_input_error(model: ReorderModel, history: Any) -> None:
    # GIVEN a history that is not a list of (day, items)
    # WHEN we predict
    # THEN a ReorderInputError is raised, never an unexplained crash
    with pytest.raises(ReorderInputError):
        model.predict(history, 5.0)


@pytest.mark.parametrize("now", [math.nan, math.inf, "today", None], ids=["nan", "inf", "text", "none"])
def test_a_bad_now_is_a_clear_input_error(model: ReorderModel, now: Any) -> None:
    # GIVEN a valid history and a bad "now"
    # WHEN we predict
    # THEN a ReorderInputError is raised
    with pytest.raises(ReorderInputError, match="now"):
        model.predict([(0.0, ["milk"])], now)


def test_feedback_that_is_not_feedback_is_rejected(model: ReorderModel) -> None:
    # GIVEN feedback as loose dicts instead of Feedback records
    loose: Any = [{"product_id": "milk", "day": 1.0, "kind": "snooze"}]

    # WHEN we predict
    # THEN the error says what is expected
    with pytest.raises(ReorderInputError, match="Feedback"):
        model.predict([(0.0, ["milk"])], 5.0, feedback=loose)


def test_fit_rejects_a_malformed_history_with_the_same_error() -> None:
    # GIVEN one good and one malformed shopper history
    histories: Any = [[(0.0, ["milk"])], [(0.0, {"milk": "lots"})]]

    # WHEN we fit
    # THEN fitting stops with a ReorderInputError
    with pytest.raises(ReorderInputError):
        ReorderModel.fit(histories)
