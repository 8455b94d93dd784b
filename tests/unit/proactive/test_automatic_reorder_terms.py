"""The terms an automatic reorder is set up on: the price limit read back is one today's price fits, and new
terms clear the skip they fix."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orders import OrderSource
from skill.bootstrap import Services
from skill.local.console import Console
from tests.fakes import FakeShopperStore
from tests.unit.proactive.test_scheduler_and_notifier import ScriptedNotifier, permit

TOWELS = "pp-0001"  # Bounty Select-A-Size Paper Towels, $19.99; the console's shopper last paid that


def auto_orders(store: FakeShopperStore, shopper_id: str) -> list:
    return [o for (s, _), o in store.orders.items() if s == shopper_id and o.source is OrderSource.AUTO]


def price_towels(services: Services, monkeypatch: pytest.MonkeyPatch, price: str) -> None:
    towels, other = services.catalog.get(TOWELS), services.catalog.get
    dearer = towels.model_copy(update={"price": Decimal(price)})
    monkeypatch.setattr(services.catalog, "get", lambda pid: dearer if pid == TOWELS else other(pid))


def test_terms_set_up_after_a_price_rise_quote_todays_price_and_the_reorder_is_placed(
    console: Console, services: Services, store: FakeShopperStore, shopper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN paper towels, last bought at $19.99, now $20.49
    permit(services, shopper)
    price_towels(services, monkeypatch, "20.49")
    console.say("open pantry pal")
    # WHEN the shopper sets up an automatic reorder and agrees to the terms read back
    terms = console.say("reorder bounty select a size paper towels automatically up to fifty dollars a month")
    done = console.say("yes")
    # THEN the limit they heard and agreed to is today's price, not the older one they paid
    assert "never above $20.49 each?" in terms.speech
    assert "never above $20.49 each." in done.speech
    # AND the order they agreed to is placed when the towels run low, not skipped for its price
    services.reorder.notify([shopper], ScriptedNotifier())
    assert [o.lines[0].product_id for o in auto_orders(store, shopper)] == [TOWELS]
    assert services.reorder.announcements(shopper).skipped == []


def test_terms_after_a_price_drop_keep_the_price_the_shopper_last_paid(
    services: Services, shopper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN paper towels, last bought at $19.99, on sale at $17.99 today
    price_towels(services, monkeypatch, "17.99")
    # WHEN the terms of an automatic reorder are worked out
    terms = services.reorder.auto_terms(shopper, TOWELS, monthly_cap=Decimal("50"))
    # THEN the limit is what they paid before: the end of the sale does not stop their reorders
    assert terms.max_unit_price == Decimal("19.99")
