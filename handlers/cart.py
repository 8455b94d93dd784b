"""The cart: add, remove, change quantity, read it, check out, empty it. It lives in DynamoDB."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from handlers.base import Turn, is_intent
from handlers.base_handler import Handler
from handlers.flows import (
    act_on,
    act_on_found,
    act_on_listed,
    add_all_to_cart,
    describe_lines,
    propose_order,
    proposed_product,
    reject_quantity,
)
from handlers.products import FoundKind, find_listed, find_product, product_and_count, spoken_quantity
from handlers.session import Awaiting, Item

__all__ = [
    "AddToCartHandler",
    "ChangeQuantityHandler",
    "CheckoutHandler",
    "EmptyCartHandler",
    "ReadCartHandler",
    "RemoveFromCartHandler",
]


class AddToCartHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AddToCartIntent")

    answers_pending = True

    def respond(self, turn: Turn) -> Response:
        product, quantity = product_and_count(turn)
        state = turn.state
        offered = proposed_product(state)
        read_back = state.items if state.awaiting is Awaiting.ORDER_CONFIRMATION and not state.from_cart else []
        state.clear_pending()
        found = find_product(turn, product)
        if product.value and found.kind is FoundKind.NOTHING_SAID:
            # "add it to my cart", "add three to my cart" about the product just offered or read back;
            # "add them to my cart" about an order of several read back.
            chosen = self.services.catalog.get(offered.product_id) if offered is not None else None
            if offered is not None and chosen is not None:
                count = quantity or found.quantity or offered.quantity or 1
                return reject_quantity(turn, count) or act_on(turn, chosen, count, "add_to_cart")
            products = [self.services.catalog.get(item.product_id) for item in read_back]
            lines = [(p, item.quantity) for p, item in zip(products, read_back, strict=True) if p is not None]
            if len(lines) > 1:
                return add_all_to_cart(turn, lines)
        if listed := find_listed(turn, product, found):
            return act_on_listed(turn, listed, quantity, "add_to_cart")
        return act_on_found(turn, found, quantity, "add_to_cart")


class _CartLineHandler(Handler):
    """Shared by remove and change-quantity: the product must already be in the cart."""

    def cart_product(self, turn: Turn) -> tuple[str | None, Response | None]:
        speech = turn.speech
        found = find_product(turn, turn.slot("Product"))
        if found.kind is FoundKind.NOTHING_SAID or not found.products:
            return None, turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
        cart = self.services.shopping.cart(turn.shopper_id)
        in_cart = [p for p in found.products if cart.quantity_of(p.id)]
        if not in_cart:
            return None, turn.ask(
                speech.say("cart_not_in", product=found.products[0].name), speech.say("anything_else")
            )
        return in_cart[0].id, None


class RemoveFromCartHandler(_CartLineHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "RemoveFromCartIntent")

    def respond(self, turn: Turn) -> Response:
        product_id, reply = self.cart_product(turn)
        if reply is not None or product_id is None:
            return reply  # type: ignore[return-value]
        self.services.shopping.set_cart_quantity(turn.shopper_id, product_id, 0)
        name = self.services.catalog.get(product_id).name  # type: ignore[union-attr]
        return turn.ask(turn.speech.say("cart_removed", product=name), turn.speech.say("anything_else"))


class ChangeQuantityHandler(_CartLineHandler):
    """"change milk to 3" in the cart; "make it two" about the one product being proposed or offered
    (an order read back, a suggestion, a price, a running-low prompt), which is proposed again with
    that count and still needs its yes."""

    answers_pending = True

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "ChangeQuantityIntent")

    def respond(self, turn: Turn) -> Response:
        speech, state = turn.speech, turn.state
        quantity = spoken_quantity(turn.slot("Quantity"))
        proposed = None if turn.slot("Product").value else proposed_product(state)
        if proposed is not None and quantity is not None:
            product = self.services.catalog.get(proposed.product_id)
            if product is not None:
                return reject_quantity(turn, quantity) or act_on(turn, product, quantity, proposed.action)
        state.clear_pending()
        if quantity is None:
            return turn.ask(speech.say("how_many"), speech.say("how_many"))
        product_id, reply = self.cart_product(turn)
        if reply is not None or product_id is None:
            return reply  # type: ignore[return-value]
        if quantity != 0 and (rejected := reject_quantity(turn, quantity)):
            return rejected
        self.services.shopping.set_cart_quantity(turn.shopper_id, product_id, quantity)
        product = self.services.catalog.get(product_id)
        assert product is not None
        if quantity == 0:
            return turn.ask(speech.say("cart_removed", product=product.name), speech.say("anything_else"))
        return turn.ask(
            speech.say("cart_updated", amount=speech.count(quantity, product.unit), product=product.name),
            speech.say("anything_else"),
        )


class ReadCartHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "ReadCartIntent")

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        quote = self.services.shopping.cart_quote(turn.shopper_id)
        if quote is None:
            return turn.ask(speech.say("cart_empty"), speech.say("reprompt_main"))
        return turn.ask(
            speech.say("cart_contents", lines=describe_lines(turn, quote), total=quote.total),
            speech.say("anything_else"),
        )


class CheckoutHandler(Handler):
    """One confirmation for the whole cart; the cart is emptied in the same write as the order."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "CheckoutIntent")

    def respond(self, turn: Turn) -> Response:
        cart = self.services.shopping.cart(turn.shopper_id)
        if cart.is_empty:
            return turn.ask(turn.speech.say("cart_empty"), turn.speech.say("reprompt_main"))
        items = [Item(product_id=line.product_id, quantity=line.quantity) for line in cart.lines]
        return propose_order(turn, items, from_cart=True)


class EmptyCartHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "EmptyCartIntent")

    def respond(self, turn: Turn) -> Response:
        self.services.shopping.empty_cart(turn.shopper_id)
        turn.state.clear_pending()
        return turn.ask(turn.speech.say("cart_emptied"), turn.speech.say("anything_else"))
