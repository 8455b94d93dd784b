"""Two requests changing one shopper's cart at the same moment, on DynamoDB (moto): each cart write is conditional
on the version the cart was read at, so the one written second is refused and worked out again from the cart as
the first left it; no change is lost, and a check-out never removes a line added meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from catalog import Catalog
from orders import Cart, ShoppingService
from skill.clock import SimulatedClock
from skill.dynamodb import DynamoShopperStore
from tests.conftest import NOW
from tests.integration.conftest import PANTRY_TABLE

SAM = "sam"
DAWN, TOWELS, JIF = "pp-0014", "pp-0001", "pp-0120"


class InterleavedStore(DynamoShopperStore):
    """The DynamoDB store, where another request's whole change runs just after this one reads the cart (once)."""

    meanwhile: Callable[[], object] | None = None

    def get_cart(self, shopper_id: str) -> Cart:
        cart = super().get_cart(shopper_id)
        other, self.meanwhile = self.meanwhile, None
        if other is not None:
            other()
        return cart


@pytest.fixture
def store(dynamodb: Any) -> InterleavedStore:
    return InterleavedStore(dynamodb, PANTRY_TABLE)


@pytest.fixture
def shopping(store: InterleavedStore, demo_catalog: Catalog) -> ShoppingService:
    return ShoppingService(
        store=store,
        products=demo_catalog,
        clock=SimulatedClock(frozen_at=NOW),
        tax_rate=Decimal("0.09"),
        cancel_window=timedelta(minutes=30),
        auto_cancel_window=timedelta(hours=24),
    )


def lines(store: DynamoShopperStore) -> list[tuple[str, int]]:
    return [(line.product_id, line.quantity) for line in store.get_cart(SAM).lines]


def test_two_adds_at_the_same_moment_both_land(store: InterleavedStore, shopping: ShoppingService) -> None:
    # GIVEN a cart of dawn, and another request adding towels just after this one read the cart
    shopping.add_to_cart(SAM, DAWN, 1, request_id="req-1")
    store.meanwhile = lambda: shopping.add_to_cart(SAM, TOWELS, 2, request_id="req-2")
    # WHEN this request adds jif
    shopping.add_to_cart(SAM, JIF, 1, request_id="req-3")
    # THEN the cart has all three: the add written second was worked out again from the cart as it was then
    assert lines(store) == [(DAWN, 1), (TOWELS, 2), (JIF, 1)]


def test_two_adds_of_the_same_product_at_the_same_moment_add_up(
    store: InterleavedStore, shopping: ShoppingService
) -> None:
    store.meanwhile = lambda: shopping.add_to_cart(SAM, DAWN, 2, request_id="req-1")
    shopping.add_to_cart(SAM, DAWN, 1, request_id="req-2")
    assert lines(store) == [(DAWN, 3)]


def test_an_add_while_a_line_is_removed_keeps_both_changes(store: InterleavedStore, shopping: ShoppingService) -> None:
    shopping.add_to_cart(SAM, DAWN, 1, request_id="req-1")
    store.meanwhile = lambda: shopping.set_cart_quantity(SAM, DAWN, 0, request_id="req-2")
    shopping.add_to_cart(SAM, TOWELS, 1, request_id="req-3")
    assert lines(store) == [(TOWELS, 1)]


def test_a_line_added_while_the_cart_is_checked_out_stays_in_the_cart(
    store: InterleavedStore, shopping: ShoppingService
) -> None:
    # GIVEN a cart of dawn being checked out, and towels added just after the check-out read the cart
    shopping.add_to_cart(SAM, DAWN, 1, request_id="req-1")
    store.meanwhile = lambda: shopping.add_to_cart(SAM, TOWELS, 1, request_id="req-2")
    # WHEN the order of the dawn is placed
    placed = shopping.place(SAM, "20261122T170000-abc", [(DAWN, 1)], from_cart=True)
    # THEN the dawn is ordered once, and the towels stay in the cart for later
    assert placed.created and [(line.product_id, line.quantity) for line in placed.order.lines] == [(DAWN, 1)]
    assert lines(store) == [(TOWELS, 1)]


@pytest.mark.parametrize("change", ["add", "set"])
def test_the_cart_a_change_returns_is_at_the_version_saved_so_it_can_be_saved_again(
    store: InterleavedStore, shopping: ShoppingService, change: str
) -> None:
    # GIVEN a cart of dawn
    shopping.add_to_cart(SAM, DAWN, 1, request_id="req-1")
    # WHEN a change returns the cart it saved
    if change == "add":
        cart = shopping.add_to_cart(SAM, JIF, 1, request_id="req-2")
    else:
        cart = shopping.set_cart_quantity(SAM, DAWN, 3, request_id="req-2")
    # THEN it is the cart as stored, and saving it again is not refused as saved meanwhile
    assert cart == store.get_cart(SAM)
    store.save_cart(SAM, cart.emptied())
    assert lines(store) == []
