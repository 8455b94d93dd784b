"""A product the shopper keeps saying "not yet" to: each answer teaches the model a longer wait, and the product
is asked about less and less often, never silently dropped."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

from reorder import Feedback, FeedbackKind, ReorderModel
from reorder.model import DueItem
from reorder.policy import is_running_low
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.seed import regular, seed_orders
from tests.unit.reorder.histories import weekly

MILK = "pp-0163"  # Horizon Organic Whole Milk


def test_daily_not_yet_answers_space_the_questions_out_and_never_drop_the_product(
    console: Console, services: Services, clock: SimulatedClock
) -> None:
    # GIVEN a shopper who bought milk every week, eight times, the last five days ago
    shopper = console.envelopes.user_id
    seed_orders(services, clock, shopper, regular(MILK, every=7, times=8, last_days_ago=5))
    asked_on: list[int] = []
    told: list[float] = []
    # WHEN they open the skill every day for two months and say "not yet" whenever they are asked about milk
    for day in range(60):
        console.envelopes.new_session()
        if "Horizon Organic Whole Milk" in console.say("open pantry pal").speech:
            asked_on.append(day)
            answer = console.say("not yet").speech
            told.append(float(re.search(r"in about (\d+) days?", answer.replace("one day", "1 day"))[1]))
        clock.advance(timedelta(days=1))
    # THEN each "not yet" puts the next question further off, and says so
    gaps = [b - a for a, b in itertools.pairwise(asked_on)]
    assert gaps == sorted(gaps) and gaps[-1] >= 3 * gaps[0], asked_on
    assert told == sorted(told) and told[-1] >= 3 * told[0], told
    # AND milk is still asked about weeks after three usual intervals without a purchase (no silent drop)
    assert asked_on[-1] >= 35, asked_on
    assert 5 <= len(asked_on) <= 9, asked_on


def milk(now: float, *answers: Feedback) -> DueItem:
    items = ReorderModel().predict(weekly("milk", 9), now, feedback=answers)  # milk every 7 days, last on day 56
    return next(item for item in items if item.product_id == "milk")


def test_each_not_yet_lengthens_the_interval_the_model_believes() -> None:
    # GIVEN milk, due around day 63, and "not yet" said on days 62, 65 and 70
    snoozes = [Feedback(product_id="milk", day=day, kind=FeedbackKind.SNOOZE) for day in (62.0, 65.0, 70.0)]
    # WHEN the model predicts after each of them
    intervals = [milk(snooze.day, *snoozes[: n + 1]).interval_days for n, snooze in enumerate(snoozes)]
    # THEN the interval it reports (and the running-low rule and hold-offs use) grows with each one
    assert milk(62.0).interval_days < intervals[0] < intervals[1] < intervals[2]


def test_a_not_yet_keeps_a_product_long_unbought_on_the_list_where_silence_drops_it() -> None:
    # GIVEN milk last bought on day 56, and 40 days later (well over three weekly intervals)
    snooze = Feedback(product_id="milk", day=86.0, kind=FeedbackKind.SNOOZE)
    # WHEN the shopper said "not yet" ten days ago, or said nothing
    snoozed, silent = milk(96.0, snooze), milk(96.0)
    # THEN the snoozed product runs low again once its hold-off is over, the silent one is taken as no longer bought
    assert is_running_low(snoozed, 96.0, answers=[snooze])
    assert not is_running_low(silent, 96.0)


def test_remind_me_in_three_weeks_is_kept_even_past_three_usual_intervals(
    services: Services, clock: SimulatedClock
) -> None:
    # GIVEN weekly milk, last bought six days ago, and "remind me in three weeks" (told: 21 days)
    seed_orders(services, clock, "shopper-later", regular(MILK, every=7, times=8, last_days_ago=6))
    assert services.reorder.answer("shopper-later", MILK, FeedbackKind.SNOOZE, not_before_days=21) == 21.0
    # WHEN the three weeks (27 days since the purchase: over three weekly intervals) have passed
    clock.advance(timedelta(days=21, hours=1))
    # THEN they are asked about milk, as they were told, not silently taken as no longer buying it
    assert MILK in [offer.product.id for offer in services.reorder.running_low("shopper-later", unprompted=True)]
