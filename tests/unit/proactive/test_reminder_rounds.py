"""A product asked about by voice is not notified again for that round, and that is the day's one reminder; an
answer such as "remind me next week" starts a new round, notified when the product comes due again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skill.bootstrap import Services
from skill.clock import SimulatedClock
from skill.local.console import Console
from tests.seed import regular, seed_orders
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit, run

TOWELS, MILK = "pp-0001", "pp-0163"


@pytest.mark.parametrize("asking", ["open pantry pal", "what am i running low on"])
def test_a_product_asked_about_by_voice_is_not_notified_afterwards(
    console: Console, services: Services, clock: SimulatedClock, shopper: str, asking: str
) -> None:
    # GIVEN a shopper who may be notified hears about their paper towels running low, and says stop
    permit(services, shopper)
    assert "running low on Bounty" in console.say(asking).speech
    console.say("stop")
    # WHEN the scheduler runs through the next hours
    notifier = ScriptedNotifier()
    for _ in range(6):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN no notification tells them again of what they have just been asked about
    assert notifier.sent == []


def test_the_launch_prompt_is_the_days_one_reminder(
    console: Console, services: Services, clock: SimulatedClock, shopper: str
) -> None:
    # GIVEN a shopper running low on paper towels and on milk hears the launch prompt about one, and says stop
    permit(services, shopper)
    seed_orders(services, clock, shopper, regular(MILK, every=7, times=6, last_days_ago=8))
    assert console.say("open pantry pal").speech.startswith("You're probably running low on")
    console.say("stop")
    # WHEN the scheduler runs through the rest of the day, and the next morning
    notifier = ScriptedNotifier()
    today = {}
    for _ in range(8):  # till 20:00 in New York
        clock.advance(timedelta(hours=1))
        today |= run(services, notifier)
    sent_today = list(notifier.sent)
    clock.advance(timedelta(hours=13))  # 09:00 the next day
    run(services, notifier)
    # THEN the other product is not notified the same day (one reminder a day), only the next morning
    assert today == {shopper: "notified today"}
    assert sent_today == []
    assert len(notifier.sent) == 1


def test_remind_me_next_week_after_a_notification_is_notified_again_next_week(
    console: Console, services: Services, clock: SimulatedClock, shopper: str
) -> None:
    # GIVEN a shopper notified about their paper towels, who then opens the skill and says "remind me next week"
    permit(services, shopper)
    notifier = ScriptedNotifier()
    clock.advance(timedelta(hours=1))
    run(services, notifier)
    assert len(notifier.sent) == 1
    assert console.say("open pantry pal").speech.startswith("You're probably running low on Bounty")
    assert console.say("remind me next week").speech == "Okay, I'll ask again in about 7 days."
    # WHEN the week goes by, hour by hour
    for _ in range(7 * 24 - 1):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    assert len(notifier.sent) == 1  # not before the week is over
    for _ in range(24):
        clock.advance(timedelta(hours=1))
        run(services, notifier)
    # THEN one notification, of a new round (Alexa would refuse the first one's reference id), tells them then
    assert len(notifier.sent) == 2
    assert notifier.sent[1][1] != notifier.sent[0][1]
