"""Shopper answers to reorder prompts, and how they move the model's estimates.

A ``SNOOZE`` ("not yet") or ``DECLINE`` ("no") at day ``d`` is evidence that the product was
not needed at ``d``: the current consumption interval is right-censored at ``d``. The model

* adds the censored time to the Gamma exposure of the consumption rate and stretches the
  run-out interval by the same factor (the interval estimate grows: this is how a shopper who
  keeps snoozing teaches the model a longer rhythm until the next purchase shows the real one),
* moves the run-out day to at least ``d`` plus a hold-off (a quarter of the interval for a
  snooze, half of it for a decline, at least 2 and 4 days), and no prompt is made before then;
  each further answer since the last purchase holds off longer (the ``n``-th, ``n`` times as
  long): a shopper who keeps saying "not yet" is asked less and less often, not every few days,
* multiplies the probability by a recovery factor ``1 - exp(-(now - d) / tau)`` that starts at
  0 and returns towards 1 after about an interval.

Feedback given before the shopper's latest purchase of the product has faded: that purchase
already told the model when the product was needed. ``NEVER`` turns prompting off for good (the
product may still be listed, with ``prompt`` False). Feedback dated after ``now`` is ignored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator

__all__ = ["Feedback", "FeedbackEffect", "FeedbackKind", "feedback_effect"]


class FeedbackKind(StrEnum):
    """What the shopper answered to a reorder prompt."""

    SNOOZE = "snooze"
    """"Not yet": ask again later."""
    DECLINE = "decline"
    """"No": not needed this time."""
    NEVER = "never"
    """"Never ask about this": no more prompts for the product."""


class Feedback(BaseModel):
    """One answer of a shopper about one product, on a given day.

    Attributes
    ----------
    product_id : str
        The product the prompt was about.
    day : float
        When the shopper answered (same day scale as the history).
    kind : FeedbackKind
        The answer.

    Examples
    --------
    >>> Feedback(product_id="pp-0001", day=30.0, kind=FeedbackKind.SNOOZE).kind.value
    'snooze'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    product_id: str
    day: float
    kind: FeedbackKind
    until: float | None = None
    """The day the shopper asked to be asked again ("remind me tomorrow"): their date, not the model's
    hold-off, decides when (the reorder service keeps such answers out of the model's estimates)."""

    @field_validator("day")
    @classmethod
    def _finite_day(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("day must be a finite number")
        return value


_HOLD_FRACTION = {FeedbackKind.SNOOZE: 0.25, FeedbackKind.DECLINE: 0.5}
_HOLD_MINIMUM = {FeedbackKind.SNOOZE: 2.0, FeedbackKind.DECLINE: 4.0}
_RECOVERY_FRACTION = {FeedbackKind.SNOOZE: 0.35, FeedbackKind.DECLINE: 0.7}


class FeedbackEffect(BaseModel):
    """How the live feedback on one product changes its estimate.

    Attributes
    ----------
    censored_days : float
        Days after the last purchase the product was known not to be needed (exposure to add).
    hold_until : float
        No prompt before this day; the run-out day is at least this.
    factor : float
        Multiplier (0..1) on the probability.
    """

    model_config = ConfigDict(frozen=True)

    censored_days: float
    hold_until: float
    factor: float


def feedback_effect(
    answers: Sequence[tuple[float, FeedbackKind]],
    *,
    last_purchase_day: float,
    interval_days: float,
    now: float,
) -> FeedbackEffect | None:
    """Combine the SNOOZE/DECLINE answers given after the last purchase into one effect.

    Parameters
    ----------
    answers : list of (day, kind)
        SNOOZE or DECLINE answers with ``last_purchase_day <= day <= now``.
    last_purchase_day : float, keyword-only
        Day of the shopper's latest purchase of the product.
    interval_days : float, keyword-only
        Current estimate of the interval (before feedback).
    now : float, keyword-only
        The prediction day.

    Returns
    -------
    FeedbackEffect or None
        ``None`` when there is no live answer.

    Examples
    --------
    >>> e = feedback_effect([(10.0, FeedbackKind.SNOOZE)], last_purchase_day=0.0,
    ...                     interval_days=8.0, now=11.0)
    >>> e is not None and e.hold_until == 12.0 and e.factor < 0.5
    True
    >>> again = feedback_effect([(10.0, FeedbackKind.SNOOZE), (12.0, FeedbackKind.SNOOZE)], last_purchase_day=0.0,
    ...                         interval_days=8.0, now=12.0)
    >>> again is not None and again.hold_until  # the second "not yet" holds twice as long
    16.0
    """
    if not answers:
        return None
    interval = max(interval_days, 1.0)
    censored = 0.0
    hold = -math.inf
    factor = 1.0
    for nth, (day, kind) in enumerate(sorted(answers, key=lambda answer: answer[0]), start=1):
        censored = max(censored, day - last_purchase_day)
        hold = max(hold, day + nth * max(_HOLD_MINIMUM[kind], _HOLD_FRACTION[kind] * interval))
        tau = _RECOVERY_FRACTION[kind] * interval
        factor *= 1.0 - math.exp(-max(now - day, 0.0) / tau)
    return FeedbackEffect(censored_days=censored, hold_until=hold, factor=min(max(factor, 0.0), 1.0))
