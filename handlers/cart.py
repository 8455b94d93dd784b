"""The cart: add, remove, change quantity, read it, check out, empty it. It lives in DynamoDB."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from catalog import Product
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
from handlers.named import products_named
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
        # One line added (flows.act_on records it): "make it two" or "remove it" next is about it.
        product, quantity = product_and_count(turn)
        state = turn.state
        offered = proposed_product(state)
        listed = state.listed
        read_back = state.items if state.awaiting is Awaiting.ORDER_CONFIRMATION and not state.from_cart else []
        state.clear_pending()
        found = find_product(turn, product, count=quantity)
        if product.value and found.kind is FoundKind.NOTHING_SAID:
            # "add it to my cart", "add three to my cart" about the product just offered or read back;
            # "add them to my cart" about an order of several read back.
            chosen = self.services.catalog.get(offered.product_id) if offered is not None else None
            if offered is not None and chosen is not None:
                count = quantity or found.quantity or offered.quantity or 1
                state.listed = listed  # of a list taken one at a time: its next product follows this one
                return reject_quantity(turn, count) or act_on(turn, chosen, count, "add_to_cart")
            products = [self.services.catalog.get(item.product_id) for item in read_back]
            lines = [(p, item.quantity) for p, item in zip(products, read_back, strict=True) if p is not None]
            if len(lines) > 1:
                return add_all_to_cart(turn, lines)
        if listed := find_listed(turn, product, found):
            return act_on_listed(turn, listed, quantity, "add_to_cart")
        return act_on_found(turn, found, quantity, "add_to_cart")


class _CartLineHandler(Handler):
    """Shared by remove and change-quantity: the cart line the phrase fits, or "it", the line just touched.

    Of the products the phrase fits, the one in the cart is meant ("remove milk" is the whole milk there,
    not the 2% the shopper usually buys); when two cart lines fit, the shopper is asked which.
    """

    which_key = "cart_which_remove"

    def cart_line(self, turn: Turn, touched: str | None, quantity: int | None = None) -> Product | Response:
        speech = turn.speech
        said = turn.slot("Product")
        cart = self.services.shopping.cart(turn.shopper_id)
        if find_product(turn, said).kind is FoundKind.NOTHING_SAID:
            product = self.services.catalog.get(touched) if touched and cart.quantity_of(touched) else None
            return product or turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
        named = products_named(turn, said, among=self.services.products([line.product_id for line in cart.lines]))
        in_cart = [p for p in named if cart.quantity_of(p.id)]
        if len(in_cart) == 1:
            return in_cart[0]
        if in_cart:
            names = [p.name for p in in_cart]
            which = speech.say(
                self.which_key, options=speech.join(names, conjunction="and"), first=names[0], quantity=quantity
            )
            return turn.ask(which, which)
        if len(named) == 1:
            return turn.ask(speech.say("cart_not_in", product=named[0].name), speech.say("anything_else"))
        return turn.ask(speech.say("cart_not_in_heard", heard=said.value), speech.say("anything_else"))


class RemoveFromCartHandler(_CartLineHandler):
    """"remove milk", "remove it" (the line just added), "remove one milk" (one fewer)."""

    answers_pending = True  # reads the line just touched, then forgets any pending question itself

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "RemoveFromCartIntent")

    def respond(self, turn: Turn) -> Response:
        speech, state = turn.speech, turn.state
        touched = state.cart_product_id
        state.clear_pending()
        line = self.cart_line(turn, touched)
        if not isinstance(line, Product):
            return line
        fewer = find_product(turn, turn.slot("Product")).quantity
        left = self.services.shopping.cart(turn.shopper_id).quantity_of(line.id) - (fewer or 0)
        if fewer is None or fewer < 1 or left < 1:
            self.services.shopping.set_cart_quantity(turn.shopper_id, line.id, 0)
            return turn.ask(speech.say("cart_removed", product=line.name), speech.say("anything_else"))
        self.services.shopping.set_cart_quantity(turn.shopper_id, line.id, left)
        state.cart_product_id = line.id
        return turn.ask(
            speech.say("cart_updated", amount=speech.count(left, line.unit), product=line.name),
            speech.say("anything_else"),
        )


class ChangeQuantityHandler(_CartLineHandler):
    """"change milk to 3" in the cart; "make it two" about the one product being proposed or offered
    (an order read back, a suggestion, a price, a running-low prompt), which is proposed again with
    that count and still needs its yes, or else about the cart line just added or changed."""

    answers_pending = True
    which_key = "cart_which_change"

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
        touched = state.cart_product_id
        state.clear_pending()
        if quantity is None:
            return turn.ask(speech.say("how_many"), speech.say("how_many"))
        line = self.cart_line(turn, touched, quantity)
        if not isinstance(line, Product):
            return line
        if quantity != 0 and (rejected := reject_quantity(turn, quantity)):
            return rejected
        self.services.shopping.set_cart_quantity(turn.shopper_id, line.id, quantity)
        if quantity == 0:
            return turn.ask(speech.say("cart_removed", product=line.name), speech.say("anything_else"))
        state.cart_product_id = line.id
        return turn.ask(
            speech.say("cart_updated", amount=speech.count(quantity, line.unit), product=line.name),
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
