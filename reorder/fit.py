"""Batch refit of the reorder model's population priors.

Usage::

    python -m reorder.fit <orders.csv | histories.json> <out priors.json> [--categories products.csv]

Inputs
------
``orders.csv``
    Instacart-style order lines with a header holding at least ``user_id``, ``order_number``,
    ``days_since_prior_order`` and ``product_id`` (optional ``quantity``, and
    ``add_to_cart_order``: the lines of an order are read in that order, else in file order). A
    shopper's day of order ``k`` is the cumulative ``days_since_prior_order`` (order 1 is day 0).
``histories.json``
    Either a list of histories or ``{"histories": [...], "category_of": {id: category}}``; a
    history is a list of ``[day, items]`` with ``items`` a list of product ids or an object
    ``{id: quantity}``. A demo-shopper file (``{"orders": [{"days_ago": ..., "lines": [...]}]}``)
    or a list of them is accepted too.
``--categories products.csv``
    Optional Instacart ``products.csv`` (``product_id, name, aisle_id, department_id``); the
    aisle becomes the product's category.

The output is the small JSON file read by :meth:`reorder.ReorderModel.load`. Exit status 0 on
success, 2 on bad input (the message names the problem).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reorder.exceptions import ReorderError, ReorderInputError
from reorder.model import ReorderModel

__all__ = ["load_histories", "main"]

RawHistory = list[tuple[float, Any]]


def _histories_from_csv(path: Path) -> list[RawHistory]:
    shoppers: dict[str, dict[int, tuple[float, list[tuple[float, str, float]]]]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        needed = {"user_id", "order_number", "days_since_prior_order", "product_id"}
        if reader.fieldnames is None or not needed <= set(reader.fieldnames):
            raise ReorderInputError(f"{path.name}: needs columns {sorted(needed)}")
        for line, row in enumerate(reader, start=2):
            try:
                number = int(row["order_number"])
                gap_text = (row["days_since_prior_order"] or "").strip()
                gap = float(gap_text) if gap_text else 0.0
                quantity = float(row.get("quantity") or 1.0)
                # The model reads a basket in the order the shopper added to the cart.
                place = float(row.get("add_to_cart_order") or line)
            except ValueError:
                raise ReorderInputError(f"{path.name}:{line}: non-numeric order field") from None
            orders = shoppers.setdefault(row["user_id"], {})
            if number not in orders:
                orders[number] = (gap, [])
            orders[number][1].append((place, row["product_id"], quantity))
    histories: list[RawHistory] = []
    for orders in shoppers.values():
        day = 0.0
        history: RawHistory = []
        for position, number in enumerate(sorted(orders)):
            gap, lines = orders[number]
            day = 0.0 if position == 0 else day + gap
            basket: dict[str, float] = {}
            for _, product_id, quantity in sorted(lines, key=lambda line: line[0]):
                basket[product_id] = basket.get(product_id, 0.0) + quantity
            history.append((day, basket))
        histories.append(history)
    return histories


def _demo_shopper(raw: Mapping[str, Any]) -> RawHistory:
    history: RawHistory = []
    for order in raw["orders"]:
        basket: dict[str, Any] = {}
        for line in order["lines"]:
            basket[line["product_id"]] = basket.get(line["product_id"], 0) + line.get("quantity", 1)
        history.append((-float(order["days_ago"]), basket))
    return history


def load_histories(path: str | Path) -> tuple[list[RawHistory], dict[str, str]]:
    """Read histories (and categories, when the JSON holds them) from a CSV or JSON file.

    Parameters
    ----------
    path : str or Path
        ``.csv`` (Instacart order lines) or ``.json`` (see the module docstring).

    Returns
    -------
    tuple
        ``(histories, category_of)``; ``category_of`` is empty unless the JSON file has one.

    Raises
    ------
    ReorderInputError
        If the file is missing or malformed.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> target = os.path.join(folder, "h.json")
    >>> _ = open(target, "w").write('[[[0, ["milk"]], [7, {"milk": 2}]]]')
    >>> load_histories(target)[0][0][1]
    (7, {'milk': 2})
    """
    source = Path(path)
    try:
        if source.suffix.lower() == ".csv":
            return _histories_from_csv(source), {}
        raw = json.loads(source.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReorderInputError(f"cannot read {source.name}: {exc}") from None
    try:
        category_of: dict[str, str] = {}
        if isinstance(raw, Mapping) and "orders" in raw:
            return [_demo_shopper(raw)], {}
        if isinstance(raw, Mapping):
            category_of = {str(k): str(v) for k, v in dict(raw.get("category_of") or {}).items()}
            raw = raw["histories"]
        histories: list[RawHistory] = []
        for entry in raw:
            if isinstance(entry, Mapping):
                histories.append(_demo_shopper(entry))
            else:
                histories.append([(day, items) for day, items in entry])
        return histories, category_of
    except (KeyError, TypeError, ValueError) as exc:
        raise ReorderInputError(f"{source.name}: not a histories file ({type(exc).__name__})") from None


def _aisles(path: Path) -> dict[str, str]:
    aisles: dict[str, str] = {}
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                if len(row) >= 4 and row[0].strip().isdigit():
                    aisles[row[0].strip()] = row[-2].strip()
    except OSError as exc:
        raise ReorderInputError(f"cannot read {path.name}: {exc}") from None
    return aisles


def main(argv: Sequence[str] | None = None) -> int:
    """Fit the model on a histories file and write the priors JSON.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (defaults to ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 on bad input.
    """
    parser = argparse.ArgumentParser(prog="python -m reorder.fit", description=__doc__.split("\n")[1])
    parser.add_argument("histories", type=Path, help="orders.csv or histories.json")
    parser.add_argument("output", type=Path, help="where to write the priors JSON")
    parser.add_argument("--categories", type=Path, default=None, help="Instacart products.csv")
    args = parser.parse_args(argv)
    try:
        histories, category_of = load_histories(args.histories)
        if args.categories is not None:
            category_of = {**_aisles(args.categories), **category_of}
        model = ReorderModel.fit(histories, category_of=category_of or None)
        model.save(args.output)
    except ReorderError as exc:
        print(f"reorder.fit: {exc}", file=sys.stderr)
        return 2
    n_orders = sum(len(h) for h in histories)
    print(f"fitted on {len(histories)} shoppers, {n_orders} orders -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
