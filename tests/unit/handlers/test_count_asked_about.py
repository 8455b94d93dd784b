"""The count a correction keeps: the one said for the product the pending question is about."""

from __future__ import annotations

import pytest

from handlers.session import Awaiting, Item, SessionState

MILK = Item(product_id="milk", quantity=2)


@pytest.mark.parametrize(
    ("state", "count"),
    [
        (SessionState(awaiting=Awaiting.ORDER_CONFIRMATION, items=[MILK]), 2),
        (SessionState(awaiting=Awaiting.VOICE_CODE, items=[MILK]), 2),
        (SessionState(awaiting=Awaiting.ORDER_CONFIRMATION, items=[MILK, Item(product_id="eggs", quantity=1)]), None),
        (SessionState(awaiting=Awaiting.ORDER_CONFIRMATION, items=[MILK], from_cart=True), None),
        (SessionState(awaiting=Awaiting.PRODUCT_CHOICE, choices=["a", "b"], choice_quantity=3), 3),
        (SessionState(awaiting=Awaiting.PRICE_OFFER, choices=["a"], choice_quantity=4), 4),
        (SessionState(awaiting=Awaiting.QUANTITY, choices=["a"]), None),
        (SessionState(awaiting=Awaiting.REORDER_PROMPT, prompt_product_id="a", choice_quantity=1), None),
        (SessionState(), None),
    ],
)
def test_a_correction_keeps_the_count_said_for_the_one_product_asked_about(state: SessionState, count: int) -> None:
    # GIVEN a pending question (or none), WHEN a correction with no count of its own asks what count it keeps
    # THEN it is the count said for the one product read back or asked about; none for a cart's or a list's
    assert state.count_asked_about() == count
