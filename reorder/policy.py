"""When to prompt and notify: pure rules over times, time zones and a shopper's preferences.

No I/O and no clock: every function is given ``now``. The model (``reorder.model``) says *what* is due;
this module says *when* a shopper may be told: the due-time buckets the scheduler reads, quiet hours in the
shopper's time zone, at most one notification a day, and the idempotency key of a notification.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from statistics import median
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reorder.feedback import Feedback, FeedbackKind, feedback_effect
from reorder.model import DueItem
from reorder.state import AutoSkip

__all__ = [
    "DEFAULT_TIME_ZONE",
    "EPOCH",
    "NotifyDecision",
    "NotifyVerdict",
    "QuietHours",
    "bucket_of",
    "bucket_start",
    "buckets_between",
    "cannot_tell",
    "from_day",
    "is_running_low",
    "local_date",
    "month_start",
    "next_allowed",
    "notify_decision",
    "reference_id",
    "running_low_from",
    "to_day",
    "usual_gap",
    "zone",
]

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_DAY = 86_400.0


def to_day(moment: datetime) -> float:
    """A moment on the model's day scale (days since 2020-01-01 UTC).

    Examples
    --------
    >>> to_day(datetime(2020, 1, 3, 12, tzinfo=UTC))
    2.5
    """
    return (moment - EPOCH).total_seconds() / _DAY


def from_day(day: float) -> datetime:
    return EPOCH + timedelta(days=day)


def bucket_of(moment: datetime) -> str:
    """The due-time bucket (one per UTC hour) that the scheduler's index is keyed by.

    Examples
    --------
    >>> bucket_of(datetime(2026, 11, 22, 14, 59, tzinfo=UTC))
    'DUE#2026-11-22T14'
    """
    return f"DUE#{moment.astimezone(UTC):%Y-%m-%dT%H}"


def bucket_start(bucket: str) -> datetime:
    """The first moment of a due-time bucket (the inverse of :func:`bucket_of`).

    Examples
    --------
    >>> bucket_start("DUE#2026-11-22T14")
    datetime.datetime(2026, 11, 22, 14, 0, tzinfo=datetime.timezone.utc)
    """
    return datetime.strptime(bucket, "DUE#%Y-%m-%dT%H").replace(tzinfo=UTC)


def buckets_between(after: datetime, until: datetime, *, limit: int = 72) -> list[str]:
    """Buckets of the hours after ``after``'s hour up to and including ``until``'s hour (oldest first).

    At most ``limit`` (the newest ones): a scheduler that was off for days catches up in a bounded run.
    """
    start = after.astimezone(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    end = until.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    hours = int((end - start).total_seconds() // 3600) + 1
    first = max(0, hours - limit)
    return [bucket_of(start + timedelta(hours=h)) for h in range(first, max(hours, 0))]


DEFAULT_TIME_ZONE = "America/New_York"  # the skill's market, for shoppers whose device zone is not known yet


def zone(name: str | None) -> ZoneInfo:
    """The shopper's time zone; the market default when unknown or not a valid zone name."""
    try:
        return ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def local_date(moment: datetime, timezone: str | None) -> date:
    return moment.astimezone(zone(timezone)).date()


def month_start(moment: datetime, timezone: str | None, *, months_ahead: int = 0) -> datetime:
    """The first moment of the shopper's calendar month holding ``moment`` (or ``months_ahead`` later), in UTC.

    A monthly cap follows the shopper's own calendar: in New York, an order at 22:00 on 31 January
    (03:00 UTC on 1 February) is January's.

    >>> month_start(datetime(2026, 2, 1, 3, 0, tzinfo=UTC), "America/New_York").isoformat()
    '2026-01-01T05:00:00+00:00'
    >>> month_start(datetime(2026, 12, 15, tzinfo=UTC), "Europe/Berlin", months_ahead=1).isoformat()
    '2026-12-31T23:00:00+00:00'
    """
    local = moment.astimezone(zone(timezone))
    months = local.year * 12 + local.month - 1 + months_ahead
    first = datetime(months // 12, months % 12 + 1, 1, tzinfo=local.tzinfo)
    return first.astimezone(UTC)


@dataclass(frozen=True)
class QuietHours:
    """Local hours in which no notification is sent (from ``start`` to ``end``, across midnight)."""

    start: int = 21
    end: int = 8

    def contains(self, local: time) -> bool:
        if self.start > self.end:
            return local.hour >= self.start or local.hour < self.end
        return self.start <= local.hour < self.end


def next_allowed(moment: datetime, timezone: str | None, quiet: QuietHours = QuietHours()) -> datetime:
    """``moment`` if it is outside the shopper's quiet hours, else the end of those quiet hours (UTC)."""
    tz = zone(timezone)
    local = moment.astimezone(tz)
    if not quiet.contains(local.timetz()):
        return moment
    day = local.date() if local.hour < quiet.end else local.date() + timedelta(days=1)
    return datetime.combine(day, time(quiet.end), tzinfo=tz).astimezone(UTC)


def first_allowed_tomorrow(moment: datetime, timezone: str | None, quiet: QuietHours = QuietHours()) -> datetime:
    tz = zone(timezone)
    tomorrow = moment.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(quiet.end), tzinfo=tz).astimezone(UTC)


class NotifyVerdict(enum.Enum):
    SEND = "send"
    DEFER = "defer"  # not now: try again at ``until``
    SKIP = "skip"  # not by notification (no permission, reminders off)


@dataclass(frozen=True)
class NotifyDecision:
    verdict: NotifyVerdict
    until: datetime | None = None
    reason: str = ""


def cannot_tell(*, reminders_enabled: bool, notifiable: bool) -> AutoSkip | None:
    """Why no notification can tell the shopper of an automatic order (``None``: one can): they turned reorder
    reminders off, or have not allowed notifications. An automatic order is placed only when one can.

    Examples
    --------
    >>> cannot_tell(reminders_enabled=False, notifiable=True), cannot_tell(reminders_enabled=True, notifiable=True)
    (<AutoSkip.REMINDERS_OFF: 'reminders_off'>, None)
    """
    if not reminders_enabled:
        return AutoSkip.REMINDERS_OFF
    if not notifiable:
        return AutoSkip.NO_NOTIFICATIONS
    return None


_SKIP_REASONS = {AutoSkip.REMINDERS_OFF: "reminders off", AutoSkip.NO_NOTIFICATIONS: "no notification permission"}


def notify_decision(
    *,
    now: datetime,
    timezone: str | None,
    permitted: bool,
    reminders_enabled: bool,
    notified_today: bool,
    quiet: QuietHours = QuietHours(),
) -> NotifyDecision:
    """May this shopper be sent a notification now?

    Examples
    --------
    >>> late = datetime(2026, 11, 23, 3, tzinfo=UTC)  # 22:00 in New York
    >>> notify_decision(now=late, timezone="America/New_York", permitted=True, reminders_enabled=True,
    ...                 notified_today=False).verdict
    <NotifyVerdict.DEFER: 'defer'>
    """
    if (why := cannot_tell(reminders_enabled=reminders_enabled, notifiable=permitted)) is not None:
        return NotifyDecision(NotifyVerdict.SKIP, reason=_SKIP_REASONS[why])
    if notified_today:
        return NotifyDecision(NotifyVerdict.DEFER, first_allowed_tomorrow(now, timezone, quiet), "notified today")
    allowed = next_allowed(now, timezone, quiet)
    if allowed > now:
        return NotifyDecision(NotifyVerdict.DEFER, allowed, "quiet hours")
    return NotifyDecision(NotifyVerdict.SEND)


def reference_id(shopper_id: str, product_id: str, cycle: int) -> str:
    """The notification's idempotency key: one per shopper, product and purchase cycle.

    A retried or repeated run sends the same ``referenceId``, which Alexa refuses a second time (409).
    """
    digest = hashlib.sha256(f"{shopper_id}\x1f{product_id}\x1f{cycle}".encode()).hexdigest()
    return f"pantrypal-{digest[:48]}"



HABIT_PURCHASES = 3  # bought this often, the shopper's own gaps say how often they buy it


def usual_gap(purchase_days: Sequence[float], *, min_purchases: int = HABIT_PURCHASES) -> float | None:
    """How often the shopper usually buys a product, from their own purchases: the median gap in days
    between purchases on different days; None with fewer than ``min_purchases`` of them.

    This is what "you usually buy it every ..." should say: the model's interval is shrunk towards
    other shoppers' and stretched by their answers, so it is right for *when* to ask, not for telling
    the shopper their own habit.

    Examples
    --------
    >>> usual_gap([0.0, 14.0, 28.0, 42.0, 70.0])
    14.0
    >>> usual_gap([0.0, 14.0]) is None
    True
    """
    days = sorted({int(day) for day in purchase_days})
    if len(days) < min_purchases:
        return None
    return float(median(b - a for a, b in pairwise(days)))


LEAD_FRACTION = 0.2  # prompt when about a fifth of the usual interval is left
CHURN_FACTOR = 3.0  # three usual intervals without a purchase: the shopper stopped buying it
MIN_PROBABILITY = 0.02  # the model's churn-aware probability has not decayed to nothing


def running_low_from(
    item: DueItem,
    now_day: float,
    *,
    usual_quantity: float = 1.0,
    answers: Sequence[Feedback] = (),
    lead_fraction: float = LEAD_FRACTION,
    churn_factor: float = CHURN_FACTOR,
    automatic: bool = False,
    after_automatic: bool = False,
) -> float | None:
    """The day from which ``item`` counts as running low, or None if it should not be prompted at all.

    The model ranks what the next basket needs; a proactive prompt also waits until the shopper has used
    most of what they bought: ``1 - lead_fraction`` of their usual interval, scaled by how much they
    bought last time against their usual quantity (two packs last about twice as long), and never before
    the hold-off of a "not yet" or "no" (the model's own ``feedback_effect``: it grows with each answer, and
    ``item.interval_days`` is the interval the model believes after them). A product bought once, or
    one not bought for ``churn_factor`` intervals, is never prompted, unless the shopper said "not yet" or "no"
    within them (counted from the end of its hold-off): they still buy it, so it is asked about again (less and
    less often) rather than silently dropped; "never ask" drops it.
    With ``automatic`` (the shopper opted the product into automatic reorder) neither rule applies: a product
    bought once runs low after the model's interval (the population's, until the shopper's own purchases say otherwise).
    ``after_automatic``: the last purchase was itself an automatic order, so the next one comes a whole interval
    after it, with no lead. The lead gives the first automatic order after the shopper's own purchase a little
    stock in hand, once; taken again every cycle, automatic orders would come a fifth early each time and buy a
    quarter more than the shopper uses.

    Examples
    --------
    >>> item = DueItem(product_id="milk", probability=0.9, run_out_day=30.0, prompt=True, interval_days=10.0,
    ...                days_since_last=3.0, last_quantity=1.0, purchases=5)
    >>> running_low_from(item, 24.0)  # bought on day 21: low from day 29
    29.0
    >>> running_low_from(item, 24.0, usual_quantity=0.5)  # twice the usual amount: low from day 37
    37.0
    >>> running_low_from(item, 24.0, automatic=True, after_automatic=True)  # an automatic order on day 21
    31.0
    """
    interval = max(item.interval_days, 1.0)
    last_purchase = now_day - item.days_since_last
    since = [a for a in answers if a.kind is not FeedbackKind.NEVER and last_purchase <= a.day <= now_day]
    live = [(a.day, a.kind) for a in since if a.until is None]  # a date the shopper named is the caller's to keep
    # Silence for a few intervals says the shopper stopped buying it; a "not yet" or a "no" says they still do
    # (until the date they named, if they did): only "never ask" drops it. The silence is counted from the end
    # of the hold-off of their latest answer, since they are not asked before then.
    effect = feedback_effect(live, last_purchase_day=last_purchase, interval_days=interval, now=now_day)
    answered = [a.day if a.until is None else a.until for a in since if a.kind in _STILL_BUYS]
    if answered and effect is not None:
        answered.append(effect.hold_until)
    heard = max([last_purchase, *answered])
    if not automatic and (item.purchases < 2 or now_day - heard > churn_factor * interval):
        return None
    if any(answer.kind is FeedbackKind.NEVER for answer in answers):
        return None
    scale = item.last_quantity / usual_quantity if usual_quantity > 0 else 1.0
    lead = 0.0 if after_automatic else lead_fraction
    start = last_purchase + (1 - lead) * interval * max(scale, 0.25)
    if effect is not None:
        start = max(start, effect.hold_until)
    return start


# The answers to a reorder prompt that say the shopper still buys the product, only not now: "not yet", "no".
_STILL_BUYS = frozenset({FeedbackKind.SNOOZE, FeedbackKind.DECLINE})


def is_running_low(
    item: DueItem,
    now_day: float,
    *,
    usual_quantity: float = 1.0,
    answers: Sequence[Feedback] = (),
    automatic: bool = False,
    after_automatic: bool = False,
) -> bool:
    """``running_low_from`` has come, and the model does not think the shopper stopped buying it (unless
    ``automatic``: the shopper said to keep buying it, or they said "not yet" or "no" since their last purchase: they
    still buy it, and the model's probability is low only because of the time that has passed)."""
    start = running_low_from(
        item, now_day, usual_quantity=usual_quantity, answers=answers, automatic=automatic,
        after_automatic=after_automatic,
    )
    if start is None or start > now_day:
        return False
    last_purchase = now_day - item.days_since_last
    not_yet = any(a.kind in _STILL_BUYS and last_purchase <= a.day <= now_day for a in answers)
    return automatic or not_yet or item.prompt or item.probability >= MIN_PROBABILITY
