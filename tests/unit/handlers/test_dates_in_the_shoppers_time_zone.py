""""Today" and "yesterday" in the order status are the shopper's calendar days, in their time zone, not UTC's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console

NEW_YORK = "America/New_York"


def in_new_york(services: Services, shopper_id: str) -> None:
    profile = services.shopping.profile(shopper_id, alexa_user_id=shopper_id)
    services.shopping.save_profile(profile.model_copy(update={"timezone": NEW_YORK}))


@pytest.mark.parametrize(
    "case",
    [
        # 18:00 in New York (23:00 UTC), asked at 20:00 (01:00 UTC the next day): the same evening
        (timedelta(hours=6), timedelta(hours=2), "today"),
        # 23:30 in New York (04:30 UTC), asked at 00:30 (05:30 UTC, the same UTC day): the day before
        (timedelta(hours=11, minutes=30), timedelta(hours=1), "yesterday"),
    ],
    ids=["evening-after-utc-midnight", "just-after-local-midnight"],
)
def test_the_order_status_says_when_an_order_was_placed_in_the_shoppers_own_days(
    console: Console, services: Services, clock: SimulatedClock, case: tuple[timedelta, timedelta, str]
) -> None:
    placed_after, asked_after, when = case
    # GIVEN a shopper in New York (the clock starts at 12:00 there) who orders dish soap later that day
    shopper_id = console.envelopes.user_id
    in_new_york(services, shopper_id)
    clock.advance(placed_after)
    console.say("open pantry pal")
    assert console.say("order dawn dish soap").speech.endswith("Should I order it?")
    assert console.say("yes").speech.startswith("Done.")
    # WHEN they ask where their order is a little later
    clock.advance(asked_after)
    console.envelopes.new_session()
    console.say("open pantry pal")
    reply = console.say("where's my order")
    # THEN the day is theirs
    assert reply.speech.startswith(f"Here are your latest orders. Placed {when}: one bottle of Dawn")
    assert not reply.ends_session
