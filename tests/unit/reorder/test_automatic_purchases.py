"""Purchases the model chose (automatic orders) start a new interval but are no evidence of how long one lasts."""

from __future__ import annotations

import pytest

from reorder import DueItem, ReorderInputError, ReorderModel
from tests.unit.reorder.histories import weekly

# milk every 7 days, last on day 35, then automatic orders placed by the model every 5 days
BOUGHT = weekly("milk", 6, extra=False)
AUTOMATIC = [(40.0, {"milk": 1}), (45.0, {"milk": 1}), (50.0, {"milk": 1})]


def milk(history: list, now: float, **kwargs: object) -> DueItem:
    return next(item for item in ReorderModel().predict(history, now, **kwargs) if item.product_id == "milk")


def test_gaps_ending_in_an_automatic_purchase_are_not_learned_as_the_interval() -> None:
    # GIVEN weekly milk, then three automatic orders five days apart
    # WHEN the model is told which purchases were automatic
    told = milk(BOUGHT + AUTOMATIC, 51.0, automatic={"milk": [40.0, 45.0, 50.0]})
    # THEN it keeps the interval of the shopper's own purchases, and counts from the latest automatic one
    assert told.interval_days == pytest.approx(milk(BOUGHT, 36.0).interval_days)
    assert told.days_since_last == pytest.approx(1.0)
    # AND without being told, the model's own five-day choices would have shortened it
    assert milk(BOUGHT + AUTOMATIC, 51.0).interval_days < told.interval_days - 0.5


def test_a_gap_the_shopper_ends_after_an_automatic_purchase_is_learned() -> None:
    # GIVEN weekly milk, an automatic order on day 40, and the shopper buying milk themselves on day 43
    history = [*BOUGHT, (40.0, {"milk": 1}), (43.0, {"milk": 1})]
    # WHEN the model is told the day-40 purchase was automatic
    item = milk(history, 44.0, automatic={"milk": [40.0]})
    # THEN the shopper's three-day gap is evidence that milk runs out sooner than weekly
    assert item.interval_days < milk(BOUGHT, 36.0).interval_days


def test_only_automatic_gaps_after_one_purchase_leave_the_population_interval() -> None:
    # GIVEN milk bought once by the shopper, then only by automatic orders
    history = [(0.0, {"milk": 1}), (9.0, {"milk": 1}), (18.0, {"milk": 1})]
    # WHEN told so, THEN the interval is the population's, as for a product bought once
    assert milk(history, 19.0, automatic={"milk": [9.0, 18.0]}).interval_days == pytest.approx(
        milk([(0.0, {"milk": 1})], 1.0).interval_days
    )


@pytest.mark.parametrize("automatic", [["milk"], {"milk": [float("nan")]}, {"milk": ["day 40"]}, {"milk": 40.0}])
def test_malformed_automatic_days_are_refused(automatic: object) -> None:
    with pytest.raises(ReorderInputError):
        ReorderModel().predict(BOUGHT + AUTOMATIC, 51.0, automatic=automatic)  # type: ignore[arg-type]
