"""DynamoShopperStore against moto, on the table template.yaml defines (created by skill.tables)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError

from orders import (
    Cart,
    CartConflictError,
    CartLine,
    Limits,
    Order,
    OrderLine,
    OrderNotCancellableError,
    OrderOutcomeUnknownError,
    OrderStatus,
    ShopperProfile,
    StorageError,
)
from skill.dynamodb import DynamoShopperStore
from tests.integration.conftest import PANTRY_TABLE, FaultyClient, scan_keys, throttled, timed_out

NOW = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
SAM = "amzn1.ask.account.SAM"
ALEX = "amzn1.ask.account.ALEX"


@pytest.fixture
def store(dynamodb: Any) -> DynamoShopperStore:
    return DynamoShopperStore(dynamodb, PANTRY_TABLE)


def an_order(shopper_id: str = SAM, *, minutes_ago: int = 0, suffix: str = "a1", quantity: int = 2) -> Order:
    placed_at = NOW - timedelta(minutes=minutes_ago)
    line = OrderLine(
        product_id="pp-0001",
        name="Bounty Select-A-Size Paper Towels",
        quantity=quantity,
        unit="pack",
        unit_price=Decimal("19.99"),
    )
    subtotal = line.line_total
    tax = (subtotal * Decimal("0.08875")).quantize(Decimal("0.01"))
    return Order(
        order_id=f"{placed_at:%Y%m%dT%H%M%S}-{suffix}",
        shopper_id=shopper_id,
        lines=(line,),
        subtotal=subtotal,
        tax=tax,
        total=subtotal + tax,
        placed_at=placed_at,
        cancellable_until=placed_at + timedelta(minutes=30),
    )


def a_cart() -> Cart:
    return Cart(lines=(CartLine(product_id="pp-0014", quantity=3), CartLine(product_id="pp-0001", quantity=1)))


# --- profiles -------------------------------------------------------------------------------------------


def test_a_profile_round_trips_with_decimal_limits_voice_code_and_its_alexa_user_mapping(
    store: DynamoShopperStore, dynamodb: Any
) -> None:
    # GIVEN a profile with custom limits (a Decimal total), a voice code and failed tries
    profile = ShopperProfile(
        shopper_id=SAM,
        alexa_user_id=ALEX,
        name="Sam",
        limits=Limits(max_quantity_per_line=4, max_order_total=Decimal("75.50")),
        voice_code_salt="00ff",
        voice_code_hash="abcd",
        failed_code_attempts=2,
        reminders_enabled=False,
        created_at=NOW,
    )
    # WHEN it is saved and read back
    store.save_profile(profile)
    loaded = store.get_profile(SAM)
    # THEN every field survives, the limit is still an exact Decimal, and the Alexa user maps to the shopper
    assert loaded == profile
    assert loaded is not None and loaded.limits.max_order_total == Decimal("75.50")
    assert store.shopper_for_user(ALEX) == SAM
    item = dynamodb.get_item(TableName=PANTRY_TABLE, Key={"pk": {"S": f"SHOPPER#{SAM}"}, "sk": {"S": "PROFILE"}})
    assert item["Item"]["limits"]["M"]["max_order_total"] == {"N": "75.50"}


def test_an_unknown_shopper_has_no_profile_and_an_unknown_user_no_shopper(store: DynamoShopperStore) -> None:
    assert store.get_profile("nobody") is None
    assert store.shopper_for_user("amzn1.ask.account.NOBODY") is None


def test_saving_a_profile_again_replaces_it(store: DynamoShopperStore) -> None:
    store.save_profile(ShopperProfile(shopper_id=SAM, failed_code_attempts=1))
    store.save_profile(ShopperProfile(shopper_id=SAM, failed_code_attempts=3))
    loaded = store.get_profile(SAM)
    assert loaded is not None and loaded.failed_code_attempts == 3


# --- carts ----------------------------------------------------------------------------------------------


def test_a_cart_round_trips_in_line_order_and_an_empty_cart_deletes_the_item(
    store: DynamoShopperStore, dynamodb: Any
) -> None:
    # GIVEN a saved cart of two lines
    store.save_cart(SAM, a_cart())
    # THEN it reads back the same, lines in order, at its first version
    assert store.get_cart(SAM) == a_cart().model_copy(update={"version": 1})
    # WHEN the empty cart is saved
    store.save_cart(SAM, Cart(version=1))
    # THEN the item is gone and the cart reads back empty
    assert (f"SHOPPER#{SAM}", "CART") not in scan_keys(dynamodb)
    assert store.get_cart(SAM).is_empty


def test_a_cart_round_trips_with_its_recent_requests_and_keeps_them_when_emptied(
    store: DynamoShopperStore, dynamodb: Any
) -> None:
    # GIVEN a cart changed by two requests
    cart = Cart().with_quantity("pp-0001", 2, request_id="req-1").with_quantity("pp-0014", 1, request_id="req-2")
    store.save_cart(SAM, cart)
    # THEN both requests read back with it, in the same item
    assert store.get_cart(SAM) == cart.model_copy(update={"version": 1})
    assert store.get_cart(SAM).changed_by_request("req-1", "pp-0001")
    # WHEN the cart is emptied
    store.save_cart(SAM, store.get_cart(SAM).emptied())
    # THEN it reads back empty but still knows both requests
    emptied = store.get_cart(SAM)
    assert emptied.is_empty
    assert emptied.changed_by_request("req-1", "pp-0001") and emptied.changed_by_request("req-2", "pp-0014")


def test_a_shopper_without_a_cart_gets_an_empty_one(store: DynamoShopperStore) -> None:
    assert store.get_cart(SAM) == Cart()


def test_a_cart_saved_since_it_was_read_is_not_overwritten(store: DynamoShopperStore) -> None:
    # GIVEN a cart read by two requests, and saved by one of them
    store.save_cart(SAM, a_cart())
    first, second = store.get_cart(SAM), store.get_cart(SAM)
    store.save_cart(SAM, first.with_quantity("pp-0120", 1, name="Jif Creamy Peanut Butter"))
    # WHEN the other saves its change over the cart it read, or empties it, or checks it out
    # THEN each write is refused, and the first request's change stands
    with pytest.raises(CartConflictError):
        store.save_cart(SAM, second.with_quantity("pp-0001", 4))
    with pytest.raises(CartConflictError):
        store.save_cart(SAM, Cart(version=second.version))
    with pytest.raises(CartConflictError):
        store.place_order(an_order(), cart=second.emptied())
    assert store.get_order(SAM, an_order().order_id) is None
    cart = store.get_cart(SAM)
    assert [(line.product_id, line.quantity, line.name) for line in cart.lines] == [
        ("pp-0014", 3, None),
        ("pp-0001", 1, None),
        ("pp-0120", 1, "Jif Creamy Peanut Butter"),
    ]
    assert cart.version == 2


def test_a_cart_stored_before_carts_had_versions_is_saved_over_once(store: DynamoShopperStore, dynamodb: Any) -> None:
    # GIVEN a cart item written without a version
    dynamodb.put_item(
        TableName=PANTRY_TABLE,
        Item={"pk": {"S": f"SHOPPER#{SAM}"}, "sk": {"S": "CART"},
              "lines": {"L": [{"M": {"product_id": {"S": "pp-0014"}, "quantity": {"N": "1"}}}]}},
    )
    read = store.get_cart(SAM)
    assert read.version == 0
    # WHEN it is saved as read, THEN it is, at version 1; saved again from the same read, it is refused
    store.save_cart(SAM, read.with_quantity("pp-0014", 2))
    assert store.get_cart(SAM).version == 1
    with pytest.raises(CartConflictError):
        store.save_cart(SAM, read.with_quantity("pp-0014", 3))


# --- orders ---------------------------------------------------------------------------------------------


def test_an_order_round_trips_exactly(store: DynamoShopperStore) -> None:
    order = an_order()
    assert store.place_order(order) is True
    assert store.get_order(SAM, order.order_id) == order
    assert store.get_order(SAM, "20990101T000000-none") is None


def test_recent_orders_are_newest_first_limited_and_only_the_shoppers_own(store: DynamoShopperStore) -> None:
    # GIVEN three orders of Sam placed at different times (written out of order) and one of another shopper
    middle, oldest, newest = an_order(minutes_ago=60), an_order(minutes_ago=120), an_order(minutes_ago=1)
    for order in (middle, oldest, newest, an_order("someone-else", minutes_ago=0)):
        store.place_order(order)
    # WHEN the two most recent are asked for
    recent = store.recent_orders(SAM, limit=2)
    # THEN they come newest first
    assert [order.order_id for order in recent] == [newest.order_id, middle.order_id]
    assert [order.order_id for order in store.recent_orders(SAM, limit=10)] == [
        newest.order_id,
        middle.order_id,
        oldest.order_id,
    ]


def test_a_second_write_of_the_same_order_id_returns_false_and_keeps_the_first(store: DynamoShopperStore) -> None:
    # GIVEN an order written once
    first = an_order(quantity=2)
    assert store.place_order(first) is True
    # WHEN an order with the same id but other content is written
    again = store.place_order(an_order(quantity=5))
    # THEN the conditional write refuses it and the first order stands
    assert again is False
    assert store.get_order(SAM, first.order_id) == first


def test_placing_an_order_from_the_cart_empties_the_cart_in_the_same_write(
    store: DynamoShopperStore, dynamodb: Any
) -> None:
    store.save_cart(SAM, a_cart())
    order = an_order()
    assert store.place_order(order, cart=Cart(version=1)) is True
    assert store.get_cart(SAM).is_empty
    assert scan_keys(dynamodb) == [(f"SHOPPER#{SAM}", f"ORDER#{order.order_id}")]


def test_placing_an_order_from_the_cart_keeps_the_requests_that_changed_it_in_the_same_write(
    store: DynamoShopperStore,
) -> None:
    # GIVEN a cart changed by two requests
    cart = Cart().with_quantity("pp-0001", 2, request_id="req-1").with_quantity("pp-0014", 1, request_id="req-2")
    store.save_cart(SAM, cart)
    # WHEN an order is placed from it, leaving it emptied
    assert store.place_order(an_order(), cart=store.get_cart(SAM).emptied()) is True
    # THEN the cart reads back empty but still knows both requests
    left = store.get_cart(SAM)
    assert left.is_empty
    assert left.changed_by_request("req-1", "pp-0001") and left.changed_by_request("req-2", "pp-0014")


def test_placing_an_order_of_part_of_the_cart_leaves_the_rest_in_it_in_the_same_write(
    store: DynamoShopperStore,
) -> None:
    # GIVEN a cart of dawn and towels, of which only the dawn is ordered (the towels out of stock)
    cart = Cart().with_quantity("pp-0014", 3, request_id="req-1").with_quantity("pp-0001", 1, request_id="req-2")
    store.save_cart(SAM, cart)
    # WHEN the order is placed with the cart it leaves
    assert store.place_order(an_order(), cart=store.get_cart(SAM).ordered([("pp-0014", 3)])) is True
    # THEN the towels stay in the cart, which still knows both requests
    left = store.get_cart(SAM)
    assert [(line.product_id, line.quantity) for line in left.lines] == [("pp-0001", 1)]
    assert left.changed_by_request("req-1", "pp-0014")


def test_a_refused_duplicate_order_leaves_the_cart_alone(store: DynamoShopperStore) -> None:
    # GIVEN an order placed, then a new cart filled
    order = an_order()
    store.place_order(order, cart=Cart())
    store.save_cart(SAM, a_cart())
    # WHEN the same order is written again with its emptied cart (a retried checkout)
    assert store.place_order(order, cart=Cart()) is False
    # THEN the transaction did nothing: the new cart is still there
    assert store.get_cart(SAM) == a_cart().model_copy(update={"version": 1})


def test_an_order_is_cancelled_only_once(store: DynamoShopperStore) -> None:
    # GIVEN a placed order
    order = an_order()
    store.place_order(order)
    # WHEN it is cancelled
    cancelled = store.mark_cancelled(order, at=NOW + timedelta(minutes=5))
    # THEN it is stored cancelled with the moment
    stored = store.get_order(SAM, order.order_id)
    assert stored is not None and stored.status is OrderStatus.CANCELLED
    assert stored.cancelled_at == NOW + timedelta(minutes=5)
    assert cancelled == stored
    # AND a second cancel is refused as already cancelled, without moving the moment
    with pytest.raises(OrderNotCancellableError) as refused:
        store.mark_cancelled(order, at=NOW + timedelta(minutes=6))
    assert refused.value.reason == "cancelled"
    again = store.get_order(SAM, order.order_id)
    assert again is not None and again.cancelled_at == NOW + timedelta(minutes=5)


def test_an_orders_follow_up_is_claimed_once_and_an_order_stored_without_the_mark_is_never_claimed(
    store: DynamoShopperStore, dynamodb: Any
) -> None:
    # GIVEN an order written not yet followed up, as ShoppingService.place writes it
    order = an_order().model_copy(update={"followed_up": False})
    store.place_order(order)
    # WHEN its follow-up is claimed twice
    first, second = store.claim_follow_up(SAM, order.order_id), store.claim_follow_up(SAM, order.order_id)
    # THEN only the first claim has it, and the order reads back followed up, the rest unchanged
    assert (first, second) == (True, False)
    assert store.get_order(SAM, order.order_id) == order.model_copy(update={"followed_up": True})
    # AND an order stored before the mark was kept (no attribute: followed up then), or none, is not claimed
    legacy = an_order(suffix="old", minutes_ago=60)
    store.place_order(legacy)
    dynamodb.update_item(
        TableName=PANTRY_TABLE,
        Key={"pk": {"S": f"SHOPPER#{SAM}"}, "sk": {"S": f"ORDER#{legacy.order_id}"}},
        UpdateExpression="REMOVE followed_up",
    )
    assert store.get_order(SAM, legacy.order_id) == legacy
    assert store.claim_follow_up(SAM, legacy.order_id) is False
    assert store.claim_follow_up(SAM, "20990101T000000-none") is False
    assert [key for key in scan_keys(dynamodb) if "none" in key[1]] == []


def test_an_orders_listeners_are_marked_done_once_with_its_claim_and_no_order_is_made_by_the_mark(
    store: DynamoShopperStore, dynamodb: Any
) -> None:
    # GIVEN an order written as ShoppingService.place writes a voice order: not followed up, its listeners owed
    order = an_order().model_copy(update={"followed_up": False, "listeners_done": False})
    store.place_order(order)
    assert store.get_order(SAM, order.order_id) == order
    # WHEN its listeners are marked done, twice (a later request ran them again)
    store.mark_listeners_done(SAM, order.order_id)
    store.mark_listeners_done(SAM, order.order_id)
    # THEN the order reads back with its listeners done and its follow-up claimed (a claim that failed is made)
    marked = order.model_copy(update={"followed_up": True, "listeners_done": True})
    assert store.get_order(SAM, order.order_id) == marked
    assert store.claim_follow_up(SAM, order.order_id) is False
    # AND an order stored before the mark was kept (no attribute: its listeners ran then) is left as it was, and
    # marking an order that does not exist writes nothing
    legacy = an_order(suffix="old", minutes_ago=60).model_copy(update={"followed_up": False})
    store.place_order(legacy)
    dynamodb.update_item(
        TableName=PANTRY_TABLE,
        Key={"pk": {"S": f"SHOPPER#{SAM}"}, "sk": {"S": f"ORDER#{legacy.order_id}"}},
        UpdateExpression="REMOVE listeners_done",
    )
    store.mark_listeners_done(SAM, legacy.order_id)
    assert store.get_order(SAM, legacy.order_id) == legacy
    store.mark_listeners_done(SAM, "20990101T000000-none")
    assert [key for key in scan_keys(dynamodb) if "none" in key[1]] == []


def test_a_failed_mark_of_an_orders_listeners_is_a_storage_error(dynamodb: Any) -> None:
    # GIVEN the store failing the mark's write
    faulty = FaultyClient(dynamodb)
    faulty.fail("update_item", throttled("UpdateItem"))
    store = DynamoShopperStore(faulty, PANTRY_TABLE)
    order = an_order().model_copy(update={"followed_up": False, "listeners_done": False})
    store.place_order(order)
    # WHEN the listeners are marked done, THEN it raises StorageError, and the order is still owed them
    with pytest.raises(StorageError):
        store.mark_listeners_done(SAM, order.order_id)
    assert store.get_order(SAM, order.order_id) == order


# --- deleting a shopper ---------------------------------------------------------------------------------


def fill(store: DynamoShopperStore, shopper_id: str, alexa_user_id: str) -> Order:
    store.save_profile(ShopperProfile(shopper_id=shopper_id, alexa_user_id=alexa_user_id))
    store.save_cart(shopper_id, a_cart())
    order = an_order(shopper_id)
    store.place_order(order)
    return order


def test_deleting_a_linked_shopper_keeps_the_orders_and_removes_profile_cart_and_user_mapping(
    store: DynamoShopperStore, dynamodb: Any
) -> None:
    # GIVEN two shoppers with profile, cart and an order each
    order = fill(store, "acct:42", ALEX)
    fill(store, "acct:7", "amzn1.ask.account.OTHER")
    before_other = [key for key in scan_keys(dynamodb) if "acct:7" in key[0] or "OTHER" in key[0]]
    # WHEN the first is deleted keeping orders
    store.delete_shopper("acct:42", alexa_user_id=ALEX, keep_orders=True)
    # THEN only the order is left of them, and the other shopper is untouched
    assert [key for key in scan_keys(dynamodb) if "acct:42" in key[0] or ALEX in key[0]] == [
        ("SHOPPER#acct:42", f"ORDER#{order.order_id}")
    ]
    assert store.shopper_for_user(ALEX) is None
    assert [key for key in scan_keys(dynamodb) if "acct:7" in key[0] or "OTHER" in key[0]] == before_other


def test_deleting_an_unlinked_shopper_without_keeping_orders_removes_everything_of_theirs(
    store: DynamoShopperStore, dynamodb: Any
) -> None:
    fill(store, SAM, SAM)
    store.delete_shopper(SAM, alexa_user_id=SAM, keep_orders=False)
    assert scan_keys(dynamodb) == []


# --- failures -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "error"),
    [
        ("get_item", throttled("GetItem")),
        ("get_item", timed_out("GetItem")),
        ("put_item", throttled("PutItem")),
        ("transact_write_items", timed_out("TransactWriteItems")),
        ("update_item", throttled("UpdateItem")),
        ("update_item", timed_out("UpdateItem")),
    ],
)
def test_aws_failures_surface_as_storage_errors(faulty: FaultyClient, operation: str, error: Exception) -> None:
    # GIVEN a store whose client fails the chosen operation once
    store = DynamoShopperStore(faulty, PANTRY_TABLE)
    faulty.fail(operation, error)
    # WHEN the operations that use it run
    with pytest.raises(StorageError):
        if operation == "get_item":
            store.get_cart(SAM)
        elif operation == "put_item":
            store.save_cart(SAM, a_cart())
        elif operation == "update_item":
            store.claim_follow_up(SAM, "20261122T170000-a1")
        else:
            store.place_order(an_order(), cart=Cart())
    # THEN nothing was written
    assert store.get_cart(SAM).is_empty
    assert store.recent_orders(SAM, limit=5) == []


def server_error(operation: str) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": "InternalServerError", "Message": "Internal server error"},
            "ResponseMetadata": {"HTTPStatusCode": 500},
        },
        operation,
    )


@pytest.mark.parametrize(
    ("error", "unknown"),
    [
        pytest.param(timed_out("TransactWriteItems"), True, id="timed-out"),
        pytest.param(server_error("TransactWriteItems"), True, id="server-error"),
        pytest.param(throttled("TransactWriteItems"), False, id="throttled"),
    ],
)
def test_an_order_write_sent_but_not_answered_is_an_unknown_outcome_and_a_refused_one_is_not(
    faulty: FaultyClient, error: Exception, unknown: bool
) -> None:
    # GIVEN a store whose order write fails once, with the chosen error
    store = DynamoShopperStore(faulty, PANTRY_TABLE)
    faulty.fail("transact_write_items", error)
    # WHEN an order is placed
    with pytest.raises(StorageError) as raised:
        store.place_order(an_order(), cart=Cart())
    # THEN a timeout or a server error says the order may have been placed; a refusal (4xx) says it was not
    assert isinstance(raised.value, OrderOutcomeUnknownError) is unknown
