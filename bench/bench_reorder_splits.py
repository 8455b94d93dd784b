"""Robustness check of the reorder model on earlier held-out orders (never the last one).

Run as ``.venv/bin/python bench/bench_reorder_splits.py ['{"boost_trees": 40}'] [2,3,4]``. For each
``hide`` in the list, the shoppers' last ``hide`` orders are hidden and the model is scored on the
earliest of them, with the settings ``bench_reorder.py`` chose (``bench/results/bench_reorder.json``),
optionally overridden by the JSON object given. A change to the model that only helps one split is
noise at 300 shoppers; this prints each split and the mean, so it can be seen. Nothing is written.
"""

from __future__ import annotations

import json
import sys

from bench_reorder import ORDERS, PRODUCTS, RESULTS, evaluate, load_aisles, load_orders, make_cases, model_predict

from reorder import ReorderModel, ReorderSettings

METRICS = ("f1", "p_at_1", "r_at_5")


def main(argv: list[str]) -> int:
    if not ORDERS.exists():
        print(f"SKIP: {ORDERS} is missing")
        return 0
    overrides = json.loads(argv[0]) if argv else {}
    hides = [int(h) for h in argv[1].split(",")] if len(argv) > 1 else [2, 3, 4]
    if 1 in hides:
        print("the last order (hide=1) is the test split: use bench_reorder.py")
        return 2
    settings = ReorderSettings(**{**json.loads(RESULTS.read_text())["tuned"]["settings"], **overrides})
    histories, aisles = load_orders(ORDERS), load_aisles(PRODUCTS)
    mean = dict.fromkeys(METRICS, 0.0)
    for hide in hides:
        fit, cases = make_cases(histories, hide)
        model = ReorderModel.fit(fit, category_of=aisles, settings=settings)
        scores = evaluate(cases, [model_predict(model, case) for case in cases])
        print(f"hide={hide} " + " ".join(f"{m}={scores[m]:.4f}" for m in METRICS))
        for m in METRICS:
            mean[m] += scores[m] / len(hides)
    print("mean   " + " ".join(f"{m}={mean[m]:.4f}" for m in METRICS))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
