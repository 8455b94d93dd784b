"""The demo shopper of ``make run``: a few months of order history, seeded once into the local table."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from orders import Order, OrderLine, ShopperProfile
from orders.model import price_lines
from skill.bootstrap import Services

__all__ = ["DEMO_SHOPPER", "seed_demo_shopper"]

DEMO_SHOPPER = Path(__file__).resolve().parent / "demo_shopper.json"


def seed_demo_shopper(services: Services, shopper_id: str, now: datetime, path: Path = DEMO_SHOPPER) -> int:
    """Write the demo history as placed orders (past their cancel window); returns the number of orders."""
    demo = json.loads(path.read_text())
    store = services.store
    store.save_profile(
        ShopperProfile(shopper_id=shopper_id, alexa_user_id=shopper_id, name=demo["name"], timezone=demo["timezone"],
                       notifications_permitted=True,
                       created_at=now - timedelta(days=max(o["days_ago"] for o in demo["orders"])))
    )
    for number, past in enumerate(demo["orders"]):
        placed_at = now - timedelta(days=past["days_ago"], hours=3)
        lines = []
        for line in past["lines"]:
            product = services.catalog.get(line["product_id"])
            if product is None:
                continue
            lines.append(OrderLine(product_id=product.id, name=product.name, quantity=line["quantity"],
                                   unit=product.unit, unit_price=product.price))
        subtotal, tax, total = price_lines(lines, services.settings.tax_rate)
        order = Order(order_id=f"{placed_at:%Y%m%dT%H%M%S}-demo{number:03d}", shopper_id=shopper_id,
                      lines=tuple(lines), subtotal=subtotal, tax=tax, total=total, placed_at=placed_at,
                      cancellable_until=placed_at + services.settings.cancel_window)
        store.place_order(order)
        services.after_order(order)
    return len(demo["orders"])
