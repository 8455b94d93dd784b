"""What the shopper is told after "not yet" or "remind me tomorrow" is when they are really asked again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reorder import FeedbackKind
from skill.bootstrap import Services
from skill.clock import SimulatedClock
from tests.seed import regular, seed_orders
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit

TOWELS = "pp-0001"


@pytest.fixture
def notified_shopper(services: Services, clock: SimulatedClock) -> str:
    """A shopper running low on paper towels (every 14 days, last 15 days ago), already notified of it."""
    seed_orders(services, clock, "shopper-snooze", regular(TOWELS, every=14, times=6, last_days_ago=15))
    permit(services, "shopper-snooze")
    assert services.reorder.notify(["shopper-snooze"], ScriptedNotifier()) == {"shopper-snooze": "sent"}
    return "shopper-snooze"


def asked_about(services: Services, shopper_id: str) -> list[str]:
    return [offer.product.id for offer in services.reorder.running_low(shopper_id, unprompted=True)]


def test_not_yet_says_the_hold_that_really_applies(
    services: Services, clock: SimulatedClock, notified_shopper: str
) -> None:
    # GIVEN the shopper, notified this cycle, says "not yet"
    days = services.reorder.answer(notified_shopper, TOWELS, FeedbackKind.SNOOZE)
    # THEN the days they are told are neither the old fallback week nor wrong: asked again just then
    assert days < 6.5
    clock.advance(timedelta(days=days - 0.5))
    assert TOWELS not in asked_about(services, notified_shopper)
    clock.advance(timedelta(days=1))
    assert TOWELS in asked_about(services, notified_shopper)


def test_remind_me_tomorrow_means_tomorrow_even_when_the_model_would_wait_longer(
    services: Services, clock: SimulatedClock, notified_shopper: str
) -> None:
    # GIVEN the shopper says "remind me tomorrow" (a plain "not yet" would hold towels for about 4 days)
    days = services.reorder.answer(notified_shopper, TOWELS, FeedbackKind.SNOOZE, not_before_days=1)
    # THEN they are told one day, not asked before it, and asked once it has passed
    assert days == pytest.approx(1.0, abs=0.05)
    clock.advance(timedelta(hours=20))
    assert TOWELS not in asked_about(services, notified_shopper)
    clock.advance(timedelta(hours=5))
    assert TOWELS in asked_about(services, notified_shopper)


def test_remind_me_next_week_still_waits_the_week(
    services: Services, clock: SimulatedClock, notified_shopper: str
) -> None:
    days = services.reorder.answer(notified_shopper, TOWELS, FeedbackKind.SNOOZE, not_before_days=7)
    assert days == pytest.approx(7.0, abs=0.05)
    clock.advance(timedelta(days=6))
    assert TOWELS not in asked_about(services, notified_shopper)
    clock.advance(timedelta(days=1, hours=1))
    assert TOWELS in asked_about(services, notified_shopper)
