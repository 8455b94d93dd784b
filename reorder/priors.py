"""Population priors of the reorder model, learned from many shoppers' order histories.

For every product (and, through ``category_of``, every category, plus one global level) the
priors hold five figures that a single shopper's short history cannot estimate alone:

``repeat``
    probability that a shopper who bought the product once buys it again at all (the
    repeat-propensity prior of a "Buy It Again" style model).
``order_rate``
    share of a shopper's later orders that contain the product, once they bought it
    (the per-order purchase rate among everybody who bought it).
``days_per_unit``
    mean number of days one unit lasts, pooled over every observed repeat interval
    (the prior mean of the Gamma consumption-rate model, in days per unit).
``log_gap``
    mean of ``log(1 + days per unit)`` over those intervals (the prior location of the
    log-normal interval model behind the run-out day).
``stay``
    probability that an order containing the product is followed by an order containing it
    again (a first-order Markov "bought again next time" prior).

Plus, population-wide, the mean days between a shopper's orders and the within-pair variance of
``log(1 + days per unit)`` (the log-normal model's prior spread).

Each level is shrunk to its parent (product -> category -> global) by pseudo-counts, so a rare
product gets its category's figures. Only products with enough support are stored; the others
keep their category so the JSON file stays small.

This module also holds the tiny L2-regularised logistic-regression solver that learns how the
per-(shopper, product) evidence combines; it is pure Python (no numpy, see the house rules).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CategoryOf",
    "History",
    "PopulationStat",
    "Priors",
    "Tree",
    "compute_priors",
    "fit_boosted_trees",
    "fit_logistic",
    "tree_value",
]

History = list[tuple[float, dict[str, float]]]
"""A validated history: ``(day, {product_id: quantity > 0})`` sorted by day, one entry per day."""

CategoryOf = Mapping[str, str] | Callable[[str], str | None] | None
"""Optional product id -> category lookup (a mapping or a callable returning ``None`` if unknown)."""

_DEFAULT_REPEAT = 0.45
_DEFAULT_ORDER_RATE = 0.12
_DEFAULT_DAYS_PER_UNIT = 21.0
_DEFAULT_LOG_GAP = 2.7  # log(1 + 14 days)
_DEFAULT_STAY = 0.3
_DEFAULT_LOG_GAP_VAR = 0.5
_DEFAULT_ORDER_GAP = 10.0
_MIN_STORED_SUPPORT = 2


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1.0 - 1e-4)
    return math.log(p / (1.0 - p))


@dataclass(frozen=True, slots=True)
class PopulationStat:
    """Prior figures of one product, category or the whole population.

    Attributes
    ----------
    repeat : float
        Probability (0..1) that the product is bought again after a first purchase.
    order_rate : float
        Share (0..1) of later orders that contain the product once a shopper bought it.
    days_per_unit : float
        Mean days one unit lasts (> 0).
    support : int
        Number of (shopper, product) pairs the figures come from.
    log_gap : float
        Mean of ``log(1 + days per unit)`` over the repeat intervals (the log-normal interval
        model's prior location: ``exp(log_gap) - 1`` is the typical days one unit lasts).
    stay : float
        Probability (0..1) that the shopper's next order contains the product again.
    logit_repeat, logit_order_rate : float
        Cached logits of ``repeat`` and ``order_rate`` (derived, not stored).
    """

    repeat: float
    order_rate: float
    days_per_unit: float
    support: int = 0
    log_gap: float = _DEFAULT_LOG_GAP
    stay: float = _DEFAULT_STAY
    logit_repeat: float = field(init=False, repr=False, compare=False)
    logit_order_rate: float = field(init=False, repr=False, compare=False)
    logit_stay: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "logit_repeat", _logit(self.repeat))
        object.__setattr__(self, "logit_order_rate", _logit(self.order_rate))
        object.__setattr__(self, "logit_stay", _logit(self.stay))

    def to_list(self) -> list[float]:
        """Return the compact JSON form ``[repeat, order_rate, days_per_unit, support, log_gap, stay]``."""
        return [
            _round(self.repeat),
            _round(self.order_rate),
            _round(self.days_per_unit),
            self.support,
            _round(self.log_gap),
            _round(self.stay),
        ]

    @classmethod
    def from_list(cls, raw: Sequence[Any]) -> PopulationStat:
        """Build a stat from :meth:`to_list` output, validating ranges."""
        repeat, order_rate, days_per_unit, support, log_gap, stay = raw
        stat = cls(
            float(repeat), float(order_rate), float(days_per_unit), int(support), float(log_gap), float(stay)
        )
        if not 0.0 <= stat.stay <= 1.0:
            raise ValueError("stay must be within 0..1")
        if not (0.0 <= stat.repeat <= 1.0 and 0.0 <= stat.order_rate <= 1.0):
            raise ValueError("repeat and order_rate must be within 0..1")
        if not (math.isfinite(stat.days_per_unit) and stat.days_per_unit > 0.0):
            raise ValueError("days_per_unit must be a positive finite number")
        if not (math.isfinite(stat.log_gap) and stat.log_gap >= 0.0):
            raise ValueError("log_gap must be a finite number >= 0")
        return stat


DEFAULT_STAT = PopulationStat(_DEFAULT_REPEAT, _DEFAULT_ORDER_RATE, _DEFAULT_DAYS_PER_UNIT, 0)


def _round(value: float) -> float:
    return float(f"{value:.5g}")


@dataclass(frozen=True, slots=True)
class Priors:
    """Population priors: global, per category and per product, plus the typical order gap.

    Attributes
    ----------
    global_stat : PopulationStat
        Figures over every (shopper, product) pair.
    categories : dict[str, PopulationStat]
        Figures per category (shrunk to ``global_stat``).
    products : dict[str, PopulationStat]
        Figures per product with enough support (shrunk to their category).
    product_category : dict[str, str]
        Category of the products seen in fitting but not stored in ``products``.
    order_gap : float
        Mean days between a shopper's consecutive orders over the population.
    log_gap_var : float
        Pooled within-pair variance of ``log(1 + days per unit)`` (the log-normal model's prior
        spread).
    """

    global_stat: PopulationStat = DEFAULT_STAT
    categories: Mapping[str, PopulationStat] | None = None
    products: Mapping[str, PopulationStat] | None = None
    product_category: Mapping[str, str] | None = None
    order_gap: float = _DEFAULT_ORDER_GAP
    log_gap_var: float = _DEFAULT_LOG_GAP_VAR

    def stat_for(self, product_id: str) -> PopulationStat:
        """Return the most specific prior known for ``product_id`` (product, category, global)."""
        if self.products:
            stat = self.products.get(product_id)
            if stat is not None:
                return stat
        if self.product_category and self.categories:
            category = self.product_category.get(product_id)
            if category is not None:
                cat_stat = self.categories.get(category)
                if cat_stat is not None:
                    return cat_stat
        return self.global_stat

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (compact lists, rounded floats)."""
        return {
            "global": self.global_stat.to_list(),
            "order_gap": _round(self.order_gap),
            "log_gap_var": _round(self.log_gap_var),
            "categories": {k: v.to_list() for k, v in sorted((self.categories or {}).items())},
            "products": {k: v.to_list() for k, v in sorted((self.products or {}).items())},
            "product_category": dict(sorted((self.product_category or {}).items())),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Priors:
        """Inverse of :meth:`to_dict`; raises ``ValueError``/``KeyError``/``TypeError`` if invalid."""
        order_gap = float(raw["order_gap"])
        if not (math.isfinite(order_gap) and order_gap > 0.0):
            raise ValueError("order_gap must be a positive finite number")
        log_gap_var = float(raw["log_gap_var"])
        if not (math.isfinite(log_gap_var) and log_gap_var > 0.0):
            raise ValueError("log_gap_var must be a positive finite number")
        categories = {str(k): PopulationStat.from_list(v) for k, v in dict(raw["categories"]).items()}
        products = {str(k): PopulationStat.from_list(v) for k, v in dict(raw["products"]).items()}
        product_category = {str(k): str(v) for k, v in dict(raw["product_category"]).items()}
        return cls(
            global_stat=PopulationStat.from_list(raw["global"]),
            categories=categories,
            products=products,
            product_category=product_category,
            order_gap=order_gap,
            log_gap_var=log_gap_var,
        )


class _Acc:
    """Sufficient statistics of one product or category."""

    __slots__ = (
        "gap_days",
        "gap_units",
        "log_count",
        "log_sum",
        "pairs",
        "rate_den",
        "rate_num",
        "repeat_den",
        "repeat_num",
        "stay_den",
        "stay_num",
    )

    def __init__(self) -> None:
        self.pairs = 0
        self.repeat_num = 0.0
        self.repeat_den = 0.0
        self.rate_num = 0.0
        self.rate_den = 0.0
        self.gap_days = 0.0
        self.gap_units = 0.0
        self.log_sum = 0.0
        self.log_count = 0.0
        self.stay_num = 0.0
        self.stay_den = 0.0

    def add(self, other: _Acc) -> None:
        self.pairs += other.pairs
        self.repeat_num += other.repeat_num
        self.repeat_den += other.repeat_den
        self.rate_num += other.rate_num
        self.rate_den += other.rate_den
        self.gap_days += other.gap_days
        self.gap_units += other.gap_units
        self.log_sum += other.log_sum
        self.log_count += other.log_count
        self.stay_num += other.stay_num
        self.stay_den += other.stay_den

    def shrunk(self, parent: PopulationStat, strength: float) -> PopulationStat:
        k = strength
        repeat = (self.repeat_num + k * parent.repeat) / (self.repeat_den + k)
        # order_rate's parent weight is spread over 3k opportunities: pseudo-orders, not pseudo-pairs.
        order_rate = (self.rate_num + 3.0 * k * parent.order_rate) / (self.rate_den + 3.0 * k)
        days = (self.gap_days + k * parent.days_per_unit) / (self.gap_units + k)
        log_gap = (self.log_sum + k * parent.log_gap) / (self.log_count + k)
        stay = (self.stay_num + 3.0 * k * parent.stay) / (self.stay_den + 3.0 * k)
        # Rounded as stored, so a fitted model predicts exactly like its saved and reloaded copy.
        return PopulationStat(
            _round(repeat),
            _round(order_rate),
            _round(max(days, 0.5)),
            self.pairs,
            _round(log_gap),
            _round(stay),
        )


def _category(category_of: CategoryOf, product_id: str) -> str | None:
    if category_of is None:
        return None
    found = category_of.get(product_id) if isinstance(category_of, Mapping) else category_of(product_id)
    return None if found is None else str(found)


def compute_priors(
    histories: Sequence[History],
    *,
    category_of: CategoryOf = None,
    strength: float = 4.0,
) -> Priors:
    """Learn population priors from validated histories.

    Parameters
    ----------
    histories : Sequence[History]
        Validated per-shopper histories (see :data:`History`).
    category_of : mapping or callable, optional
        Product id -> category; products without a category fall back to the global level.
    strength : float, keyword-only
        Pseudo-count pulling a product towards its category and a category towards global.

    Returns
    -------
    Priors
        The learned priors; with no usable history, the built-in defaults.

    Examples
    --------
    >>> p = compute_priors([[(0.0, {"milk": 1.0}), (7.0, {"milk": 1.0})]])
    >>> round(p.stat_for("milk").days_per_unit, 1) > 0
    True
    """
    per_product: dict[str, _Acc] = {}
    gap_total = 0.0
    gap_count = 0
    var_total = 0.0
    var_count = 0.0
    for orders in histories:
        n_orders = len(orders)
        if n_orders == 0:
            continue
        if n_orders > 1:
            gap_total += orders[-1][0] - orders[0][0]
            gap_count += n_orders - 1
        seen: dict[str, list[float]] = {}
        stay_num: dict[str, float] = {}
        stay_den: dict[str, float] = {}
        for index, (day, basket) in enumerate(orders):
            following = orders[index + 1][1] if index + 1 < n_orders else None
            for pid, qty in basket.items():
                rec = seen.get(pid)
                if following is not None:
                    stay_den[pid] = stay_den.get(pid, 0.0) + 1.0
                    if pid in following:
                        stay_num[pid] = stay_num.get(pid, 0.0) + 1.0
                if rec is None:
                    # [purchases, first index, last day, last qty, gap days, units before last,
                    #  sum of log(1 + gap per unit), sum of their squares]
                    seen[pid] = [1.0, float(index), day, qty, 0.0, 0.0, 0.0, 0.0]
                else:
                    rec[0] += 1.0
                    log_gap = math.log1p((day - rec[2]) / rec[3])
                    rec[6] += log_gap
                    rec[7] += log_gap * log_gap
                    rec[4] += day - rec[2]
                    rec[5] += rec[3]
                    rec[2] = day
                    rec[3] = qty
        for pid, rec in seen.items():
            if rec[0] >= 3.0:
                gaps = rec[0] - 1.0
                var_total += rec[7] - rec[6] * rec[6] / gaps
                var_count += gaps - 1.0
            acc = per_product.get(pid)
            if acc is None:
                acc = per_product[pid] = _Acc()
            acc.pairs += 1
            later = n_orders - 1 - rec[1]
            if later > 0:
                acc.repeat_den += 1.0
                acc.repeat_num += 1.0 if rec[0] >= 2.0 else 0.0
                acc.rate_num += rec[0] - 1.0
                acc.rate_den += later
            acc.gap_days += rec[4]
            acc.gap_units += rec[5]
            acc.log_sum += rec[6]
            acc.log_count += rec[0] - 1.0
            acc.stay_num += stay_num.get(pid, 0.0)
            acc.stay_den += stay_den.get(pid, 0.0)

    total = _Acc()
    per_category: dict[str, _Acc] = {}
    category_by_product: dict[str, str] = {}
    for pid, acc in per_product.items():
        total.add(acc)
        category = _category(category_of, pid)
        if category is not None:
            category_by_product[pid] = category
            cat_acc = per_category.get(category)
            if cat_acc is None:
                cat_acc = per_category[category] = _Acc()
            cat_acc.add(acc)

    global_stat = total.shrunk(DEFAULT_STAT, 1.0)
    categories = {c: acc.shrunk(global_stat, strength) for c, acc in per_category.items()}
    products: dict[str, PopulationStat] = {}
    product_category: dict[str, str] = {}
    for pid, acc in per_product.items():
        category = category_by_product.get(pid)
        parent = categories.get(category, global_stat) if category is not None else global_stat
        if acc.pairs >= _MIN_STORED_SUPPORT:
            products[pid] = acc.shrunk(parent, strength)
        elif category is not None:
            product_category[pid] = category
    order_gap = _round((gap_total + 3.0 * _DEFAULT_ORDER_GAP) / (gap_count + 3.0))
    return Priors(
        global_stat=global_stat,
        categories=categories,
        products=products,
        product_category=product_category,
        order_gap=order_gap,
        log_gap_var=_round(max((var_total + 3.0 * _DEFAULT_LOG_GAP_VAR) / (var_count + 3.0), 1e-3)),
    )


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve ``matrix @ x = vector`` by Gaussian elimination with partial pivoting."""
    size = len(vector)
    aug = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(aug[r][col]))
        if abs(aug[pivot][col]) < 1e-12:
            continue
        aug[col], aug[pivot] = aug[pivot], aug[col]
        head = aug[col]
        inv = 1.0 / head[col]
        for row in range(size):
            if row != col:
                factor = aug[row][col] * inv
                if factor != 0.0:
                    target = aug[row]
                    for j in range(col, size + 1):
                        target[j] -= factor * head[j]
    return [aug[i][size] / aug[i][i] if abs(aug[i][i]) > 1e-12 else 0.0 for i in range(size)]


def _sigmoid(z: float) -> float:
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit_logistic(
    rows: Sequence[Sequence[float]],
    labels: Sequence[float],
    start: Sequence[float],
    *,
    l2: float = 1.0,
    lower: Mapping[int, float] | None = None,
    iterations: int = 25,
) -> list[float]:
    """Fit logistic-regression weights by Newton's method, penalised towards ``start``.

    Parameters
    ----------
    rows : Sequence[Sequence[float]]
        Feature vectors (the first entry is the constant 1.0).
    labels : Sequence[float]
        0.0 / 1.0 outcomes, one per row.
    start : Sequence[float]
        Prior weights; the L2 penalty pulls towards them, so tiny inputs keep them.
    l2 : float, keyword-only
        Penalty strength (in rows' worth of evidence).
    lower : mapping, optional, keyword-only
        Lower bounds per weight index (e.g. a decay weight that must stay positive).
    iterations : int, keyword-only
        Newton steps.

    Returns
    -------
    list[float]
        The fitted weights.

    Examples
    --------
    >>> w = fit_logistic([[1.0, 0.0], [1.0, 1.0]] * 20, [0.0, 1.0] * 20, [0.0, 0.0])
    >>> w[1] > 0
    True
    """
    size = len(start)
    weights = [float(w) for w in start]
    bounds = dict(lower or {})
    if not rows:
        return weights
    free = list(range(size))
    for i, bound in bounds.items():
        weights[i] = max(weights[i], bound)

    def objective(candidate: Sequence[float]) -> float:
        total = 0.0
        for x, y in zip(rows, labels, strict=True):
            z = 0.0
            for w, v in zip(candidate, x, strict=True):
                z += w * v
            # log(1 + exp(z)) - y * z, computed stably
            total += (z if z > 0.0 else 0.0) + math.log1p(math.exp(-abs(z))) - y * z
        return total + 0.5 * l2 * sum((c - s0) ** 2 for c, s0 in zip(candidate, start, strict=True))

    current = objective(weights)
    for _ in range(iterations):
        grad = [l2 * (weights[i] - start[i]) for i in range(size)]
        hess = [[l2 if i == j else 0.0 for j in range(size)] for i in range(size)]
        for x, y in zip(rows, labels, strict=True):
            z = 0.0
            for w, v in zip(weights, x, strict=True):
                z += w * v
            p = _sigmoid(z)
            r = p - y
            s = p * (1.0 - p)
            for i in range(size):
                xi = x[i]
                if xi == 0.0:
                    continue
                grad[i] += r * xi
                sxi = s * xi
                h_row = hess[i]
                for j in range(i, size):
                    h_row[j] += sxi * x[j]
        for i in range(size):
            for j in range(i):
                hess[i][j] = hess[j][i]
        # Active set: weights on their lower bound whose gradient pushes them below stay fixed.
        active = [i for i in free if not (i in bounds and weights[i] <= bounds[i] and grad[i] > 0.0)]
        step = _solve([[hess[i][j] for j in active] for i in active], [grad[i] for i in active])
        # Damped Newton: halve the step until the penalised loss decreases.
        scale = 1.0
        improved = False
        for _halving in range(12):
            candidate = list(weights)
            for k, i in enumerate(active):
                candidate[i] -= scale * step[k]
            for i, bound in bounds.items():
                candidate[i] = max(candidate[i], bound)
            value = objective(candidate)
            if value < current:
                improved = True
                break
            scale *= 0.5
        if not improved:
            break
        gain = current - value
        weights, current = candidate, value
        if gain < 1e-7 * max(current, 1.0):
            break
    return weights


Tree = tuple[list[int], list[float], list[float]]
"""A complete binary regression tree of fixed depth ``d``: the feature index and threshold of each
of its ``2**d - 1`` internal nodes (breadth first; ``x[feature] > threshold`` goes right) and its
``2**d`` leaf values (already multiplied by the learning rate)."""


def _bin_edges(values: Sequence[float], bins: int) -> list[float]:
    sample = sorted(values[:: max(1, len(values) // 8192)])
    return sorted({sample[len(sample) * k // bins] for k in range(1, bins)})


def tree_value(tree: Tree, x: Sequence[float]) -> float:
    """Evaluate one :data:`Tree` on a feature vector (reference implementation).

    Examples
    --------
    >>> tree_value(([0], [0.5], [-1.0, 1.0]), [0.7])
    1.0
    """
    features, thresholds, leaves = tree
    node = 0
    inner = len(features)
    while node < inner:
        node = 2 * node + (2 if x[features[node]] > thresholds[node] else 1)
    return leaves[node - inner]


def fit_boosted_trees(
    rows: Sequence[Sequence[float]],
    labels: Sequence[float],
    margins: Sequence[float],
    *,
    features: Sequence[int],
    trees: int = 40,
    depth: int = 2,
    learning_rate: float = 0.1,
    l2: float = 10.0,
    min_hessian: float = 20.0,
    subsample: float = 0.5,
    bins: int = 32,
) -> list[Tree]:
    """Gradient-boost small regression trees on the log loss, on top of fixed base margins.

    Features are histogram-binned once (about ``bins`` quantile bins); each tree is grown level by
    level on a deterministic half of the rows, the larger child's histogram being the parent's
    minus the smaller one's. Leaves are Newton steps ``-G / (H + l2)`` shrunk by ``learning_rate``;
    a split needs at least ``min_hessian`` of Hessian weight (``sum p(1 - p)``) on each side.

    Parameters
    ----------
    rows : Sequence[Sequence[float]]
        Feature vectors.
    labels : Sequence[float]
        0.0 / 1.0 outcomes.
    margins : Sequence[float]
        Base logits (e.g. a logistic layer's) the trees correct.
    features : Sequence[int], keyword-only
        Indices of the features the trees may split on.
    trees, depth, learning_rate, l2, min_hessian, subsample, bins : keyword-only
        Boosting hyper-parameters.

    Returns
    -------
    list[Tree]
        The ensemble; the model's logit is ``margin + sum(tree_value(t, x))``.

    Examples
    --------
    >>> rows = [[float(i % 10)] for i in range(400)]
    >>> labels = [1.0 if r[0] >= 5 else 0.0 for r in rows]
    >>> ensemble = fit_boosted_trees(rows, labels, [0.0] * 400, features=[0], trees=5, depth=1,
    ...                              min_hessian=1.0)
    >>> tree_value(ensemble[0], [8.0]) > 0 > tree_value(ensemble[0], [1.0])
    True
    """
    n = len(rows)
    n_feat = len(features)
    if n == 0 or n_feat == 0 or trees <= 0:
        return []
    edges = [_bin_edges([r[f] for r in rows], bins) for f in features]
    columns = []
    for f, edge in zip(features, edges, strict=True):
        columns.append([bisect.bisect_left(edge, r[f]) for r in rows])
    sizes = [len(edge) + 1 for edge in edges]
    margin = list(margins)
    ensemble: list[Tree] = []
    threshold = int(subsample * 1024)
    for t in range(trees):
        g = [0.0] * n
        h = [0.0] * n
        for i in range(n):
            p = _sigmoid(margin[i])
            g[i] = p - labels[i]
            h[i] = p * (1.0 - p) if p * (1.0 - p) > 1e-6 else 1e-6
        picked = [i for i in range(n) if ((i * 2654435761 + t * 40503) >> 7) % 1024 < threshold]

        def histograms(
            ids: list[int], g: list[float] = g, h: list[float] = h
        ) -> list[tuple[list[float], list[float]]]:
            out = []
            for k in range(n_feat):
                column = columns[k]
                g_hist = [0.0] * sizes[k]
                h_hist = [0.0] * sizes[k]
                for i in ids:
                    b = column[i]
                    g_hist[b] += g[i]
                    h_hist[b] += h[i]
                out.append((g_hist, h_hist))
            return out

        level: list[tuple[list[int], list[tuple[list[float], list[float]]]]] = [(picked, histograms(picked))]
        split_features: list[int] = []
        split_thresholds: list[float] = []
        for _ in range(depth):
            following: list[tuple[list[int], list[tuple[list[float], list[float]]]]] = []
            for ids, hists in level:
                g_total = math.fsum(hists[0][0])
                h_total = math.fsum(hists[0][1])
                parent = g_total * g_total / (h_total + l2)
                best_gain, best_k, best_b = 1e-9, -1, -1
                for k in range(n_feat):
                    g_hist, h_hist = hists[k]
                    g_left = h_left = 0.0
                    for b in range(sizes[k] - 1):
                        g_left += g_hist[b]
                        h_left += h_hist[b]
                        h_right = h_total - h_left
                        if h_left < min_hessian or h_right < min_hessian:
                            continue
                        g_right = g_total - g_left
                        gain = g_left * g_left / (h_left + l2) + g_right * g_right / (h_right + l2) - parent
                        if gain > best_gain:
                            best_gain, best_k, best_b = gain, k, b
                if best_k < 0:  # no useful split: everything goes left
                    split_features.append(features[0])
                    split_thresholds.append(math.inf)
                    empty = [([0.0] * sizes[k], [0.0] * sizes[k]) for k in range(n_feat)]
                    following += [(ids, hists), ([], empty)]
                    continue
                split_features.append(features[best_k])
                split_thresholds.append(edges[best_k][best_b])
                column = columns[best_k]
                left = [i for i in ids if column[i] <= best_b]
                right = [i for i in ids if column[i] > best_b]
                small = left if len(left) <= len(right) else right
                small_hists = histograms(small)
                large_hists = [
                    ([a - c for a, c in zip(gp, gs, strict=True)], [a - c for a, c in zip(hp, hs, strict=True)])
                    for (gp, hp), (gs, hs) in zip(hists, small_hists, strict=True)
                ]
                if small is left:
                    following += [(left, small_hists), (right, large_hists)]
                else:
                    following += [(left, large_hists), (right, small_hists)]
            level = following
        leaves = [
            -learning_rate * math.fsum(hists[0][0]) / (math.fsum(hists[0][1]) + l2) for _, hists in level
        ]
        tree: Tree = (split_features, split_thresholds, leaves)
        ensemble.append(tree)
        for i in range(n):
            margin[i] += tree_value(tree, rows[i])
    return ensemble

