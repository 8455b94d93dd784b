"""Hand-made order histories shared by the reorder unit tests."""

from __future__ import annotations

from typing import Any

History = list[tuple[float, Any]]


def weekly(product: str, weeks: int, *, start: float = 0.0, extra: bool = True) -> History:
    """A shopper who orders every 7 days and buys ``product`` every time (plus a one-off item)."""
    history: History = []
    for week in range(weeks):
        items = {product: 1}
        if extra:
            items[f"one-off-{week}"] = 1
        history.append((start + 7.0 * week, items))
    return history


def population(shoppers: int = 30) -> list[History]:
    """Shoppers who rebuy "batteries" every 30 days and never rebuy "novelty-mug"."""
    histories: list[History] = []
    for shopper in range(shoppers):
        offset = float(shopper % 5)
        history: History = []
        for order in range(10):
            day = offset + 10.0 * order
            items: dict[str, int] = {"bread": 1}
            if order % 3 == 0:
                items["batteries"] = 1
            if order == 1:
                items["novelty-mug"] = 1
            history.append((day, items))
        histories.append(history)
    return histories
