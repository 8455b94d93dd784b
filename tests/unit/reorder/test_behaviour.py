"""Behaviour of the consumption model on hand-made histories."""

from __future__ import annotations

from reorder import DueItem, ReorderModel
from tests.unit.reorder.histories import History, weekly


def item_for(items: list[DueItem], product_id: str) -> DueItem:
    found = [item for item in items if item.product_id == product_id]
    assert len(found) == 1, f"{product_id} predicted {len(found)} times"
    return found[0]


def test_a_regular_weekly_buyer_becomes_due_near_the_weekly_interval() -> None:
    # GIVEN a shopper who bought milk every 7 days, last on day 56
    history = weekly("milk", 9)
    model = ReorderModel()

    # WHEN we ask the day after the last purchase and a week after it
    day_after = item_for(model.predict(history, 57.0), "milk")
    week_after = item_for(model.predict(history, 63.0), "milk")

    # THEN it is not due the day after, it is due a week later, and it runs out about then
    assert day_after.probability < week_after.probability
    assert not day_after.prompt
    assert week_after.prompt
    assert 58.0 <= week_after.run_out_day <= 72.0
    assert 5.0 <= week_after.interval_days <= 12.0
    assert week_after.days_since_last == 7.0
    assert week_after.purchases == 9


def test_an_overdue_run_out_day_comes_from_the_history_not_from_the_day_asked() -> None:
    # GIVEN weekly milk, last bought on day 56 and not in the three later weekly orders (to day 77)
    history: History = [*weekly("milk", 9), *[(63.0 + 7.0 * i, {"bread": 1}) for i in range(3)]]
    model = ReorderModel()

    # WHEN we ask at the next order, and again after a month without any order
    next_order = item_for(model.predict(history, 84.0), "milk")
    after_a_pause = item_for(model.predict(history, 110.0), "milk")

    # THEN it ran out after the last order that went without it, before it was asked about,
    # and a pause in which nothing was ordered does not make it last longer
    assert 77.0 < next_order.run_out_day < 84.0
    assert after_a_pause.run_out_day == next_order.run_out_day
    assert after_a_pause.days_since_last > next_order.days_since_last


def test_two_packs_last_about_twice_as_long_as_one() -> None:
    # GIVEN two shoppers who bought towels every 10 days, the second one 2 packs last time
    one_pack: History = [(10.0 * i, {"towels": 1}) for i in range(6)]
    two_packs: History = [*one_pack[:-1], (50.0, {"towels": 2})]
    model = ReorderModel()

    # WHEN we predict on the day of the last purchase
    single = item_for(model.predict(one_pack, 50.0), "towels")
    double = item_for(model.predict(two_packs, 50.0), "towels")

    # THEN the two packs run out about twice as late
    ratio = (double.run_out_day - 50.0) / (single.run_out_day - 50.0)
    assert 1.7 <= ratio <= 2.3
    assert double.last_quantity == 2.0


def test_a_product_the_shopper_stopped_buying_is_not_due() -> None:
    # GIVEN milk bought weekly for 8 weeks, then 10 more weekly orders without it
    history: History = [(7.0 * i, {"milk": 1, "bread": 1} if i < 8 else {"bread": 1}) for i in range(18)]

    # WHEN we predict at the next weekly order
    items = ReorderModel().predict(history, 126.0)

    # THEN milk is still listed but has decayed and is not prompted, while bread is
    milk = item_for(items, "milk")
    assert milk.probability < 0.05
    assert not milk.prompt
    assert item_for(items, "bread").prompt
    assert items[0].product_id == "bread"


def test_a_stopped_product_keeps_decaying_as_the_gap_grows() -> None:
    # GIVEN milk bought weekly for 8 weeks and then never again
    history = weekly("milk", 8)
    model = ReorderModel()

    # WHEN we look further and further after its usual interval
    probabilities = [item_for(model.predict(history, day), "milk").probability for day in (70.0, 100.0, 200.0)]

    # THEN its probability only goes down
    assert probabilities[0] > probabilities[1] > probabilities[2]
    assert probabilities[2] < 0.01


def test_a_single_purchase_gets_a_prior_based_run_out_day(fitted: ReorderModel) -> None:
    # GIVEN a population that rebuys batteries every 30 days, and a shopper who bought them once
    history: History = [(0.0, {"batteries": 1})]

    # WHEN we predict a few days later
    batteries = item_for(fitted.predict(history, 5.0), "batteries")

    # THEN the interval and run-out day come from the population (about 30 days), not a default
    assert 18.0 <= batteries.interval_days <= 45.0
    assert 15.0 <= batteries.run_out_day <= 45.0
    assert batteries.purchases == 1


def test_a_single_purchase_is_not_prompted_forever(fitted: ReorderModel) -> None:
    # GIVEN a shopper who bought batteries once and then kept ordering bread every 10 days
    history: History = [(0.0, {"batteries": 1, "bread": 1})] + [(10.0 * i, {"bread": 1}) for i in range(1, 40)]

    # WHEN we predict long after the usual battery interval
    batteries = item_for(fitted.predict(history, 400.0), "batteries")

    # THEN the battery prompt has decayed away
    assert not batteries.prompt
    assert batteries.probability < 0.02


def test_a_product_nobody_rebuys_ranks_below_one_everybody_rebuys(fitted: ReorderModel) -> None:
    # GIVEN a new shopper whose only order had batteries and a novelty mug
    history: History = [(0.0, {"batteries": 1, "novelty-mug": 1})]

    # WHEN we predict around the batteries' usual interval
    items = fitted.predict(history, 30.0)

    # THEN the population prior puts batteries above the mug nobody rebuys
    assert [item.product_id for item in items] == ["batteries", "novelty-mug"]
    assert item_for(items, "batteries").probability > 2 * item_for(items, "novelty-mug").probability


def test_a_new_shopper_gets_estimates_from_an_unfitted_model() -> None:
    # GIVEN a default (unfitted) model and a shopper with a single order
    history: History = [(0.0, ["soap", "soap", "rice"])]

    # WHEN we predict
    items = ReorderModel().predict(history, 10.0)

    # THEN both products are listed with finite estimates, two units of soap counted
    assert {item.product_id for item in items} == {"soap", "rice"}
    assert item_for(items, "soap").last_quantity == 2.0
    assert all(item.run_out_day > 0.0 for item in items)


def test_predictions_are_ranked_most_due_first() -> None:
    # GIVEN a history with a weekly product, a monthly one and a one-off
    history: History = [(7.0 * i, {"milk": 1, **({"rice": 1} if i % 4 == 0 else {})}) for i in range(12)]
    history.append((0.5, {"candle": 1}))

    # WHEN we predict
    items = ReorderModel().predict(history, 84.0)

    # THEN probabilities are non-increasing down the list
    probabilities = [item.probability for item in items]
    assert probabilities == sorted(probabilities, reverse=True)
    assert items[0].product_id == "milk"
