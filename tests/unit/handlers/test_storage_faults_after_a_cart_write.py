"""A fault after a cart write has landed never says that nothing was changed: what was added (or removed, or
changed) is said first, and of several products added at once, those not added are named."""

from __future__ import annotations

import pytest

from skill.local.console import Console
from tests.fakes import FakeShopperStore

SKIPPY = "pp-0122"  # Skippy Creamy Peanut Butter
DAWN = "pp-0014"  # Dawn Ultra Dish Soap Original Scent
JIF = "pp-0120"  # Jif Creamy Peanut Butter
NOTHING = "nothing was"
COULD_NOT_GO_ON = "Sorry, I couldn't go on from there just now. Please try again in a moment."


def cart(store: FakeShopperStore, console: Console) -> dict[str, int]:
    held = store.carts.get(console.envelopes.user_id)
    return {line.product_id: line.quantity for line in held.lines} if held else {}


def unreadable_after_the_next_cart_write(store: FakeShopperStore) -> None:
    """The next cart write lands; the cart read after it fails."""
    write = store.save_cart

    def then_fail(shopper_id: str, held: object) -> None:
        store.save_cart = write  # type: ignore[method-assign]
        write(shopper_id, held)  # type: ignore[arg-type]
        store.fail_next.add("get_cart")

    store.save_cart = then_fail  # type: ignore[method-assign]


def second_cart_write_fails(store: FakeShopperStore) -> None:
    """The next cart write lands; the one after it fails."""
    write = store.save_cart

    def then_fail(shopper_id: str, held: object) -> None:
        store.save_cart = write  # type: ignore[method-assign]
        write(shopper_id, held)  # type: ignore[arg-type]
        store.fail_next.add("save_cart")

    store.save_cart = then_fail  # type: ignore[method-assign]


def fail_cart_read_after_writes(store: FakeShopperStore, writes: int) -> None:
    """The store's cart read fails once, right after its ``writes``-th cart write from now."""
    write = store.save_cart
    done: list[str] = []

    def counted(shopper_id: str, held: object) -> None:
        write(shopper_id, held)  # type: ignore[arg-type]
        done.append(shopper_id)
        if len(done) == writes:
            store.fail_next.add("get_cart")

    store.save_cart = counted  # type: ignore[method-assign]


def test_a_failed_read_after_an_add_says_the_add(console: Console, store: FakeShopperStore) -> None:
    # GIVEN a store whose cart read fails just after the add's write lands
    console.say("open pantry pal")
    unreadable_after_the_next_cart_write(store)
    # WHEN the shopper adds skippy
    reply = console.say("add skippy to my cart")
    # THEN they hear it was added (the total could not be read), never that nothing was changed
    assert reply.speech == f"I've added one jar of Skippy Creamy Peanut Butter to your cart. {COULD_NOT_GO_ON}"
    assert NOTHING not in reply.speech
    assert reply.reprompt == "What else can I do?"
    assert cart(store, console) == {SKIPPY: 1}


def test_a_failed_read_after_an_add_of_several_says_each_added(console: Console, store: FakeShopperStore) -> None:
    console.say("open pantry pal")
    fail_cart_read_after_writes(store, 2)
    reply = console.say("add skippy and dawn to my cart")
    assert reply.speech == (
        "I've added one jar of Skippy Creamy Peanut Butter and one bottle of Dawn Ultra Dish Soap Original Scent "
        f"to your cart. {COULD_NOT_GO_ON}"
    )
    assert cart(store, console) == {SKIPPY: 1, DAWN: 1}


def test_an_add_of_several_that_fails_partway_says_what_was_added_and_what_was_not(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a store whose second cart write fails
    console.say("open pantry pal")
    second_cart_write_fails(store)
    # WHEN the shopper adds skippy and dawn at once
    reply = console.say("add skippy and dawn to my cart")
    # THEN they hear that skippy was added and dawn was not
    assert reply.speech == (
        "I've added one jar of Skippy Creamy Peanut Butter to your cart, but not Dawn Ultra Dish Soap Original "
        f"Scent. {COULD_NOT_GO_ON}"
    )
    assert NOTHING not in reply.speech
    assert cart(store, console) == {SKIPPY: 1}


def test_an_add_of_several_refused_partway_says_what_was_added_before_the_refusal(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN an empty cart
    console.say("open pantry pal")
    # WHEN the shopper adds skippy and, over the per-item limit, fifty dawn
    reply = console.say("add skippy and fifty dawn to my cart")
    # THEN the skippy added is said before the refusal of the dawn
    assert reply.speech.startswith(
        "I've added one jar of Skippy Creamy Peanut Butter to your cart, but not Dawn Ultra Dish Soap Original "
        "Scent. Sorry, I can't order 50 of Dawn Ultra Dish Soap Original Scent"
    )
    assert cart(store, console) == {SKIPPY: 1}


@pytest.mark.parametrize(
    ("said", "news", "left"),
    [
        ("remove dawn", "I've removed Dawn Ultra Dish Soap Original Scent from your cart.", {SKIPPY: 1}),
        (
            "change skippy to two",
            "Your cart now has two jars of Skippy Creamy Peanut Butter.",
            {SKIPPY: 2, DAWN: 1},
        ),
    ],
    ids=["remove", "change"],
)
def test_a_failed_read_after_a_change_at_the_check_out_says_the_change(
    console: Console, store: FakeShopperStore, said: str, news: str, left: dict[str, int]
) -> None:
    # GIVEN a check-out read back, and a store whose cart read fails just after the change's write lands
    console.say("open pantry pal")
    console.say("add skippy to my cart")
    console.say("add dawn to my cart")
    console.say("check out")
    unreadable_after_the_next_cart_write(store)
    # WHEN the shopper changes the cart (the check-out would be read back again)
    reply = console.say(said)
    # THEN they hear the change, never that nothing was changed, and no order was placed
    assert reply.speech == f"{news} {COULD_NOT_GO_ON}"
    assert cart(store, console) == left
    assert store.orders == {}


def test_a_failed_read_after_the_last_add_of_a_list_taken_one_at_a_time_says_every_add(
    console: Console, store: FakeShopperStore
) -> None:
    # GIVEN a list added one product at a time, its first product being asked about
    console.say("open pantry pal")
    asked = console.say("add peanut butter and dawn to my cart")
    assert asked.speech.startswith("Let's take those one at a time")
    # AND a store whose cart read fails after the second cart write of the next answer
    fail_cart_read_after_writes(store, 2)
    # WHEN the shopper picks the first peanut butter (it is added, then dawn, the next one)
    reply = console.say("the first one")
    # THEN both adds are said, not only the last
    assert reply.speech == (
        "I've added one jar of Jif Creamy Peanut Butter to your cart. I've added one bottle of Dawn Ultra Dish Soap "
        f"Original Scent to your cart. {COULD_NOT_GO_ON}"
    )
    assert cart(store, console) == {JIF: 1, DAWN: 1}
