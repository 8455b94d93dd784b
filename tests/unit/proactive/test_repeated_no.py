"""A product the shopper keeps saying "no" to at its reorder prompt: each "no" holds the next question off longer,
and the product is asked about less and less often, never silently dropped; only "never ask" stops the prompts."""

from __future__ import annotations

import itertools
from datetime import timedelta

from reorder import Feedback, FeedbackKind
from reorder.policy import is_running_low, running_low_from
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.seed import regular, seed_orders
from tests.unit.proactive.test_repeated_not_yet import milk

MILK = "pp-0163"  # Horizon Organic Whole Milk


def test_daily_no_answers_space_the_questions_out_and_never_drop_the_product(
    console: Console, services: Services, clock: SimulatedClock
) -> None:
    # GIVEN a shopper who bought milk every week, eight times, the last five days ago
    shopper = console.envelopes.user_id
    seed_orders(services, clock, shopper, regular(MILK, every=7, times=8, last_days_ago=5))
    asked_on: list[int] = []
    # WHEN they open the skill every day for three months and say "no" whenever they are asked about milk
    for day in range(90):
        console.envelopes.new_session()
        if "Horizon Organic Whole Milk" in console.say("open pantry pal").speech:
            asked_on.append(day)
            console.say("no")
        clock.advance(timedelta(days=1))
    # THEN each "no" puts the next question further off
    gaps = [b - a for a, b in itertools.pairwise(asked_on)]
    assert len(gaps) >= 3 and gaps == sorted(gaps), asked_on
    # AND milk is still asked about long after three usual intervals without a purchase (no silent drop)
    assert asked_on[-1] >= 50, asked_on


def test_a_product_answered_no_many_times_comes_back_after_its_hold_off_and_never_ask_drops_it() -> None:
    # GIVEN weekly milk (last bought on day 56) answered "no" eight times, the hold-off growing each time
    days = [63.0]
    for n in range(1, 8):
        days.append(days[-1] + n * 4.0 + 1)
    nos = [Feedback(product_id="milk", day=day, kind=FeedbackKind.DECLINE) for day in days]
    item = milk(days[-1], *nos)
    start = running_low_from(item, days[-1], answers=nos)
    # THEN it is asked about again once the last hold-off is over, months after the purchase
    assert start is not None and start > days[-1]
    later = milk(start + 1, *nos)
    assert is_running_low(later, start + 1, answers=nos)
    # AND "never ask" drops it
    never = [*nos, Feedback(product_id="milk", day=start + 1, kind=FeedbackKind.NEVER)]
    assert not is_running_low(milk(start + 2, *never), start + 2, answers=never)
