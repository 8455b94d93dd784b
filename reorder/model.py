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
  twice as long -- taken *given what the orders show*: not rebought at any of the shopper's
  orders since, it has lasted at least until their last order (or their latest "not yet"), so
  the run-out day moves after that day (the survival view). Days without any order say nothing,
  so it does not depend on ``now`` and is in the past for an overdue product. ``interval_days``
  is the usual (median) gap, for speech.
* **Per-order repeat rate.** The share of the shopper's orders since the first purchase that
  contain the product, shrunk to the product's population rate (Beta prior).
* **Still buying? (churn).** A repeat-propensity prior (the product's population probability of
  being bought again, sharpened by the shopper's own repeats) and a Poisson survival term: time
  far beyond the usual interval without a purchase is evidence the shopper stopped, so the
  probability decays to 0 for products bought once or abandoned.
* **Due-ness.** ``log(days since last / interval)`` (the hazard view of "needed by now"),
  recency in orders, the share of the shopper's last five orders, the population priors, and
  the days since the shopper's last order (basket rhythm).

These features, plus the shopper's habits (share of their lines that are repeats, repeats per
recent order), whether the product was in each of the last three orders, and where in the basket
it is usually added (a list of ids is read in the order the shopper added them to the cart, 0 for
first to 1 for last, on average and at the last purchase: staples go in first), go through a
logistic layer whose weights :meth:`ReorderModel.fit` learns by predicting each fitting
shopper's latest orders (up to ``train_targets`` of them) from the earlier ones (penalised
towards built-in weights, so tiny inputs keep sensible defaults; the survival and due-ness
weights have positive lower bounds so the behaviour above always holds).

**Boosted trees.** A small ensemble of depth-2 regression trees, gradient-boosted on the log
loss with the logistic logit as base margin (histogram-binned features, a Hessian floor per
leaf), corrects that logit for the products the layer already gives at least
``boost_min_probability``: it captures interactions a linear layer cannot. Its correction is
clamped to ``+-_BOOST_LIMIT`` logits, so churn evidence (which drives the logit towards minus
infinity) still makes abandoned products decay. The trees are compiled once into nested ``if``
statements (their source holds only validated numbers) so scoring stays cheap.

The prompt set is the prefix of the ranking that maximises the expected F1
(``2 * sum(p_top_k) / (k + sum(p_all))``), or empty when "needs nothing" is more likely.

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
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reorder.exceptions import ReorderInputError, ReorderModelFileError
from reorder.feedback import Feedback, FeedbackKind, feedback_effect
from reorder.priors import (
    CategoryOf,
    History,
    Priors,
    Tree,
    compute_priors,
    fit_boosted_trees,
    fit_logistic,
)

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
    ("logit_shopper_reorder", 0.0, None),
    ("log_recent_reorders", 0.0, None),
    ("in_second_last", 0.0, None),
    ("in_third_last", 0.0, None),
    ("cart_position", 0.0, None),
    ("last_cart_position", 0.0, None),
)
FEATURE_NAMES: tuple[str, ...] = tuple(name for name, _, _ in _FEATURES)
# Features added after models were first saved (a saved file without them still loads).
_ADDED_FEATURES = frozenset(
    {"logit_shopper_reorder", "log_recent_reorders", "in_second_last", "in_third_last"}
    | {"cart_position", "last_cart_position"}
)
_DEFAULT_WEIGHTS: tuple[float, ...] = tuple(weight for _, weight, _ in _FEATURES)
_LOWER_BOUNDS = {i: bound for i, (_, _, bound) in enumerate(_FEATURES) if bound is not None}
_RECENT_ORDERS = 5
_MAX_DAY = 1e7
_MAX_QUANTITY = 1e6
_MIN_QUANTITY = 1e-3
_DECAY = 0.8
_REORDER_PRIOR = 0.5
_BOOST_LIMIT = 3.0
_JUST_STR = {str}
_MIN_BOOST_ROWS = 2000
_REORDER_PSEUDO = 4.0


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
        Pseudo-pairs pulling a product's priors to its category and a category to global. Most
        products have only a few buyers, and a product's figures then largely echo the very
        shopper being scored (their own orders are in the fitting data): strong pooling to the
        category keeps them from double-counting that shopper's own evidence.
    min_prompt_probability : float
        No prompt below this probability, whatever the expected-F1 rule says.
    l2 : float
        Penalty of the logistic layer towards the built-in weights.
    max_train_rows : int
        Cap on (shopper, product) rows used to learn the logistic layer (deterministic stride).
    train_targets : int
        How many of each fitting shopper's latest orders serve as training targets (the two
        latest with priors computed without them, the older ones with priors computed without
        the ``train_targets`` latest orders: no target ever leaks into its own features).
    interval_decay : float
        Weight of each older purchase interval relative to the next one in the log-normal
        interval's location and spread (1 = all intervals count the same).
    max_train_pairs : int
        Cap on (shopper, target order) pairs, taken with a deterministic stride.
    boost_trees : int
        Number of boosted regression trees correcting the logistic layer (0 = none).
    boost_depth : int
        Depth of each tree.
    boost_learning_rate : float
        Shrinkage of each tree's leaves.
    boost_min_probability : float
        The trees are learned on, and applied to, products whose logistic probability is at
        least this (the rest are too unlikely to matter for the prompt set and the top item).
        It sits below the probabilities where the expected-F1 rule usually cuts the prompt set
        (median about 0.23 on the benchmark), so the step the trees make at this floor seldom
        reorders products around that cut.
    max_boost_rows : int
        Cap on the rows the trees are learned on (deterministic stride).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rate_strength: float = Field(default=3.0, gt=0)
    interval_strength: float = Field(default=2.0, gt=0)
    spread_strength: float = Field(default=8.0, gt=0)
    rhythm_exponent: float = Field(default=0.0, ge=0, le=1)
    repeat_strength: float = Field(default=2.0, gt=0)
    prior_strength: float = Field(default=16.0, gt=0)
    min_prompt_probability: float = Field(default=0.0, ge=0, le=1)
    l2: float = Field(default=5.0, gt=0)
    max_train_rows: int = Field(default=40_000, ge=100)
    train_targets: int = Field(default=6, ge=1, le=50)
    max_train_pairs: int = Field(default=2500, ge=1)
    interval_decay: float = Field(default=0.85, gt=0, le=1)
    boost_trees: int = Field(default=20, ge=0, le=500)
    boost_depth: int = Field(default=2, ge=1, le=4)
    boost_learning_rate: float = Field(default=0.1, gt=0, le=1)
    boost_min_probability: float = Field(default=0.1, ge=0, lt=1)
    max_boost_rows: int = Field(default=50_000, ge=100)


class DueItem(NamedTuple):
    """One previously bought product and how due it is.

    Attributes
    ----------
    product_id : str
        The product.
    probability : float
        Probability (0..1) that the shopper needs it by ``now``.
    run_out_day : float
        Expected day the last purchase runs out (may be in the past: overdue), from the history
        alone: it was not rebought at any of the shopper's orders since; days without any order
        say nothing about it, so it is the same whatever ``now`` is.
    prompt : bool
        True if the model would ask the shopper about it now.
    interval_days : float
        The usual gap between purchases (days), for "you usually buy it every ...", stretched by the
        shopper's "not yet" and "no" answers since the last purchase (it lasted at least that long).
    days_since_last : float
        Days from the last purchase to ``now``.
    last_quantity : float
        Units bought at the last purchase.
    purchases : int
        Number of orders that contained the product.
    """

    product_id: str
    probability: float
    run_out_day: float
    prompt: bool
    interval_days: float
    days_since_last: float
    last_quantity: float
    purchases: int


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
        ``items`` is a list of product ids (one unit each) or a mapping id -> quantity, either in
        the order the shopper added them to the cart.
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
            if not basket and set(map(type, items)) == _JUST_STR and "" not in items:
                # Fast path (the common case): a fresh day whose ids are all non-empty strings.
                basket.update(dict.fromkeys(items, 1.0))
                if len(basket) == len(items):
                    continue
                basket.clear()  # repeated ids: count them below
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
_CART_PLACES, _LAST_CART_PLACE = 10, 11  # sum of the places in the basket (0 first .. 1 last), and the latest
_INTERVAL, _DPU, _DPU0, _RUN_OUT, _MEAN_QTY, _SCORE, _GAP_DAYS, _UNITS_BEFORE, _MU, _SIGMA = range(12, 22)
_LASTED = 22  # days from the last purchase to the shopper's last order: how long it is known to have lasted


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
    boost: Callable[[Sequence[float]], float] | None = None,
    boost_floor: float = math.inf,
    constants: dict[str, tuple[Any, ...]] | None = None,
    automatic: Mapping[str, Collection[float]] | None = None,
) -> dict[str, list[float]]:
    """Summarise every product of a validated, non-empty history and score it at ``now``.

    Returns product id -> record (see the ``_N ... _SCORE`` field indices); ``_SCORE`` is the
    logistic-layer logit. When ``features`` is given, each product's feature vector (in
    :data:`FEATURE_NAMES` order) is appended to it, for fitting. The logit is computed inline from
    the same local values as the vector (a unit test checks they agree), because ``predict`` must
    score a thousand shoppers in well under a second in pure Python. With ``boost`` (the compiled
    tree ensemble), products whose logit is at least ``boost_floor`` get its correction, clamped
    to ``+-_BOOST_LIMIT``, added to ``_SCORE``. ``constants`` caches each product's prior-derived
    terms; it must belong to this very ``priors``, ``settings`` and ``weights`` (a model keeps one).
    ``automatic`` (product id -> days of its purchases the model chose, see :meth:`ReorderModel.predict`):
    the gaps ending on those days are left out of the product's interval evidence (:func:`_shoppers_gaps`).
    """
    n_orders = len(orders)
    first_day = orders[0][0]
    last_order_day = orders[-1][0]
    order_gap = priors.order_gap
    mean_gap = (last_order_day - first_day + order_gap) / n_orders
    rhythm = (mean_gap / order_gap) ** settings.rhythm_exponent
    decay_weights = [_DECAY ** (n_orders - 1 - i) for i in range(n_orders)]
    log1p = math.log1p
    decay_gap = settings.interval_decay
    seen: dict[str, list[float]] = {}
    lines = 0
    repeats = 0
    recent_from = n_orders - _RECENT_ORDERS
    recent_repeats = 0
    for index, (day, basket) in enumerate(orders):
        weight = decay_weights[index]
        lines += len(basket)
        before = len(seen)
        # Where in the basket the product was added, 0 (first) to 1 (last): staples go in first.
        step = 1.0 / (len(basket) - 1) if len(basket) > 1 else 0.0
        place = -step
        for pid, qty in basket.items():
            place += step
            rec = seen.get(pid)
            if rec is None:
                seen[pid] = [1.0, index, index, day, day, qty, qty, weight, 0.0, 0.0, place, place]
            else:
                # Literal field indices (_LAST_DAY=4, _LAST_QTY=5, _LOGS=8, _LOG_SQUARES=9, _N=0,
                # _LAST=2, _UNITS=6, _DECAYED=7, _CART_PLACES=10, _LAST_CART_PLACE=11): this loop
                # runs once per order line. The log-gap sums are exponentially weighted per purchase
                # (older intervals count less).
                log_gap = log1p((day - rec[4]) / rec[5])
                rec[8] = decay_gap * rec[8] + log_gap
                rec[9] = decay_gap * rec[9] + log_gap * log_gap
                rec[0] += 1.0
                rec[2] = index
                rec[4] = day
                rec[5] = qty
                rec[6] += qty
                rec[7] += weight
                rec[10] += place
                rec[11] = place
        repeated = len(basket) - (len(seen) - before)
        repeats += repeated
        if index >= recent_from:
            recent_repeats += repeated
    # Gaps the model chose (automatic orders) are no evidence of how long a product lasts.
    not_evidence = _shoppers_gaps(orders, seen, automatic, decay_gap) if automatic else None
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
    # The shopper's habit: share of their lines (after the first order) that were repeats, and
    # repeats per recent order (how many things they usually rebuy at once).
    later_lines = lines - len(orders[0][1])
    shopper_reorder = (repeats + _REORDER_PSEUDO * _REORDER_PRIOR) / (later_lines + _REORDER_PSEUDO)
    logit_shopper_reorder = math.log(shopper_reorder / (1.0 - shopper_reorder))
    log_recent_reorders = math.log1p(recent_repeats / min(_RECENT_ORDERS, n_orders))
    second_last = orders[-2][1] if n_orders >= 2 else {}
    third_last = orders[-3][1] if n_orders >= 3 else {}
    log_count = [0.0, *(math.log(i) for i in range(1, n_orders + 2))]
    gap_weights = [0.0]
    for _ in range(n_orders):
        gap_weights.append(decay_gap * gap_weights[-1] + 1.0)
    (
        w_bias, w_rate_logit, w_purchases, w_since, w_in_last, w_under, w_over, w_still_log,
        w_prior_repeat, w_prior_rate, w_gap, w_orders, w_recent, w_in_last_gap, w_due_orders,
        w_rhythm, w_rate_in_last, w_basket, w_rate, w_still, w_streak, w_decayed, w_rate_sq,
        w_stay, w_stay_in_last, w_shopper_reorder, w_recent_reorders, w_second_last, w_third_last, w_cart, w_last_cart,
    ) = weights
    shopper_logit = (
        w_bias
        + w_gap * log_gap
        + w_orders * log_orders
        + w_rhythm * gap_vs_rhythm
        + w_basket * log_basket
        + w_shopper_reorder * logit_shopper_reorder
        + w_recent_reorders * log_recent_reorders
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
    product_terms = constants if constants is not None else {}
    # What depends only on the order a product was last bought in, once per order.
    last_index = n_orders - 1
    by_order = []
    for index, (day, _) in enumerate(orders):
        since = last_index - index
        log_since_index = log_count[since + 1]
        by_order.append((
            now - day,
            log_since_index,
            last_order_day - day,
            shopper_logit + w_since_total * log_since_index + (in_last_logit if since == 0 else 0.0),
        ))
    second_index = n_orders - 2
    third_index = n_orders - 3
    once_sigma = sqrt(k_var * prior_var / k_var)
    once_share = 1.0 / recent_window
    for pid, rec in seen.items():
        terms = product_terms.get(pid)
        if terms is None:
            stat = own_stat(pid)
            if stat is None:
                stat = stat_for(pid)
            drop_prior = k_rep * (1.0 - stat.repeat)
            mu_prior = k_int * stat.log_gap
            once_drop = drop_prior / k_rep
            terms = product_terms[pid] = (
                stat,
                k_rate * stat.order_rate,
                stat.days_per_unit,
                drop_prior,
                mu_prior,
                w_prior_repeat * stat.logit_repeat + w_prior_rate * stat.logit_order_rate + w_stay * stat.logit_stay,
                w_stay_in_last * stat.logit_stay,
                # The general formulas below with a single purchase (no gaps), for the fast path.
                mu_prior / k_int,
                once_drop / (1.0 - once_drop) if once_drop < 0.999999 else 1e6,
            )
        stat, rate_prior, prior_dpu, drop_prior, mu_prior, prior_logit, stay_in_last, once_mu, once_odds = terms
        (
            purchases, first, last, first_bought, last_day, last_qty, units, weighted, logs, log_squares,
            places, last_place,
        ) = rec  # fmt: skip
        cart_position = places / purchases
        days_since, log_since, lasted, order_logit = by_order[int(last)]
        in_last = last == last_index
        dpu0 = prior_dpu * rhythm
        rate = (purchases - 1.0 + rate_prior) / (n_orders - 1 - first + k_rate)
        if rate < 1e-4:
            rate = 1e-4
        elif rate > 0.9999:
            rate = 0.9999
        log_rate = log(rate)
        log_not_rate = log(1.0 - rate)
        if purchases == 1.0:
            # Bought once (about half of a shopper's products): no gaps, so the interval, the
            # churn odds and the log-normal location and spread are the priors' own.
            gap_days = 0.0
            units_before = 0.0
            dpu = dpu0
            mean_qty = last_qty
            interval = typical = last_qty * dpu0
            odds = once_odds
            recent_share = once_share if last >= recent_from else 0.0
            log_purchases = 0.0
            streak = once_share if in_last else 0.0
            in_second = last == second_index
            in_third = last == third_index
            mu = once_mu
            sigma = once_sigma
        else:
            count = int(purchases)
            gap_days = last_day - first_bought
            units_before = units - last_qty
            evidence_gaps = count - 1
            if not_evidence is not None and (left_out := not_evidence.get(pid)) is not None:
                gap_days -= left_out[0]
                units_before -= left_out[1]
                evidence_gaps -= left_out[2]
            dpu = (k_int * dpu0 + gap_days) / (k_int + units_before)
            interval = last_qty * dpu
            mean_qty = units / purchases
            # Still buying? Beta-sharpened repeat propensity, then Poisson survival past the interval.
            drop = drop_prior / (k_rep + purchases - 1.0)
            odds = drop / (1.0 - drop) if drop < 0.999999 else 1e6
            typical = mean_qty * dpu
            recent_share = recent_counts.get(pid, 0.0) / recent_window
            log_purchases = log_count[count]
            streak = streaks[pid] / recent_window if in_last else 0.0
            in_second = pid in second_last
            in_third = pid in third_last
            # Run-out day: log-normal interval per unit, location and spread shrunk to the
            # population (conjugate-style pseudo-counts). Effective number of gaps under the
            # per-purchase decay (1 + d + d^2 + ...).
            gaps = gap_weights[evidence_gaps]
            if gaps > 0.0:
                mu = (mu_prior + logs) / (k_int + gaps)
                spread = log_squares - logs * logs / gaps
                sigma = sqrt((k_var * prior_var + (spread if spread > 0.0 else 0.0)) / (k_var + gaps))
            else:  # every gap was chosen by the model: the priors' own, as for a product bought once
                mu = once_mu
                sigma = once_sigma
        due = log((days_since + 1.0) / (interval + 1.0))
        excess = (days_since - interval) / (typical if typical > 1.0 else 1.0)
        if excess > 0.0:
            odds *= exp(excess if excess < 60.0 else 60.0)
        still_log = -log1p(odds)
        still = 1.0 / (1.0 + odds)
        decayed = weighted * decay_norm
        # The run-out day is the median given what the history shows: it was not rebought at any
        # order up to the shopper's last one, so it lasted at least `lasted` days. Days with no
        # order at all (up to `now`) say nothing about it, so the run-out day does not depend on
        # `now` and is in the past when the product is overdue.
        z = (log1p(lasted / last_qty) - mu) / sigma if lasted > 0.0 else z_min
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
            order_logit
            + w_log_rate * log_rate
            - w_rate_logit * log_not_rate
            + w_purchases * log_purchases
            + (w_under * due if due < 0.0 else w_over * due)
            + w_still_log * still_log
            + prior_logit
            + w_recent * recent_share
            + rate * (w_rate + w_rate_sq * rate)
            + w_still * still
            + w_decayed * decayed
            + w_cart * cart_position
            + w_last_cart * last_place
        )
        if in_second:
            score += w_second_last
        if in_third:
            score += w_third_last
        if in_last:
            score += w_rate_in_last * rate + w_streak * streak + stay_in_last
        boosted = boost is not None and score >= boost_floor
        if features is not None or boosted:
            flag = 1.0 if in_last else 0.0
            vector = [
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
                logit_shopper_reorder,
                log_recent_reorders,
                1.0 if in_second else 0.0,
                1.0 if in_third else 0.0,
                cart_position,
                last_place,
            ]
            if features is not None:
                features.append((pid, vector))
            if boosted:
                correction = boost(vector)  # type: ignore[misc]
                score += (
                    correction if -_BOOST_LIMIT <= correction <= _BOOST_LIMIT
                    else math.copysign(_BOOST_LIMIT, correction)
                )
        rec.extend((interval, dpu, dpu0, last_day + median, mean_qty, score, gap_days, units_before, mu, sigma, lasted))
    return seen


def _shoppers_gaps(
    orders: History,
    seen: dict[str, list[float]],
    automatic: Mapping[str, Collection[float]],
    decay_gap: float,
) -> dict[str, tuple[float, float, int]]:
    """Leave the gaps that end in a purchase the model chose out of each product's interval evidence.

    An automatic order is placed when the model expects the product to run out: the gap it ends is the model's
    own estimate, not a measure of how long the product lasted, and learning from it would feed the estimate
    back into itself (an order placed a little early makes the next one earlier still). Such a purchase still
    starts the next gap, which is evidence when the shopper ends it. For each product with such gaps, its
    record's decayed log-gap sums are recomputed from the shopper's own gaps only (in ``seen``, in place), and
    the days, units before, and number of the gaps left out are returned, for the Gamma exposure and the
    log-normal's pseudo-counts.
    """
    left_out: dict[str, tuple[float, float, int]] = {}
    for pid, days in automatic.items():
        rec = seen.get(pid)
        if rec is None or rec[_N] < 2.0 or not days:
            continue
        chosen = set(days)
        logs = squares = skipped_days = skipped_units = 0.0
        skipped = 0
        previous: tuple[float, float] | None = None
        for day, basket in orders:
            qty = basket.get(pid)
            if qty is None:
                continue
            if previous is not None:
                if day in chosen:
                    skipped_days += day - previous[0]
                    skipped_units += previous[1]
                    skipped += 1
                else:
                    log_gap = math.log1p((day - previous[0]) / previous[1])
                    logs = decay_gap * logs + log_gap
                    squares = decay_gap * squares + log_gap * log_gap
            previous = (day, qty)
        if skipped:
            rec[_LOGS], rec[_LOG_SQUARES] = logs, squares
            left_out[pid] = (skipped_days, skipped_units, skipped)
    return left_out


def _select_prompts(
    ranking: Sequence[int], probabilities: Sequence[float], allowed: Sequence[bool], floor: float
) -> set[int]:
    """Indices of the prompt set: the prefix of ``ranking`` (most probable first) maximising the
    expected F1, ``2 * sum(p_top_k) / (k + sum(p_all))``, against the probability that nothing is
    needed (``prod(1 - p)``: an empty prompt set is then the better answer). Products not
    ``allowed`` (feedback) or below ``floor`` are skipped. The scan stops as soon as the
    expected F1 stops rising (it is unimodal along a falling ranking).
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
        if p * (len(chosen) + total) <= running:
            # Adding p raises the expected F1 only if p > running / (k + total); the
            # probabilities only fall from here, so no longer prefix can do better.
            break
        running += p
        chosen.append(index)
        expected = 2.0 * running / (len(chosen) + total)
        if expected > best:
            best = expected
            best_k = len(chosen)
    return set(chosen[:best_k])


# ----------------------------------------------------------------------------------------- trees


def _strided(rows: list[list[float]], labels: list[float], cap: int) -> tuple[list[list[float]], list[float]]:
    """At most ``cap`` rows, taken with a deterministic stride."""
    if len(rows) <= cap:
        return rows, labels
    stride = len(rows) / cap
    picked = [int(i * stride) for i in range(cap)]
    return [rows[i] for i in picked], [labels[i] for i in picked]


def _checked_trees(raw: Any) -> list[Tree]:
    """Validate a tree ensemble (fitted or read from a file): complete trees of equal depth, known
    feature indices, finite or infinite (never NaN) thresholds and finite leaves."""
    trees: list[Tree] = []
    depth = None
    for entry in raw:
        features, thresholds, leaves = entry
        tree: Tree = (
            [int(f) for f in features],
            [math.inf if t is None else float(t) for t in thresholds],  # None: no split (JSON)
            [float(v) for v in leaves],
        )
        size = len(tree[0])
        if size < 1 or len(tree[1]) != size or len(tree[2]) != size + 1 or (size + 1) & size:
            raise ReorderInputError("a boosted tree must be a complete binary tree")
        if depth is not None and size != depth:
            raise ReorderInputError("boosted trees must all have the same depth")
        depth = size
        if not all(0 < f < len(FEATURE_NAMES) for f in tree[0]):
            raise ReorderInputError("a boosted tree splits on an unknown feature")
        if any(math.isnan(t) or t == -math.inf for t in tree[1]) or not all(math.isfinite(v) for v in tree[2]):
            raise ReorderInputError("boosted tree thresholds and leaves must be numbers")
        trees.append(tree)
    return trees


def _compile_trees(trees: Sequence[Tree]) -> Callable[[Sequence[float]], float] | None:
    """Compile validated trees into one Python function of nested ``if``s (tree evaluation is
    most of the per-product cost otherwise). The source holds only ints and float literals."""
    if not trees:
        return None
    lines = ["def boost(x):", "    s = 0.0"]

    def emit(tree: Tree, node: int, indent: str) -> None:
        features, thresholds, leaves = tree
        if node >= len(features):
            lines.append(f"{indent}s += {leaves[node - len(features)]!r}")
            return
        if thresholds[node] == math.inf:  # no split: everything goes left
            emit(tree, 2 * node + 1, indent)
            return
        if thresholds[node] == -math.inf:
            emit(tree, 2 * node + 2, indent)
            return
        lines.append(f"{indent}if x[{features[node]}] > {thresholds[node]!r}:")
        emit(tree, 2 * node + 2, indent + "    ")
        lines.append(f"{indent}else:")
        emit(tree, 2 * node + 1, indent + "    ")

    for tree in trees:
        emit(tree, 0, "    ")
    lines.append("    return s")
    namespace: dict[str, Any] = {"__builtins__": {}}
    exec(compile("\n".join(lines), "<reorder-trees>", "exec"), namespace)  # the source holds numbers only
    function: Callable[[Sequence[float]], float] = namespace["boost"]
    return function


def _logit(p: float) -> float:
    if p <= 0.0:
        return -math.inf
    return math.log(p / (1.0 - p))


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
    trees : sequence of Tree, optional, keyword-only
        Boosted trees correcting the logistic layer (see :func:`reorder.priors.fit_boosted_trees`);
        none by default.

    Examples
    --------
    >>> model = ReorderModel()
    >>> items = model.predict([(0, ["milk"]), (7, ["milk"]), (14, ["milk"])], now=21.0)
    >>> items[0].product_id, items[0].purchases
    ('milk', 3)
    """

    __slots__ = ("_boost", "_boost_floor", "_constants", "_priors", "_settings", "_trees", "_weights")

    def __init__(
        self,
        *,
        priors: Priors | None = None,
        weights: Sequence[float] | None = None,
        settings: ReorderSettings | None = None,
        trees: Sequence[Tree] = (),
    ) -> None:
        self._priors = priors if priors is not None else Priors()
        chosen = tuple(float(w) for w in (weights if weights is not None else _DEFAULT_WEIGHTS))
        if len(chosen) != len(FEATURE_NAMES) or not all(math.isfinite(w) for w in chosen):
            raise ReorderInputError(f"weights must be {len(FEATURE_NAMES)} finite numbers")
        self._weights = chosen
        self._settings = settings if settings is not None else ReorderSettings()
        try:
            self._trees = _checked_trees(trees)
        except (TypeError, ValueError) as exc:
            raise ReorderInputError(f"invalid boosted trees: {exc}") from None
        self._boost = _compile_trees(self._trees)
        self._boost_floor = _logit(self._settings.boost_min_probability)
        # Per-product terms of the priors and weights, filled as products are first scored.
        self._constants: dict[str, tuple[Any, ...]] = {}

    @property
    def priors(self) -> Priors:
        """The population priors."""
        return self._priors

    @property
    def weights(self) -> tuple[float, ...]:
        """The logistic-layer weights, in :data:`FEATURE_NAMES` order."""
        return self._weights

    @property
    def trees(self) -> tuple[Tree, ...]:
        """The boosted trees correcting the logistic layer (empty if none)."""
        return tuple(self._trees)

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
        return ReorderModel(priors=self._priors, weights=self._weights, settings=settings, trees=self._trees)

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
        targets = chosen.train_targets
        pairs = [(back, i) for back in range(1, targets + 1) for i, h in enumerate(clean) if len(h) > back]
        if len(pairs) > chosen.max_train_pairs:
            stride = len(pairs) / chosen.max_train_pairs
            pairs = [pairs[int(i * stride)] for i in range(chosen.max_train_pairs)]
        train_priors: dict[int, Priors] = {}
        rows: list[list[float]] = []
        labels: list[float] = []
        for back, i in pairs:
            # The two latest targets get their own priors; older ones share the priors computed
            # without the `targets` latest orders (three prior fits instead of one per target).
            level = back if back <= 2 else targets
            if level not in train_priors:
                train_priors[level] = compute_priors(
                    [h[:-level] for h in clean if len(h) > level],
                    category_of=category_of,
                    strength=chosen.prior_strength,
                )
            full = clean[i]
            target_day, target = full[-back]
            vectors: list[tuple[str, list[float]]] = []
            _evidence(full[:-back], target_day, train_priors[level], chosen, _DEFAULT_WEIGHTS, features=vectors)
            for pid, vector in vectors:
                rows.append(vector)
                labels.append(1.0 if pid in target else 0.0)
        linear_rows, linear_labels = _strided(rows, labels, chosen.max_train_rows)
        weights = fit_logistic(linear_rows, linear_labels, _DEFAULT_WEIGHTS, l2=chosen.l2, lower=_LOWER_BOUNDS)
        trees = cls._fit_trees(rows, labels, weights, chosen)
        priors = compute_priors(clean, category_of=category_of, strength=chosen.prior_strength)
        return cls(priors=priors, weights=weights, settings=chosen, trees=trees)

    @staticmethod
    def _fit_trees(
        rows: list[list[float]], labels: list[float], weights: Sequence[float], settings: ReorderSettings
    ) -> list[Tree]:
        """Boost trees on the logistic margin, on rows at or above the boosting floor (none when
        there are too few of them: small fits keep the plain logistic layer)."""
        if settings.boost_trees == 0:
            return []
        floor = _logit(settings.boost_min_probability)
        margins = [math.fsum(w * x for w, x in zip(weights, row, strict=True)) for row in rows]
        kept = [i for i, m in enumerate(margins) if m >= floor]
        if len(kept) < _MIN_BOOST_ROWS:
            return []
        if len(kept) > settings.max_boost_rows:
            stride = len(kept) / settings.max_boost_rows
            kept = [kept[int(i * stride)] for i in range(settings.max_boost_rows)]
        return fit_boosted_trees(
            [rows[i] for i in kept],
            [labels[i] for i in kept],
            [margins[i] for i in kept],
            features=range(1, len(FEATURE_NAMES)),
            trees=settings.boost_trees,
            depth=settings.boost_depth,
            learning_rate=settings.boost_learning_rate,
        )

    # -------------------------------------------------------------------------------- predict

    def predict(
        self,
        history: Iterable[Any],
        now: float,
        *,
        feedback: Sequence[Feedback] = (),
        automatic: Mapping[str, Collection[float]] | None = None,
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
        automatic : mapping, optional, keyword-only
            Product id -> the days (as in ``history``, after same-day merging) on which the product was
            bought only by an automatic order, placed when this model expected it to run out. The gap such a
            purchase ends is the model's own choice, so it is not learned from (learning from it would let the
            model's estimate feed on itself); the purchase still starts the next gap.

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
        chosen_days = self._automatic_days(automatic)
        if not orders:
            return []
        seen = _evidence(
            orders, now_value, self._priors, self._settings, self._weights,
            boost=self._boost, boost_floor=self._boost_floor, constants=self._constants, automatic=chosen_days,
        )
        pids = list(seen)
        records = list(seen.values())
        exp = math.exp
        # Logistic link (scores below -700 would overflow exp(-z); their probability is 0).
        probabilities = [1.0 / (1.0 + exp(-rec[_SCORE])) if rec[_SCORE] > -700.0 else 0.0 for rec in records]
        run_out = [rec[_RUN_OUT] for rec in records]
        allowed = [True] * len(pids)
        mus = [rec[_MU] for rec in records]
        if live:
            for i, pid in enumerate(pids):
                answers = live.get(pid)
                if answers is not None:
                    allowed[i], probabilities[i], run_out[i], mus[i] = self._apply_feedback(
                        records[i], answers, probabilities[i], run_out[i], now_value
                    )
        ranked = sorted(zip([-p for p in probabilities], run_out, pids, range(len(pids)), strict=True))
        chosen = _select_prompts(
            [i for _, _, _, i in ranked], probabilities, allowed, self._settings.min_prompt_probability
        )
        # About a hundred items per shopper: built straight from a tuple in field order.
        items: list[DueItem] = []
        append = items.append
        expm1 = math.expm1
        new = tuple.__new__
        for neg_p, end, pid, i in ranked:
            rec = records[i]
            append(new(DueItem, (
                pid,
                -neg_p,
                end,
                i in chosen,
                rec[_MEAN_QTY] * expm1(mus[i]),  # the usual interval, stretched by "not yet" answers
                now_value - rec[_LAST_DAY],
                rec[_LAST_QTY],
                int(rec[_N]),
            )))
        return items

    @staticmethod
    def _automatic_days(automatic: Mapping[str, Collection[float]] | None) -> dict[str, frozenset[float]] | None:
        if not automatic:
            return None
        if not isinstance(automatic, Mapping):
            raise ReorderInputError("automatic must map product ids to the days of automatic purchases")
        try:
            return {pid: frozenset(_as_number(day, "automatic purchase day") for day in days)
                    for pid, days in automatic.items()}
        except TypeError:
            raise ReorderInputError("automatic must map product ids to the days of automatic purchases") from None

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
    ) -> tuple[bool, float, float, float]:
        """Apply the shopper's answers about one product: whether it may be prompted, its probability, its
        run-out day, and the log-normal location of its interval (stretched by the censored time: what the model
        now believes, so later hold-offs and the running-low rule grow with each "not yet")."""
        never = any(kind is FeedbackKind.NEVER for _, kind in answers)
        last_day = rec[_LAST_DAY]
        recent = [(d, k) for d, k in answers if k is not FeedbackKind.NEVER and d >= last_day]
        effect = feedback_effect(recent, last_purchase_day=last_day, interval_days=rec[_INTERVAL], now=now)
        if effect is None:
            return not never, probability, run_out_day, rec[_MU]
        # Right-censored interval: the units bought last lasted at least `censored_days`, which
        # adds exposure (days) to the Gamma posterior without adding a purchase.
        k_int = self._settings.interval_strength
        exposure = k_int * rec[_DPU0] + rec[_GAP_DAYS] + effect.censored_days
        dpu = exposure / (k_int + rec[_UNITS_BEFORE])
        # The snooze stretches the log-normal interval by the factor the Gamma posterior moved.
        mu = rec[_MU] + math.log(dpu / rec[_DPU])
        last_qty = rec[_LAST_QTY]
        # Known to have lasted until the last order, and until the shopper's latest "not yet".
        lasted = max(rec[_LASTED], effect.censored_days)
        conditional = last_qty * _conditional_median(mu, rec[_SIGMA], lasted / last_qty)
        end = max(last_day + conditional, effect.hold_until, run_out_day)
        allowed = not never and now >= effect.hold_until
        return allowed, probability * effect.factor, end, mu

    # ------------------------------------------------------------------------------ persistence

    def to_dict(self) -> dict[str, Any]:
        """Return the model as a JSON-ready dict (see :meth:`from_dict`).

        Returns
        -------
        dict
            ``format``, ``version``, ``settings``, ``weights`` (by feature name), ``priors`` and
            ``trees`` (``[features, thresholds, leaves]`` per boosted tree; a ``null`` threshold
            is a node that does not split).

        Examples
        --------
        >>> sorted(ReorderModel().to_dict())
        ['format', 'priors', 'settings', 'trees', 'version', 'weights']
        """
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "settings": self._settings.model_dump(),
            "weights": dict(zip(FEATURE_NAMES, self._weights, strict=True)),
            "priors": self._priors.to_dict(),
            "trees": [
                [list(f), [None if x == math.inf else x for x in t], list(v)] for f, t, v in self._trees
            ],
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
            missing = [name for name in FEATURE_NAMES if name not in raw_weights]
            if not set(missing) <= _ADDED_FEATURES:
                raise KeyError(missing[0])
            # A file fitted before a feature existed predicts as it did: weight 0, no interval decay.
            weights = [float(raw_weights.get(name, 0.0)) for name in FEATURE_NAMES]
            raw_settings = dict(data["settings"])
            raw_settings.setdefault("interval_decay", 1.0)
            settings = ReorderSettings(**raw_settings)
            priors = Priors.from_dict(data["priors"])
            return cls(priors=priors, weights=weights, settings=settings, trees=data.get("trees", ()))
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
