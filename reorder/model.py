"""Consumption model: which consumables a shopper needs now, and when the others run out.

The model is a Bayesian repeat-purchase model in the spirit of "Buy It Again" Poisson-Gamma
models, combined by a small learned logistic layer:

* **Consumption rate (Gamma).** Each unit of a product lasts ``days_per_unit`` days. Its prior
  mean comes from the population (:mod:`reorder.priors`), optionally scaled by the shopper's
  order rhythm; the shopper's observed gaps and the units bought before each gap update it
  (conjugate Gamma: pseudo-units plus observed units, pseudo-days plus observed days). It drives
  the due-ness and churn evidence below, and a snooze adds censored exposure to it.
* **Run-out day (log-normal survival).** ``log(1 + days per unit)`` between purchases is normal,
  its location and spread shrunk to the product's population values by pseudo-counts. The
  run-out day is ``last day + last quantity * (median interval per unit)`` -- two packs last
  twice as long -- taken *given the interval has already lasted until now*: while the product
  is not overdue this is the usual median; once it is overdue and still not rebought, it moves
  after ``now`` (the survival view). ``interval_days`` is the usual (median) gap, for speech.
* **Per-order repeat rate.** The share of the shopper's orders since the first purchase that
  contain the product, shrunk to the product's population rate (Beta prior).
* **Still buying? (churn).** A repeat-propensity prior (the product's population probability of
  being bought again, sharpened by the shopper's own repeats) and a Poisson survival term: time
  far beyond the usual interval without a purchase is evidence the shopper stopped, so the
  probability decays to 0 for products bought once or abandoned.
* **Due-ness.** ``log(days since last / interval)`` (the hazard view of "needed by now"),
  recency in orders, the share of the shopper's last five orders, the population priors, and
  the days since the shopper's last order (basket rhythm).

These features go through a logistic layer whose weights :meth:`ReorderModel.fit` learns by
predicting each fitting shopper's latest order from the earlier ones (penalised towards built-in
weights, so tiny inputs keep sensible defaults; the survival and due-ness weights have positive
lower bounds so the behaviour above always holds). The prompt set is the prefix of the ranking
that maximises the expected F1 (``2 * sum(p_top_k) / (k + sum(p_all))``), or empty when "needs
nothing" is more likely.

Input rules (documented behaviour for bad input):

* empty history -> ``[]``;
* days out of order -> sorted (stable); several entries on the same day -> merged (quantities add);
* entries dated after ``now`` -> ignored;
* quantity 0 -> the line is ignored; an order left empty is dropped; a positive quantity below
  0.001 counts as 0.001;
* non-numeric, bool, NaN, infinite, negative or implausible (> 1e6) quantities, non-string or
  empty product ids, non-numeric or non-finite days or ``now`` (or beyond +-1e7 days), items that
  are neither a list of ids nor a mapping, feedback that is not a :class:`Feedback`
  -> :class:`~reorder.exceptions.ReorderInputError`.
"""

from __future__ import annotations

import functools
import json
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reorder.exceptions import ReorderInputError, ReorderModelFileError
from reorder.feedback import Feedback, FeedbackKind, feedback_effect
from reorder.priors import CategoryOf, History, Priors, compute_priors, fit_logistic

__all__ = ["FEATURE_NAMES", "DueItem", "ReorderModel", "ReorderSettings"]

_FORMAT = "pantry-pal-reorder"
_VERSION = 1

# (name, built-in weight, lower bound): the built-in weights make an unfitted model sensible;
# the lower bounds keep the documented behaviour whatever the data say: a product bought recently
# (before its interval) is less due, and churn evidence ("still buying" falling) decays it.
_FEATURES: tuple[tuple[str, float, float | None], ...] = (
    ("bias", -1.5, None),
    ("logit_shopper_rate", 1.0, None),
    ("log_purchases", 0.2, None),
    ("log_orders_since_last", -0.3, None),
    ("in_last_order", 0.3, None),
    ("due_under", 1.0, 0.25),
    ("due_over", 0.0, None),
    ("log_still_buying", 1.0, 0.5),
    ("logit_prior_repeat", 0.3, None),
    ("logit_prior_order_rate", 0.2, None),
    ("log_days_since_last_order", 0.0, None),
    ("log_orders", 0.0, None),
    ("recent_share", 0.5, None),
    ("in_last_x_log_gap", 0.0, None),
    ("orders_due_ratio", 0.0, None),
    ("gap_vs_rhythm", 0.0, None),
    ("rate_x_in_last", 0.0, None),
    ("log_basket_size", 0.0, None),
    ("shopper_rate", 0.0, None),
    ("still_buying", 0.0, None),
    ("streak", 0.0, None),
    ("decayed_rate", 0.0, None),
    ("shopper_rate_squared", 0.0, None),
    ("logit_prior_stay", 0.0, None),
    ("logit_prior_stay_x_in_last", 0.0, None),
)
FEATURE_NAMES: tuple[str, ...] = tuple(name for name, _, _ in _FEATURES)
_DEFAULT_WEIGHTS: tuple[float, ...] = tuple(weight for _, weight, _ in _FEATURES)
_LOWER_BOUNDS = {i: bound for i, (_, _, bound) in enumerate(_FEATURES) if bound is not None}
_RECENT_ORDERS = 5
_MAX_DAY = 1e7
_MAX_QUANTITY = 1e6
_MIN_QUANTITY = 1e-3
_DECAY = 0.8


class ReorderSettings(BaseModel):
    """Hyper-parameters of the model (kept in the saved file).

    The defaults are the values chosen on the tuning split of ``bench/bench_reorder.py``.

    Attributes
    ----------
    rate_strength : float
        Pseudo-orders of the Beta prior on the shopper's per-order rate.
    interval_strength : float
        Pseudo-units of the Gamma prior on days per unit, and pseudo-gaps of the log-normal
        interval's location prior.
    spread_strength : float
        Pseudo-gaps pulling the spread of a pair's log-intervals to the population's.
    rhythm_exponent : float
        How strongly the shopper's order rhythm scales the population interval (0 = not at all).
    repeat_strength : float
        Pseudo-purchases of the repeat-propensity prior.
    prior_strength : float
        Pseudo-pairs pulling a product's priors to its category and a category to global.
    min_prompt_probability : float
        No prompt below this probability, whatever the expected-F1 rule says.
    l2 : float
        Penalty of the logistic layer towards the built-in weights.
    max_train_rows : int
        Cap on (shopper, product) rows used to learn the logistic layer (deterministic stride).
    train_targets : int
        How many of each fitting shopper's latest orders serve as training targets.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rate_strength: float = Field(default=3.0, gt=0)
    interval_strength: float = Field(default=2.0, gt=0)
    spread_strength: float = Field(default=1.0, gt=0)
    rhythm_exponent: float = Field(default=0.0, ge=0, le=1)
    repeat_strength: float = Field(default=2.0, gt=0)
    prior_strength: float = Field(default=4.0, gt=0)
    min_prompt_probability: float = Field(default=0.1, ge=0, le=1)
    l2: float = Field(default=5.0, gt=0)
    max_train_rows: int = Field(default=40_000, ge=100)
    train_targets: int = Field(default=2, ge=1, le=10)


class DueItem(BaseModel):
    """One previously bought product and how due it is.

    Attributes
    ----------
    product_id : str
        The product.
    probability : float
        Probability (0..1) that the shopper needs it by ``now``.
    run_out_day : float
        Expected day the last purchase runs out (may be in the past: overdue).
    prompt : bool
        True if the model would ask the shopper about it now.
    interval_days : float
        The usual gap between purchases (days), for "you usually buy it every ...".
    days_since_last : float
        Days from the last purchase to ``now``.
    last_quantity : float
        Units bought at the last purchase.
    purchases : int
        Number of orders that contained the product.
    """

    model_config = ConfigDict(frozen=True)

    product_id: str
    probability: float = Field(ge=0.0, le=1.0)
    run_out_day: float
    prompt: bool
    interval_days: float
    days_since_last: float
    last_quantity: float
    purchases: int


_DUE_FIELDS = frozenset(DueItem.model_fields)
_new = object.__new__
_set = object.__setattr__


def _due_item(values: dict[str, Any]) -> DueItem:
    """Build a :class:`DueItem` from values that are valid by construction, without re-validating.

    Equivalent to ``DueItem.model_construct(**values)`` with every field set (a unit test checks it
    equals the validated ``DueItem(**values)``), at a fraction of the cost: ``predict`` builds
    about a hundred of them per shopper.
    """
    item = _new(DueItem)
    _set(item, "__dict__", values)
    _set(item, "__pydantic_fields_set__", _DUE_FIELDS)
    _set(item, "__pydantic_extra__", None)
    _set(item, "__pydantic_private__", None)
    return item


# ----------------------------------------------------------------------------------------- input


def _as_number(value: object, what: str) -> float:
    if isinstance(value, Decimal | Fraction) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    ):
        number = float(value)
    else:
        raise ReorderInputError(f"{what} must be a number, got {type(value).__name__}")
    if not math.isfinite(number):
        raise ReorderInputError(f"{what} must be finite, got {number!r}")
    return number


def _as_quantity(value: object) -> float:
    number = _as_number(value, "quantity")
    if number > _MAX_QUANTITY:
        raise ReorderInputError(f"quantity must be within 0..{_MAX_QUANTITY:g}, got {number!r}")
    if number < 0.0:
        raise ReorderInputError(f"quantity must not be negative, got {number!r}")
    return number


def _bad_id(product_id: object) -> ReorderInputError:
    if isinstance(product_id, str):
        return ReorderInputError("product id must be a non-empty string")
    return ReorderInputError(f"product id must be a string, got {type(product_id).__name__}")


def normalise_history(history: Iterable[Any], *, now: float = math.inf) -> History:
    """Validate a raw history into sorted ``(day, {product_id: quantity})`` orders.

    Parameters
    ----------
    history : iterable of (day, items)
        ``items`` is a list of product ids (one unit each) or a mapping id -> quantity.
    now : float, keyword-only
        Entries dated after ``now`` are ignored.

    Returns
    -------
    History
        One entry per distinct day (merged), sorted, without empty orders.

    Raises
    ------
    ReorderInputError
        On any malformed value (see the module docstring).

    Examples
    --------
    >>> normalise_history([(3, ["a"]), (1, {"a": 2}), (3, ["a", "b"])])
    [(1.0, {'a': 2.0}), (3.0, {'a': 2.0, 'b': 1.0})]
    """
    if history is None or isinstance(history, str | bytes | Mapping):
        raise ReorderInputError("history must be a list of (day, items) pairs")
    merged: dict[float, dict[str, float]] = {}
    previous = -math.inf
    in_order = True
    try:
        entries = iter(history)
    except TypeError:
        raise ReorderInputError("history must be a list of (day, items) pairs") from None
    for position, entry in enumerate(entries):
        try:
            raw_day, items = entry
        except (TypeError, ValueError):
            raise ReorderInputError(f"history entry {position} is not a (day, items) pair") from None
        kind = type(raw_day)
        if kind is float or kind is int:
            day = float(raw_day)
        else:
            day = _as_number(raw_day, f"day of history entry {position}")
        if not -_MAX_DAY <= day <= _MAX_DAY:  # also catches NaN and infinities
            raise ReorderInputError(
                f"day of history entry {position} must be finite and within +-{_MAX_DAY:g}, got {day!r}"
            )
        if day > now:
            continue
        if day < previous:
            in_order = False
        previous = day
        basket = merged.get(day)
        if basket is None:
            basket = merged[day] = {}
        kind = type(items)
        if kind is list or kind is tuple:
            for pid in items:
                if type(pid) is not str or not pid:
                    raise _bad_id(pid)
                basket[pid] = basket.get(pid, 0.0) + 1.0
        elif isinstance(items, Mapping):
            for pid, raw_qty in items.items():
                if type(pid) is not str or not pid:
                    raise _bad_id(pid)
                kind = type(raw_qty)
                if kind is int or kind is float:
                    qty = float(raw_qty)
                    if not 0.0 <= qty <= _MAX_QUANTITY:  # also catches NaN and infinities
                        raise ReorderInputError(f"quantity must be within 0..{_MAX_QUANTITY:g}, got {qty!r}")
                else:
                    qty = _as_quantity(raw_qty)
                if qty > 0.0:
                    basket[pid] = basket.get(pid, 0.0) + (qty if qty >= _MIN_QUANTITY else _MIN_QUANTITY)
        elif isinstance(items, str | bytes) or not isinstance(items, Iterable):
            raise ReorderInputError(
                f"items of history entry {position} must be a list of product ids or a mapping"
            )
        else:
            for pid in items:
                if type(pid) is not str or not pid:
                    raise _bad_id(pid)
                basket[pid] = basket.get(pid, 0.0) + 1.0
    days = list(merged) if in_order else sorted(merged)
    return [(d, merged[d]) for d in days if merged[d]]


def _as_histories(histories: Iterable[Any]) -> list[History]:
    if histories is None or isinstance(histories, str | bytes | Mapping):
        raise ReorderInputError("histories must be an iterable of per-shopper histories")
    try:
        return [normalise_history(h) for h in histories]
    except TypeError:
        raise ReorderInputError("histories must be an iterable of per-shopper histories") from None


# -------------------------------------------------------------------------------------- features


# Fields of the per-product record built by `_evidence` (a plain list, for speed).
_N, _FIRST, _LAST, _FIRST_DAY, _LAST_DAY, _LAST_QTY, _UNITS, _DECAYED, _LOGS, _LOG_SQUARES = range(10)
_INTERVAL, _DPU, _DPU0, _RUN_OUT, _MEAN_QTY, _SCORE, _GAP_DAYS, _UNITS_BEFORE, _MU, _SIGMA = range(10, 20)


_Z_MIN = -8.0
_Z_MAX = 8.0
_Z_STEPS = 320
_Z_STEP = (_Z_MAX - _Z_MIN) / _Z_STEPS


@functools.lru_cache(maxsize=1)
def _median_z_table() -> tuple[float, ...]:
    """``z_med(z) = Phi^-1((1 + Phi(z)) / 2)`` on a grid of ``z`` (built once, lazily).

    For a log-normal interval ``log T ~ N(mu, sigma)`` that has already lasted ``s`` days
    (``z = (log s - mu) / sigma``), the median of ``T`` given ``T > s`` is
    ``exp(mu + sigma * z_med(z))``.
    """
    normal = statistics.NormalDist()
    table: list[float] = []
    for i in range(_Z_STEPS + 1):
        z = _Z_MIN + i * _Z_STEP
        table.append(normal.inv_cdf(min((1.0 + normal.cdf(z)) / 2.0, 1.0 - 1e-16)))
    return tuple(table)


def _median_z(z: float, table: Sequence[float]) -> float:
    if z <= _Z_MIN:
        return table[0]
    if z >= _Z_MAX:
        return table[-1] + (z - _Z_MAX)
    position = (z - _Z_MIN) / _Z_STEP
    cell = int(position)
    if cell >= _Z_STEPS:
        return table[-1]
    low = table[cell]
    return low + (position - cell) * (table[cell + 1] - low)


def _conditional_median(mu: float, sigma: float, elapsed: float) -> float:
    """Median interval (days per unit) given it has lasted ``elapsed`` days per unit.

    The interval model is log-normal on ``log(1 + days)``: ``log(1 + T) ~ N(mu, sigma)``. This
    is the survival view of the run-out day: while the product is not overdue it is about the
    usual (median) interval; once overdue and still not rebought, it moves after ``elapsed``.

    Examples
    --------
    >>> round(_conditional_median(math.log(15.0), 0.5, 0.0), 6)  # the median: 14 days
    14.0
    >>> _conditional_median(math.log(15.0), 0.5, 40.0) > 40.0
    True
    """
    z = (math.log1p(elapsed) - mu) / sigma if elapsed > 0.0 else _Z_MIN
    return math.expm1(mu + sigma * _median_z(z, _median_z_table()))


def _evidence(
    orders: History,
    now: float,
    priors: Priors,
    settings: ReorderSettings,
    weights: Sequence[float],
    *,
    features: list[tuple[str, list[float]]] | None = None,
) -> dict[str, list[float]]:
    """Summarise every product of a validated, non-empty history and score it at ``now``.

    Returns product id -> record (see the ``_N ... _SCORE`` field indices); ``_SCORE`` is the
    logistic-layer logit. When ``features`` is given, each product's feature vector (in
    :data:`FEATURE_NAMES` order) is appended to it, for fitting. The logit is computed inline from
    the same local values as the vector (a unit test checks they agree), because ``predict`` must
    score a thousand shoppers in well under a second in pure Python.
    """
    n_orders = len(orders)
    first_day = orders[0][0]
    last_order_day = orders[-1][0]
    order_gap = priors.order_gap
    mean_gap = (last_order_day - first_day + order_gap) / n_orders
    rhythm = (mean_gap / order_gap) ** settings.rhythm_exponent
    decay_weights = [_DECAY ** (n_orders - 1 - i) for i in range(n_orders)]
    log1p = math.log1p
    seen: dict[str, list[float]] = {}
    lines = 0
    for index, (day, basket) in enumerate(orders):
        weight = decay_weights[index]
        lines += len(basket)
        for pid, qty in basket.items():
            rec = seen.get(pid)
            if rec is None:
                seen[pid] = [1.0, index, index, day, day, qty, qty, weight, 0.0, 0.0]
            else:
                log_gap = log1p((day - rec[_LAST_DAY]) / rec[_LAST_QTY])
                rec[_LOGS] += log_gap
                rec[_LOG_SQUARES] += log_gap * log_gap
                rec[_N] += 1.0
                rec[_LAST] = index
                rec[_LAST_DAY] = day
                rec[_LAST_QTY] = qty
                rec[_UNITS] += qty
                rec[_DECAYED] += weight
    # Purchases within the last orders, and runs of consecutive orders ending with the last one.
    recent_counts: dict[str, float] = {}
    for _, basket in orders[-_RECENT_ORDERS:]:
        for pid in basket:
            recent_counts[pid] = recent_counts.get(pid, 0.0) + 1.0
    streaks: dict[str, float] = {}
    window = min(_RECENT_ORDERS, n_orders)
    for pid in orders[-1][1]:
        run = 1
        while run < window and pid in orders[n_orders - 1 - run][1]:
            run += 1
        streaks[pid] = float(run)

    # Shopper-level values (constant over the shopper's products).
    decay_norm = (1.0 - _DECAY) / (1.0 - _DECAY**n_orders)
    gap_now = max(now - last_order_day, 0.0)
    log_gap = math.log1p(gap_now)
    log_orders = math.log(n_orders)
    recent_window = float(min(_RECENT_ORDERS, n_orders))
    gap_vs_rhythm = math.log((gap_now + 1.0) / (mean_gap + 1.0))
    log_basket = math.log(lines / n_orders)
    log_count = [0.0, *(math.log(i) for i in range(1, n_orders + 2))]
    (
        w_bias, w_rate_logit, w_purchases, w_since, w_in_last, w_under, w_over, w_still_log,
        w_prior_repeat, w_prior_rate, w_gap, w_orders, w_recent, w_in_last_gap, w_due_orders,
        w_rhythm, w_rate_in_last, w_basket, w_rate, w_still, w_streak, w_decayed, w_rate_sq,
        w_stay, w_stay_in_last,
    ) = weights
    shopper_logit = (
        w_bias
        + w_gap * log_gap
        + w_orders * log_orders
        + w_rhythm * gap_vs_rhythm
        + w_basket * log_basket
    )
    in_last_logit = w_in_last + w_in_last_gap * log_gap
    w_log_rate = w_rate_logit + w_due_orders
    w_since_total = w_since + w_due_orders
    sqrt = math.sqrt
    expm1 = math.expm1
    z_min = _Z_MIN
    z_max = _Z_MAX
    z_step = _Z_STEP
    k_rate = settings.rate_strength
    k_int = settings.interval_strength
    k_rep = settings.repeat_strength
    prior_var = priors.log_gap_var
    k_var = settings.spread_strength
    z_table = _median_z_table()
    z_first = z_table[0]
    z_last = z_table[-1]
    stat_for = priors.stat_for
    own_stat = (priors.products or {}).get
    log = math.log
    exp = math.exp
    for pid, rec in seen.items():
        stat = own_stat(pid)
        if stat is None:
            stat = stat_for(pid)
        purchases, first, last, first_bought, last_day, last_qty, units, weighted, logs, log_squares = rec
        count = int(purchases)
        gap_days = last_day - first_bought
        units_before = units - last_qty
        rate = (purchases - 1.0 + k_rate * stat.order_rate) / (n_orders - 1 - first + k_rate)
        if rate < 1e-4:
            rate = 1e-4
        elif rate > 0.9999:
            rate = 0.9999
        log_rate = log(rate)
        log_not_rate = log(1.0 - rate)
        since_last = int(n_orders - 1 - last)
        log_since = log_count[since_last + 1]
        days_since = now - last_day
        dpu0 = stat.days_per_unit * rhythm
        dpu = (k_int * dpu0 + gap_days) / (k_int + units_before)
        interval = last_qty * dpu
        mean_qty = units / purchases
        due = log((days_since + 1.0) / (interval + 1.0))
        # Still buying? Beta-sharpened repeat propensity, then Poisson survival past the interval.
        drop = k_rep * (1.0 - stat.repeat) / (k_rep + purchases - 1.0)
        odds = drop / (1.0 - drop) if drop < 0.999999 else 1e6
        typical = mean_qty * dpu
        excess = (days_since - interval) / (typical if typical > 1.0 else 1.0)
        if excess > 0.0:
            odds *= exp(excess if excess < 60.0 else 60.0)
        still_log = -log1p(odds)
        still = 1.0 / (1.0 + odds)
        recent_share = recent_counts.get(pid, 0.0) / recent_window
        decayed = weighted * decay_norm
        log_purchases = log_count[count]
        in_last = since_last == 0
        streak = streaks[pid] / recent_window if in_last else 0.0
        # Run-out day: log-normal interval per unit, location and spread shrunk to the population
        # (conjugate-style pseudo-counts), median given it has lasted `days_since` so far.
        gaps = purchases - 1.0
        mu = (k_int * stat.log_gap + logs) / (k_int + gaps)
        spread = log_squares - logs * logs / gaps if gaps > 0.0 else 0.0
        sigma = sqrt((k_var * prior_var + (spread if spread > 0.0 else 0.0)) / (k_var + gaps))
        z = (log1p(days_since / last_qty) - mu) / sigma if days_since > 0.0 else z_min
        if z <= z_min:
            z_median = z_first
        elif z >= z_max:
            z_median = z_last + (z - z_max)
        else:
            position = (z - z_min) / z_step
            cell = int(position)
            low = z_table[cell]
            z_median = low + (position - cell) * (z_table[cell + 1] - low)
        median = last_qty * expm1(mu + sigma * z_median)
        # The weighted sum of the feature vector below, with like terms gathered:
        # w_rate_logit * (log_rate - log_not_rate) + w_due_orders * (log_since + log_rate) + ...
        score = (
            shopper_logit
            + w_log_rate * log_rate
            - w_rate_logit * log_not_rate
            + w_purchases * log_purchases
            + w_since_total * log_since
            + (w_under * due if due < 0.0 else w_over * due)
            + w_still_log * still_log
            + w_prior_repeat * stat.logit_repeat
            + w_prior_rate * stat.logit_order_rate
            + w_recent * recent_share
            + rate * (w_rate + w_rate_sq * rate)
            + w_still * still
            + w_decayed * decayed
            + w_stay * stat.logit_stay
        )
        if in_last:
            score += in_last_logit + w_rate_in_last * rate + w_streak * streak + w_stay_in_last * stat.logit_stay
        rec.extend((interval, dpu, dpu0, last_day + median, mean_qty, score, gap_days, units_before, mu, sigma))
        if features is not None:
            flag = 1.0 if in_last else 0.0
            features.append((pid, [
                1.0,
                log_rate - log_not_rate,
                log_purchases,
                log_since,
                flag,
                due if due < 0.0 else 0.0,
                due if due > 0.0 else 0.0,
                still_log,
                stat.logit_repeat,
                stat.logit_order_rate,
                log_gap,
                log_orders,
                recent_share,
                flag * log_gap,
                log_since + log_rate,
                gap_vs_rhythm,
                rate * flag,
                log_basket,
                rate,
                still,
                streak,
                decayed,
                rate * rate,
                stat.logit_stay,
                flag * stat.logit_stay,
            ]))
    return seen


def _select_prompts(
    ranking: Sequence[int], probabilities: Sequence[float], allowed: Sequence[bool], floor: float
) -> set[int]:
    """Indices of the prompt set: the prefix of ``ranking`` (most probable first) maximising the
    expected F1, ``2 * sum(p_top_k) / (k + sum(p_all))``, against the probability that nothing is
    needed (``prod(1 - p)``: an empty prompt set is then the better answer). Products not
    ``allowed`` (feedback) or below ``floor`` are skipped.
    """
    total = math.fsum(probabilities)
    best = math.prod([1.0 - p for p in probabilities])  # P(nothing needed): F1 of the empty set
    chosen: list[int] = []
    best_k = 0
    running = 0.0
    for index in ranking:
        p = probabilities[index]
        if p < floor:
            break
        if not allowed[index]:
            continue
        running += p
        chosen.append(index)
        expected = 2.0 * running / (len(chosen) + total)
        if expected > best:
            best = expected
            best_k = len(chosen)
    return set(chosen[:best_k])


# ----------------------------------------------------------------------------------------- model


class ReorderModel:
    """Predicts which previously bought products a shopper needs now.

    Parameters
    ----------
    priors : Priors, optional, keyword-only
        Population priors; defaults to built-in figures (an unfitted model works).
    weights : sequence of float, optional, keyword-only
        Logistic-layer weights in :data:`FEATURE_NAMES` order; defaults to built-in weights.
    settings : ReorderSettings, optional, keyword-only
        Hyper-parameters.

    Examples
    --------
    >>> model = ReorderModel()
    >>> items = model.predict([(0, ["milk"]), (7, ["milk"]), (14, ["milk"])], now=21.0)
    >>> items[0].product_id, items[0].purchases
    ('milk', 3)
    """

    __slots__ = ("_priors", "_settings", "_weights")

    def __init__(
        self,
        *,
        priors: Priors | None = None,
        weights: Sequence[float] | None = None,
        settings: ReorderSettings | None = None,
    ) -> None:
        self._priors = priors if priors is not None else Priors()
        chosen = tuple(float(w) for w in (weights if weights is not None else _DEFAULT_WEIGHTS))
        if len(chosen) != len(FEATURE_NAMES) or not all(math.isfinite(w) for w in chosen):
            raise ReorderInputError(f"weights must be {len(FEATURE_NAMES)} finite numbers")
        self._weights = chosen
        self._settings = settings if settings is not None else ReorderSettings()

    @property
    def priors(self) -> Priors:
        """The population priors."""
        return self._priors

    @property
    def weights(self) -> tuple[float, ...]:
        """The logistic-layer weights, in :data:`FEATURE_NAMES` order."""
        return self._weights

    @property
    def settings(self) -> ReorderSettings:
        """The hyper-parameters."""
        return self._settings

    def with_settings(self, **changes: Any) -> ReorderModel:
        """Return a copy with some settings changed (priors and weights kept).

        Examples
        --------
        >>> ReorderModel().with_settings(min_prompt_probability=0.2).settings.min_prompt_probability
        0.2
        """
        try:
            settings = ReorderSettings(**{**self._settings.model_dump(), **changes})
        except ValidationError as exc:
            raise ReorderInputError(f"invalid settings: {exc.errors()[0]['msg']}") from None
        return ReorderModel(priors=self._priors, weights=self._weights, settings=settings)

    # ------------------------------------------------------------------------------------ fit

    @classmethod
    def fit(
        cls,
        histories: Iterable[Any],
        *,
        category_of: CategoryOf = None,
        settings: ReorderSettings | None = None,
    ) -> ReorderModel:
        """Learn population priors and the logistic layer from many shoppers' histories.

        Parameters
        ----------
        histories : iterable of histories
            Each a list of ``(day, items)`` (see :func:`normalise_history`).
        category_of : mapping or callable, optional, keyword-only
            Product id -> category, for category-level priors.
        settings : ReorderSettings, optional, keyword-only
            Hyper-parameters (defaults otherwise).

        Returns
        -------
        ReorderModel
            A fitted model; tiny inputs (one shopper, one order, nothing) give near-default weights.

        Raises
        ------
        ReorderInputError
            If a history is malformed.

        Examples
        --------
        >>> model = ReorderModel.fit([[(0, ["milk"]), (7, ["milk"]), (14, ["milk", "eggs"])]])
        >>> [item.product_id for item in model.predict([(0, ["milk"])], now=7.0)]
        ['milk']
        """
        chosen = settings if settings is not None else ReorderSettings()
        clean = _as_histories(histories)
        # The logistic layer learns to predict each shopper's latest orders from the earlier ones,
        # with priors computed without those orders (no leakage into its features).
        rows: list[list[float]] = []
        labels: list[float] = []
        for back in range(1, chosen.train_targets + 1):
            train_priors = compute_priors(
                [h[:-back] for h in clean if len(h) > back],
                category_of=category_of,
                strength=chosen.prior_strength,
            )
            for full in clean:
                if len(full) <= back:
                    continue
                target_day, target = full[-back]
                vectors: list[tuple[str, list[float]]] = []
                _evidence(full[:-back], target_day, train_priors, chosen, _DEFAULT_WEIGHTS, features=vectors)
                for pid, vector in vectors:
                    rows.append(vector)
                    labels.append(1.0 if pid in target else 0.0)
        if len(rows) > chosen.max_train_rows:
            stride = len(rows) / chosen.max_train_rows
            picked = [int(i * stride) for i in range(chosen.max_train_rows)]
            rows = [rows[i] for i in picked]
            labels = [labels[i] for i in picked]
        weights = fit_logistic(rows, labels, _DEFAULT_WEIGHTS, l2=chosen.l2, lower=_LOWER_BOUNDS)
        priors = compute_priors(clean, category_of=category_of, strength=chosen.prior_strength)
        return cls(priors=priors, weights=weights, settings=chosen)

    # -------------------------------------------------------------------------------- predict

    def predict(
        self,
        history: Iterable[Any],
        now: float,
        *,
        feedback: Sequence[Feedback] = (),
    ) -> list[DueItem]:
        """Rank the shopper's previously bought products by how much they are needed at ``now``.

        Parameters
        ----------
        history : iterable of (day, items)
            The shopper's orders (see the module docstring for the input rules).
        now : float
            The prediction day, on the history's day scale.
        feedback : sequence of Feedback, keyword-only
            The shopper's answers to earlier prompts.

        Returns
        -------
        list[DueItem]
            Every product bought on or before ``now``, most due first; ``[]`` for an empty history.

        Raises
        ------
        ReorderInputError
            On malformed input.

        Examples
        --------
        >>> history = [(0.0, {"towels": 1}), (20.0, {"towels": 2})]
        >>> item = ReorderModel().predict(history, now=25.0)[0]
        >>> item.last_quantity, item.run_out_day > 40.0
        (2.0, True)
        """
        now_value = _as_number(now, "now")
        if not -_MAX_DAY <= now_value <= _MAX_DAY:
            raise ReorderInputError(f"now must be within +-{_MAX_DAY:g}, got {now_value!r}")
        orders = normalise_history(history, now=now_value)
        live = self._live_feedback(feedback, now_value)
        if not orders:
            return []
        seen = _evidence(orders, now_value, self._priors, self._settings, self._weights)
        pids = list(seen)
        records = list(seen.values())
        exp = math.exp
        # Logistic link (scores below -700 would overflow exp(-z); their probability is 0).
        probabilities = [1.0 / (1.0 + exp(-rec[_SCORE])) if rec[_SCORE] > -700.0 else 0.0 for rec in records]
        run_out = [rec[_RUN_OUT] for rec in records]
        allowed = [True] * len(pids)
        if live:
            for i, pid in enumerate(pids):
                answers = live.get(pid)
                if answers is not None:
                    allowed[i], probabilities[i], run_out[i] = self._apply_feedback(
                        records[i], answers, probabilities[i], run_out[i], now_value
                    )
        ranked = sorted(zip([-p for p in probabilities], run_out, pids, range(len(pids)), strict=True))
        chosen = _select_prompts(
            [i for _, _, _, i in ranked], probabilities, allowed, self._settings.min_prompt_probability
        )
        items: list[DueItem] = []
        for neg_p, end, pid, i in ranked:
            rec = seen[pid]
            items.append(
                _due_item(
                    {
                        "product_id": pid,
                        "probability": -neg_p,
                        "run_out_day": end,
                        "prompt": i in chosen,
                        "interval_days": rec[_MEAN_QTY] * math.expm1(rec[_MU]),
                        "days_since_last": now_value - rec[_LAST_DAY],
                        "last_quantity": rec[_LAST_QTY],
                        "purchases": int(rec[_N]),
                    }
                )
            )
        return items

    @staticmethod
    def _live_feedback(
        feedback: Sequence[Feedback], now: float
    ) -> dict[str, list[tuple[float, FeedbackKind]]]:
        if isinstance(feedback, str | bytes | Mapping | Feedback):
            raise ReorderInputError("feedback must be a sequence of Feedback records")
        live: dict[str, list[tuple[float, FeedbackKind]]] = {}
        try:
            answers = list(feedback)
        except TypeError:
            raise ReorderInputError("feedback must be a sequence of Feedback records") from None
        for answer in answers:
            if not isinstance(answer, Feedback):
                raise ReorderInputError(f"feedback must hold Feedback records, got {type(answer).__name__}")
            if answer.day <= now:
                live.setdefault(answer.product_id, []).append((answer.day, answer.kind))
        return live

    def _apply_feedback(
        self,
        rec: list[float],
        answers: list[tuple[float, FeedbackKind]],
        probability: float,
        run_out_day: float,
        now: float,
    ) -> tuple[bool, float, float]:
        never = any(kind is FeedbackKind.NEVER for _, kind in answers)
        last_day = rec[_LAST_DAY]
        recent = [(d, k) for d, k in answers if k is not FeedbackKind.NEVER and d >= last_day]
        effect = feedback_effect(recent, last_purchase_day=last_day, interval_days=rec[_INTERVAL], now=now)
        if effect is None:
            return not never, probability, run_out_day
        # Right-censored interval: the units bought last lasted at least `censored_days`, which
        # adds exposure (days) to the Gamma posterior without adding a purchase.
        k_int = self._settings.interval_strength
        exposure = k_int * rec[_DPU0] + rec[_GAP_DAYS] + effect.censored_days
        dpu = exposure / (k_int + rec[_UNITS_BEFORE])
        # The snooze stretches the log-normal interval by the factor the Gamma posterior moved.
        mu = rec[_MU] + math.log(dpu / rec[_DPU])
        last_qty = rec[_LAST_QTY]
        conditional = last_qty * _conditional_median(mu, rec[_SIGMA], (now - last_day) / last_qty)
        end = max(last_day + conditional, effect.hold_until, run_out_day)
        allowed = not never and now >= effect.hold_until
        return allowed, probability * effect.factor, end

    # ------------------------------------------------------------------------------ persistence

    def to_dict(self) -> dict[str, Any]:
        """Return the model as a JSON-ready dict (see :meth:`from_dict`).

        Returns
        -------
        dict
            ``format``, ``version``, ``settings``, ``weights`` (by feature name) and ``priors``.

        Examples
        --------
        >>> sorted(ReorderModel().to_dict())
        ['format', 'priors', 'settings', 'version', 'weights']
        """
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "settings": self._settings.model_dump(),
            "weights": dict(zip(FEATURE_NAMES, self._weights, strict=True)),
            "priors": self._priors.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReorderModel:
        """Rebuild a model from :meth:`to_dict` output.

        Raises
        ------
        ReorderModelFileError
            If the dict is not a valid saved model.

        Examples
        --------
        >>> ReorderModel.from_dict(ReorderModel().to_dict()).weights == ReorderModel().weights
        True
        """
        try:
            if data.get("format") != _FORMAT or data.get("version") != _VERSION:
                raise ReorderModelFileError("not a pantry-pal reorder model (format/version)")
            raw_weights = data["weights"]
            weights = [float(raw_weights[name]) for name in FEATURE_NAMES]
            settings = ReorderSettings(**data["settings"])
            priors = Priors.from_dict(data["priors"])
            return cls(priors=priors, weights=weights, settings=settings)
        except ReorderModelFileError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, ReorderInputError) as exc:
            raise ReorderModelFileError(f"invalid reorder model: {type(exc).__name__}: {exc}") from None

    def save(self, path: str | Path) -> None:
        """Write the model to ``path`` as compact JSON (see :meth:`load`).

        Raises
        ------
        ReorderModelFileError
            If the file cannot be written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "priors.json"
        >>> ReorderModel().save(target)
        >>> ReorderModel.load(target).weights == ReorderModel().weights
        True
        """
        target = Path(path)
        try:
            target.write_text(json.dumps(self.to_dict(), separators=(",", ":"), sort_keys=True), "utf-8")
        except OSError as exc:
            raise ReorderModelFileError(f"cannot write reorder model: {exc}") from None

    @classmethod
    def load(cls, path: str | Path) -> ReorderModel:
        """Read a model written by :meth:`save` (a refit by ``python -m reorder.fit``).

        Raises
        ------
        ReorderModelFileError
            If the file is missing, not JSON or not a valid model.

        Examples
        --------
        >>> ReorderModel.load("/nonexistent/priors.json")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        reorder.exceptions.ReorderModelFileError: cannot read reorder model: ...
        """
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ReorderModelFileError(f"cannot read reorder model: {exc}") from None
        if not isinstance(data, dict):
            raise ReorderModelFileError("invalid reorder model: not a JSON object")
        return cls.from_dict(data)
