"""The cart: add, remove, change quantity, read it, check out, empty it. It lives in DynamoDB."""

from __future__ import annotations

from collections.abc import Sequence

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from catalog import Product, names_a_product, resolve_choice
from handlers.base import Turn, is_intent
from handlers.base_handler import Handler
from handlers.flows import (
    act_on,
    act_on_found,
    act_on_listed,
    add_all_to_cart,
    ask_choice_again,
    ask_pending_again,
    describe_cart,
    prompt_after,
    propose_order,
    proposed_product,
    reject_quantity,
    said_gone,
)
from handlers.named import products_named
from handlers.products import FoundKind, find_listed, find_product, product_and_count, spoken_quantity
from handlers.session import Awaiting, CartChange, Item
from orders import LimitExceededError

__all__ = [
    "AddToCartHandler",
    "ChangeQuantityHandler",
    "CheckoutHandler",
    "EmptyCartHandler",
    "ReadCartHandler",
    "RemoveFromCartHandler",
    "answer_cart_line",
    "empty_cart",
    "picks_cart_line",
    "refuse_cart_count",
]


class AddToCartHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "AddToCartIntent")

    answers_pending = True

    def respond(self, turn: Turn) -> Response:
        # One line added (flows.act_on records it): "make it two" or "remove it" next is about it.
        product, quantity = product_and_count(turn.slot("Product"), turn.slot("Quantity"))
        state = turn.state
        offered = proposed_product(state)
        listed = state.listed
        read_back = state.items if state.awaiting is Awaiting.ORDER_CONFIRMATION and not state.from_cart else []
        prompt_after(state)  # "Shall I order coffee?" - "add milk to my cart": coffee is asked about after it
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
    not the 2% the shopper usually buys); when two cart lines fit, the shopper is asked which, and the
    change waits for the answer (:func:`answer_cart_line`).
    """

    which_key = "cart_which_remove"

    @staticmethod
    def line_meant(turn: Turn) -> tuple[str | None, bool]:
        """The cart line "it" is about, and whether the check-out is being read back: at the check-out's
        read-back, "make it two" or "remove it" is about its one line (of several, which one is asked), and
        the check-out is read back again after the change."""
        state = turn.state
        if state.awaiting is Awaiting.ORDER_CONFIRMATION and state.from_cart:
            return (state.items[0].product_id if len(state.items) == 1 else None), True
        return state.cart_product_id, False

    def cart_line(self, turn: Turn, touched: str | None, change: CartChange) -> Product | Response:
        speech = turn.speech
        said = turn.slot("Product")
        cart = self.services.shopping.cart(turn.shopper_id)
        lines = self.services.products([line.product_id for line in cart.lines])
        if find_product(turn, said).kind is FoundKind.NOTHING_SAID:
            product = self.services.catalog.get(touched) if touched and cart.quantity_of(touched) else None
            if product is None and change.checkout and len(lines) > 1:
                return self.ask_which(turn, lines, change)  # "make it two" at a check-out of several lines
            return product or turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
        named = products_named(turn, said, among=lines)
        in_cart = [p for p in named if cart.quantity_of(p.id)]
        if len(in_cart) == 1:
            return in_cart[0]
        if in_cart:
            return self.ask_which(turn, in_cart, change)
        if len(named) == 1:
            not_in = speech.say("cart_not_in", product=named[0].name)
        else:
            not_in = speech.say("cart_not_in_heard", heard=speech.heard(said.value or ""))
        if change.checkout:
            return _say_lines(turn, [], [], checkout=True, lead=not_in)  # the check-out, read back again
        return turn.ask(not_in, speech.say("anything_else"))

    def ask_which(self, turn: Turn, in_cart: Sequence[Product], change: CartChange) -> Response:
        """ "Your cart has A and B. Which one should I remove?": the change waits for the answer."""
        speech, state = turn.speech, turn.state
        names = [p.name for p in in_cart]
        which = speech.say(
            self.which_key, options=speech.join(names, conjunction="and"), first=names[0], quantity=change.quantity
        )
        state.awaiting = Awaiting.CART_LINE
        state.choices = [p.id for p in in_cart]
        state.cart_change = change
        return turn.ask(which, which)


def picks_cart_line(turn: Turn, heard: str) -> bool:
    """Whether ``heard`` answers "your cart has A and B; which one should I remove?": one of the lines
    offered ("the second", "the whole milk"), all of them ("both") or none ("neither")."""
    if turn.state.awaiting is not Awaiting.CART_LINE:
        return False
    picked = resolve_choice(heard, turn.services.products(turn.state.choices))
    return picked.neither or picked.every or picked.index is not None


def answer_cart_line(turn: Turn, heard: str, change: CartChange | None = None) -> Response:
    """The answer to "your cart has A and B; which one should I remove (change)?": the line picked (or
    each, for "both") is removed or changed as was asked, or as ``change`` now says ("remove the second
    one"); "neither" leaves the cart as it is, and an answer that picks nothing asks again."""
    speech, state = turn.speech, turn.state
    checkout = state.cart_change is not None and state.cart_change.checkout  # asked at the check-out
    change = change or state.cart_change
    options = turn.services.products(state.choices)
    if state.awaiting is not Awaiting.CART_LINE or change is None or not options:
        state.clear_pending()
        return turn.ask(speech.say("which_product"), speech.say("which_product_reprompt"))
    picked = resolve_choice(heard, options)
    if picked.neither:
        state.clear_pending()
        if checkout:
            return _say_lines(turn, [], [], checkout=True)  # the check-out, read back again as it was
        return turn.ask(speech.say("cart_unchanged"), speech.say("anything_else"))
    if picked.index is None and not picked.every:
        return ask_choice_again(turn, options)
    state.clear_pending()
    lines = options if picked.every else [options[picked.index or 0]]
    if change.action == "change" and change.quantity is not None:
        return change_lines(turn, lines, change.quantity, checkout=checkout)
    return remove_from_lines(turn, lines, change.quantity, checkout=checkout)


def remove_from_lines(turn: Turn, lines: Sequence[Product], fewer: int | None, *, checkout: bool = False) -> Response:
    """Take ``fewer`` off each cart line (the whole line when no count was said, or none would be left).

    What is said is what the cart holds after: a redelivered request, already done, says the same.
    """
    shopping = turn.services.shopping
    removed: list[Product] = []
    left: list[tuple[Product, int]] = []
    for line in lines:
        keep = shopping.cart(turn.shopper_id).quantity_of(line.id) - (fewer or 0)
        if fewer is None or fewer < 1:
            keep = 0
        cart = shopping.set_cart_quantity(turn.shopper_id, line.id, max(keep, 0), request_id=turn.request_id)
        if kept := cart.quantity_of(line.id):
            left.append((line, kept))
        else:
            removed.append(line)
        _record_line_done(turn, line, kept)
    return _say_lines(turn, removed, left, checkout=checkout)


def change_lines(turn: Turn, lines: Sequence[Product], quantity: int, *, checkout: bool = False) -> Response:
    """Set each cart line to ``quantity`` (0 removes it); a quantity that cannot be ordered is refused."""
    changed: list[Product] = []
    for line in lines:
        try:
            turn.services.shopping.set_cart_quantity(turn.shopper_id, line.id, quantity, request_id=turn.request_id)
        except LimitExceededError as over:
            if over.kind != "total":
                raise
            # Over the order total: the line stays as it was, and stays the one "make it two" is about; at the
            # check-out, the cart's order is read back again for its yes.
            refused = turn.speech.say(
                "cart_over_total_limit", total=over.requested, limit=over.limit, product=line.name
            )
            response = _say_lines(turn, [], [(p, quantity) for p in changed], checkout=checkout, lead=refused)
            if not checkout and not changed:
                turn.state.cart_product_id = line.id
            return response
        changed.append(line)
        _record_line_done(turn, line, quantity)
    if quantity == 0:
        return _say_lines(turn, lines, [], checkout=checkout)
    return _say_lines(turn, [], [(line, quantity) for line in lines], checkout=checkout)


def _record_line_done(turn: Turn, line: Product, count: int) -> None:
    """A cart line written (to ``count``; 0: removed): said first if what follows fails (``Turn.record_done``)."""
    speech = turn.speech
    if count:
        turn.record_done(speech.say("cart_updated", amount=speech.count_of(count, line.unit, line.name)))
    else:
        turn.record_done(speech.say("cart_removed", product=line.name))


def refuse_cart_count(turn: Turn, quantity: int) -> Response | None:
    """A count no cart line can be set to (below zero, or over the shopper's per-item limit) is refused before
    anything is changed or forgotten: the shopper hears what is allowed, the cart stays as it was, and the
    question pending (the check-out's read-back, which line to change) is asked again; with none, the line
    "make it two" is about stays that line. ``None`` for a count that can be set (0 removes the line)."""
    speech = turn.speech
    limits = turn.limits
    if quantity < 0:
        refusal = speech.say("cart_bad_quantity", limit=limits.max_quantity_per_line)
    else:
        try:
            limits.check_quantity(quantity)
        except LimitExceededError as over:
            refusal = speech.say("cart_over_quantity_limit", requested=over.requested, limit=over.limit)
        else:
            return None
    turn.lead = refusal
    if (asked := ask_pending_again(turn, "question_again")) is not None:
        return asked
    turn.lead = ""
    return turn.ask(refusal, speech.say("anything_else"))


def _say_lines(
    turn: Turn,
    removed: Sequence[Product],
    left: Sequence[tuple[Product, int]],
    *,
    checkout: bool = False,
    lead: str = "",
) -> Response:
    """ "I've removed A from your cart.", "Your cart now has two jugs of B."; one line left changed is the
    line "make it two" or "remove it" is about next. With ``checkout`` (the change was asked at the
    check-out's read-back), the cart's order is read back again for its yes, or, if the cart is now empty,
    that is said. ``lead``: said first (why the cart was not changed as asked)."""
    speech = turn.speech
    said: list[str] = [lead] if lead else []
    if removed:
        said.append(speech.say("cart_removed", product=speech.join([p.name for p in removed])))
    cart = turn.services.shopping.cart(turn.shopper_id) if checkout else None
    if cart is not None and not cart.is_empty:
        turn.lead = " ".join(said)  # what was removed; the read-back says every count
        items = [Item(product_id=line.product_id, quantity=line.quantity) for line in cart.lines]
        return propose_order(turn, items, from_cart=True)
    if cart is not None:
        said.append(speech.say("cart_now_empty"))
    if len(left) == 1:
        line, count = left[0]
        said.append(speech.say("cart_updated", amount=speech.count_of(count, line.unit, line.name)))
    elif left:
        lines = speech.join([speech.count_of(count, line.unit, line.name) for line, count in left])
        said.append(speech.say("cart_updated_many", lines=lines))
    if len(left) == 1 and not removed:
        turn.state.cart_product_id = left[0][0].id
    return turn.ask(" ".join(said), speech.say("anything_else"))


class RemoveFromCartHandler(_CartLineHandler):
    """"remove milk", "remove it" (the line just added), "remove one milk" (one fewer); "remove the second
    one" while asked which cart line."""

    answers_pending = True  # reads the line just touched, then forgets any pending question itself

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "RemoveFromCartIntent")

    def respond(self, turn: Turn) -> Response:
        state = turn.state
        said = turn.slot("Product").value or ""
        if said and picks_cart_line(turn, said):
            pending = state.cart_change
            fewer = pending.quantity if pending is not None and pending.action == "remove" else None
            return answer_cart_line(turn, said, CartChange(action="remove", quantity=fewer))
        touched, checkout = self.line_meant(turn)  # at the check-out, it is read back again after the removal
        prompt_after(state)
        state.clear_pending()
        fewer = find_product(turn, turn.slot("Product")).quantity
        line = self.cart_line(turn, touched, CartChange(action="remove", quantity=fewer, checkout=checkout))
        if not isinstance(line, Product):
            return line
        return remove_from_lines(turn, [line], fewer, checkout=checkout)


class ChangeQuantityHandler(_CartLineHandler):
    """"change milk to 3" in the cart; "make it two" about the one product being proposed or offered
    (an order read back, a suggestion, a price, a running-low prompt), which is proposed again with
    that count and still needs its yes, or else about the cart line just added or changed; "change the
    first one to 3" while asked which cart line."""

    answers_pending = True
    which_key = "cart_which_change"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "ChangeQuantityIntent")

    def respond(self, turn: Turn) -> Response:
        speech, state = turn.speech, turn.state
        quantity = spoken_quantity(turn.slot("Quantity"))
        said = turn.slot("Product").value or ""
        # "make it three bottles" names no product: it is about the one proposed, as "make it three" is.
        proposed = None if names_a_product(said) else proposed_product(state)
        if proposed is None and quantity is not None and (refused := refuse_cart_count(turn, quantity)):
            return refused
        if said and quantity is not None and picks_cart_line(turn, said):
            return answer_cart_line(turn, said, CartChange(action="change", quantity=quantity))
        if proposed is not None and quantity is not None:
            product = self.services.catalog.get(proposed.product_id)
            if product is not None:
                return reject_quantity(turn, quantity) or act_on(turn, product, quantity, proposed.action)
        touched, checkout = self.line_meant(turn)
        prompt_after(state)
        state.clear_pending()
        if quantity is None:
            return turn.ask(speech.say("how_many"), speech.say("how_many"))
        line = self.cart_line(turn, touched, CartChange(action="change", quantity=quantity, checkout=checkout))
        if not isinstance(line, Product):
            return line
        return change_lines(turn, [line], quantity, checkout=checkout)


class ReadCartHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "ReadCartIntent")

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        cart = self.services.shopping.cart_quote(turn.shopper_id)
        if cart is None:
            return turn.ask(speech.say("cart_empty"), speech.say("reprompt_main"))
        return turn.ask(describe_cart(turn, cart), speech.say("anything_else"))


class CheckoutHandler(Handler):
    """One confirmation for the whole cart; what is ordered leaves the cart in the same write as the order. Lines
    out of stock are named and stay in the cart, and the rest is read back for its yes."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "CheckoutIntent")

    def respond(self, turn: Turn) -> Response:
        cart, gone = self.services.shopping.cart_still_sold(turn.shopper_id)  # those no longer sold: taken out
        turn.lead = said_gone(turn, gone)
        if cart.is_empty:
            empty = "cart_now_empty" if gone else "cart_empty"
            return turn.ask(turn.speech.say(empty), turn.speech.say("reprompt_main"))
        items = [Item(product_id=line.product_id, quantity=line.quantity) for line in cart.lines]
        return propose_order(turn, items, from_cart=True)


class EmptyCartHandler(Handler):
    """"Empty my cart": asked first ("Empty your cart of three items?"); a yes empties it (:func:`empty_cart`),
    a no keeps it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent(handler_input, "EmptyCartIntent")

    def respond(self, turn: Turn) -> Response:
        speech = turn.speech
        cart = self.services.shopping.cart(turn.shopper_id)
        if cart.is_empty:
            return turn.ask(speech.say("cart_empty"), speech.say("reprompt_main"))
        items = sum(line.quantity for line in cart.lines)
        turn.state.awaiting = Awaiting.EMPTY_CART_CONFIRMATION
        if items == 1:
            asked = speech.say("confirm_empty_cart_one")
        else:
            asked = speech.say("confirm_empty_cart", count=speech.count(items, "item"))  # "three": a number alone
        return turn.ask(asked, speech.say("confirm_empty_cart_reprompt"))


def empty_cart(turn: Turn) -> Response:
    """The yes to "Empty your cart of three items?"."""
    turn.services.shopping.empty_cart(turn.shopper_id)
    turn.state.clear_pending()
    return turn.ask(turn.speech.say("cart_emptied"), turn.speech.say("anything_else"))
