"""The pure prompting and notification rules: time zones, quiet hours, buckets, cycles, running low."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reorder import DueItem, Feedback, FeedbackKind
from reorder.policy import (
    NotifyVerdict,
    bucket_of,
    bucket_start,
    buckets_between,
    cannot_tell,
    from_day,
    is_running_low,
    next_allowed,
    notify_decision,
    reference_id,
    running_low_from,
    to_day,
)
from reorder.state import AutoSkip

NEW_YORK = "America/New_York"


def item(**changes) -> DueItem:
    values = {"product_id": "p", "probability": 0.6, "run_out_day": 130.0, "prompt": True, "interval_days": 10.0,
              "days_since_last": 9.0, "last_quantity": 1.0, "purchases": 6}
    return DueItem(**{**values, **changes})


def test_a_notification_at_ten_at_night_in_new_york_waits_for_eight_the_next_morning() -> None:
    # GIVEN 22:00 in New York (03:00 UTC the next day, winter time)
    late = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    # WHEN the notifier asks whether it may send
    decision = notify_decision(now=late, timezone=NEW_YORK, permitted=True, reminders_enabled=True,
                               notified_today=False)
    # THEN it waits until 08:00 New York time (13:00 UTC)
    assert decision.verdict is NotifyVerdict.DEFER
    assert decision.until == datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def test_the_same_utc_moment_is_daytime_in_tokyo_so_it_is_sent() -> None:
    moment = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
    decision = notify_decision(now=moment, timezone="Asia/Tokyo", permitted=True, reminders_enabled=True,
                               notified_today=False)
    assert decision.verdict is NotifyVerdict.SEND


@pytest.mark.parametrize(
    ("reminders_enabled", "permitted", "why", "reason"),
    [
        (False, True, AutoSkip.REMINDERS_OFF, "reminders off"),
        (False, False, AutoSkip.REMINDERS_OFF, "reminders off"),
        (True, False, AutoSkip.NO_NOTIFICATIONS, "no notification permission"),
    ],
)
def test_no_notification_goes_out_for_the_reason_an_automatic_order_could_not_be_told_of(
    reminders_enabled: bool, permitted: bool, why: AutoSkip, reason: str
) -> None:
    # GIVEN a shopper with reminders off or without the notification permission, at noon in New York
    noon = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    # WHEN a notification is considered, and whether one could tell of an automatic order
    decision = notify_decision(now=noon, timezone=NEW_YORK, permitted=permitted,
                               reminders_enabled=reminders_enabled, notified_today=False)
    # THEN it is skipped, for the one reason an automatic order would be skipped too
    assert (decision.verdict, decision.reason) == (NotifyVerdict.SKIP, reason)
    assert cannot_tell(reminders_enabled=reminders_enabled, notifiable=permitted) is why


def test_an_automatic_order_can_be_told_of_with_reminders_on_and_notifications_allowed() -> None:
    assert cannot_tell(reminders_enabled=True, notifiable=True) is None


def test_early_morning_waits_until_the_end_of_quiet_hours_the_same_day() -> None:
    early = datetime(2026, 11, 23, 11, 30, tzinfo=UTC)  # 06:30 in New York
    assert next_allowed(early, NEW_YORK) == datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def test_a_shopper_notified_today_waits_until_tomorrow_morning() -> None:
    noon = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # 12:00 in New York
    decision = notify_decision(now=noon, timezone=NEW_YORK, permitted=True, reminders_enabled=True,
                               notified_today=True)
    assert decision.verdict is NotifyVerdict.DEFER
    assert decision.until == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(("permitted", "reminders"), [(False, True), (True, False)])
def test_no_permission_or_reminders_off_means_no_notification(permitted: bool, reminders: bool) -> None:
    noon = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    decision = notify_decision(now=noon, timezone=NEW_YORK, permitted=permitted, reminders_enabled=reminders,
                               notified_today=False)
    assert decision.verdict is NotifyVerdict.SKIP


def test_an_unknown_or_invalid_time_zone_falls_back_to_the_markets_rather_than_failing() -> None:
    late = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 22:00 in New York
    assert next_allowed(late, "Mars/Olympus_Mons") == next_allowed(late, NEW_YORK) == next_allowed(late, None)


def test_buckets_cover_every_hour_since_the_cursor_and_no_more() -> None:
    after = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
    until = datetime(2026, 11, 23, 13, 5, tzinfo=UTC)
    assert buckets_between(after, until) == ["DUE#2026-11-23T11", "DUE#2026-11-23T12", "DUE#2026-11-23T13"]
    assert buckets_between(until, until) == []
    assert len(buckets_between(after - timedelta(days=30), until, limit=48)) == 48


def test_a_bucket_starts_at_the_top_of_its_hour() -> None:
    moment = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
    assert bucket_start(bucket_of(moment)) == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_the_reference_id_is_stable_for_a_cycle_and_new_for_the_next() -> None:
    first = reference_id("shopper", "pp-0001", 2500)
    assert first == reference_id("shopper", "pp-0001", 2500)
    assert first != reference_id("shopper", "pp-0001", 2521)
    assert first != reference_id("other", "pp-0001", 2500)
    assert len(first) <= 100  # Alexa's limit for referenceId


@given(st.floats(min_value=-1000, max_value=10_000, allow_nan=False))
def test_day_conversion_round_trips(day: float) -> None:
    assert abs(to_day(from_day(day)) - day) < 1e-6
    assert bucket_of(from_day(day)).startswith("DUE#")


def test_a_regular_product_is_running_low_near_the_end_of_its_interval_not_right_after_a_purchase() -> None:
    now = 130.0
    assert not is_running_low(item(days_since_last=3.0), now)
    assert is_running_low(item(days_since_last=8.5), now)


def test_two_packs_last_about_twice_as_long_as_one() -> None:
    now = 130.0
    usual_two = item(days_since_last=12.0, last_quantity=2.0)
    assert not is_running_low(usual_two, now, usual_quantity=1.0)  # twice the usual: low only from day 16
    assert is_running_low(usual_two, now, usual_quantity=2.0)
    assert running_low_from(usual_two, now, usual_quantity=1.0) == pytest.approx(now - 12 + 16)


def test_a_product_bought_once_or_abandoned_is_never_prompted() -> None:
    assert running_low_from(item(purchases=1), 130.0) is None
    assert running_low_from(item(days_since_last=45.0), 130.0) is None


def test_a_snooze_holds_the_prompt_and_never_ask_removes_it() -> None:
    now = 130.0
    snoozed = [Feedback(product_id="p", day=now, kind=FeedbackKind.SNOOZE)]
    assert not is_running_low(item(), now, answers=snoozed)
    start = running_low_from(item(), now, answers=snoozed)
    assert start is not None and start >= now + 2
    never = [Feedback(product_id="p", day=now - 1, kind=FeedbackKind.NEVER)]
    assert running_low_from(item(), now, answers=never) is None
